import { f, messageSchema, type InferMessage } from '../schema';

/** `ping` (either direction): the receiver must answer `pong` with the same `id`. */
export const pingSchema = messageSchema('ping', { id: f.optional(f.string) });
export type PingMessage = InferMessage<'ping', typeof pingSchema.shape>;
