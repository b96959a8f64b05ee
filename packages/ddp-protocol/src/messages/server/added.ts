import { f, messageSchema, type InferMessage } from '../../schema';

/** `added` puts a document into the client's merged view of `collection`. */
export const addedSchema = messageSchema('added', {
  collection: f.string,
  id: f.string,
  fields: f.optional(f.ejsonObject),
});
export type AddedMessage = InferMessage<'added', typeof addedSchema.shape>;
