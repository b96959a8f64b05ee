import { f, messageSchema, type InferMessage } from '../../schema';

/**
 * `connected` accepts the proposed version. When a resumption succeeded, `session` is the id
 * the client asked to resume; any other id means a fresh session.
 */
export const connectedSchema = messageSchema('connected', { session: f.string });
export type ConnectedMessage = InferMessage<'connected', typeof connectedSchema.shape>;
