import { f, messageSchema, type InferMessage } from '../../schema';

/** Protocol `error`: the peer sent something malformed; `offendingMessage` if it parsed. */
export const errorSchema = messageSchema('error', {
  reason: f.string,
  offendingMessage: f.optional(f.json),
});
export type ErrorMessage = InferMessage<'error', typeof errorSchema.shape>;
