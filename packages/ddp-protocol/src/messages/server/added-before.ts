import { f, messageSchema, type InferMessage } from '../../schema';

/** `addedBefore`: ordered-collection `added` (specified by DDP.md, unused by Meteor). */
export const addedBeforeSchema = messageSchema('addedBefore', {
  collection: f.string,
  id: f.string,
  fields: f.optional(f.ejsonObject),
  before: f.stringOrNull,
});
export type AddedBeforeMessage = InferMessage<'addedBefore', typeof addedBeforeSchema.shape>;
