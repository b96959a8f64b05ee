import { f, messageSchema, type InferMessage } from '../../schema';

/** `unsub` stops the subscription the client opened with the same `id`. */
export const unsubSchema = messageSchema('unsub', { id: f.string });
export type UnsubMessage = InferMessage<'unsub', typeof unsubSchema.shape>;
