import { f, messageSchema, type InferMessage } from '../../schema';

/** `updated`: every write of these methods is reflected in data messages already sent. */
export const updatedSchema = messageSchema('updated', { methods: f.stringArray });
export type UpdatedMessage = InferMessage<'updated', typeof updatedSchema.shape>;
