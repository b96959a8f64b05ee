import { f, messageSchema, type InferMessage } from '../../schema';

/** `changed` replaces the values of `fields` and deletes the `cleared` field names. */
export const changedSchema = messageSchema('changed', {
  collection: f.string,
  id: f.string,
  fields: f.optional(f.ejsonObject),
  cleared: f.optional(f.stringArray),
});
export type ChangedMessage = InferMessage<'changed', typeof changedSchema.shape>;
