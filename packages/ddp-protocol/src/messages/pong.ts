import { f, messageSchema, type InferMessage } from '../schema';

/** `pong` (either direction): the answer to a `ping`, echoing its `id`. */
export const pongSchema = messageSchema('pong', { id: f.optional(f.string) });
export type PongMessage = InferMessage<'pong', typeof pongSchema.shape>;
