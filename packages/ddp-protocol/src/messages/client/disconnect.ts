import { messageSchema, type InferMessage } from '../../schema';

/**
 * `disconnect` (Meteor 3.5): the client is closing deliberately, so the server ends the session
 * at once instead of holding it for the resumption grace period.
 */
export const disconnectSchema = messageSchema('disconnect', {});
export type DisconnectMessage = InferMessage<'disconnect', typeof disconnectSchema.shape>;
