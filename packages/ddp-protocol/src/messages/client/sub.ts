import { f, messageSchema, type InferMessage } from '../../schema';

/** `sub` asks for the documents of publication `name`; `id` is chosen by the client. */
export const subSchema = messageSchema('sub', {
  id: f.string,
  name: f.string,
  params: f.optional(f.ejsonArray),
});
export type SubMessage = InferMessage<'sub', typeof subSchema.shape>;
