import { f, messageSchema, type InferMessage } from '../../schema';

/**
 * `connect` opens a DDP session. `session` + `receivedCount` ask to resume an earlier session
 * (Meteor 3.5, meteor/meteor#14051): `receivedCount` is how many non-heartbeat messages the
 * client received from that session (`connected` included). The server resumes only if it can
 * replay everything after that count; otherwise it answers with a fresh session id.
 */
export const connectSchema = messageSchema('connect', {
  session: f.optional(f.string),
  version: f.string,
  support: f.stringArray,
  receivedCount: f.optional(f.count),
});
export type ConnectMessage = InferMessage<'connect', typeof connectSchema.shape>;
