import { f, messageSchema, type InferMessage } from '../../schema';

/** `movedBefore`: ordered-collection move (specified by DDP.md, unused by Meteor). */
export const movedBeforeSchema = messageSchema('movedBefore', {
  collection: f.string,
  id: f.string,
  before: f.stringOrNull,
});
export type MovedBeforeMessage = InferMessage<'movedBefore', typeof movedBeforeSchema.shape>;
