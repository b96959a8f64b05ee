import { f, messageSchema, type InferMessage } from '../../schema';

/** `ready` lists subscriptions that have sent their initial batch of data. */
export const readySchema = messageSchema('ready', { subs: f.stringArray });
export type ReadyMessage = InferMessage<'ready', typeof readySchema.shape>;
