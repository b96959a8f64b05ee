import { f, messageSchema, type InferMessage } from '../../schema';

/** `nosub` ends a subscription, with `error` if it failed or was not found. */
export const nosubSchema = messageSchema('nosub', { id: f.string, error: f.optional(f.error) });
export type NosubMessage = InferMessage<'nosub', typeof nosubSchema.shape>;
