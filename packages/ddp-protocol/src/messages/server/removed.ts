import { f, messageSchema, type InferMessage } from '../../schema';

/** `removed` drops a document from the client's merged view. */
export const removedSchema = messageSchema('removed', { collection: f.string, id: f.string });
export type RemovedMessage = InferMessage<'removed', typeof removedSchema.shape>;
