import { f, messageSchema, type InferMessage } from '../../schema';

/** `result` answers a `method` with its return value (EJSON) or an error. */
export const resultSchema = messageSchema('result', {
  id: f.string,
  error: f.optional(f.error),
  result: f.optional(f.ejson),
});
export type ResultMessage = InferMessage<'result', typeof resultSchema.shape>;
