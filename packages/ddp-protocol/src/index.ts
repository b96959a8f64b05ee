/**
 * @perseid/ddp-protocol — the DDP wire format shared by client and server: one schema and one
 * type per message, the unions keyed on `msg` for each direction, the one parse function per
 * direction that turns socket input into typed messages, and version negotiation.
 */
export type { ClientMessage } from './client-message';
export type { ServerMessage, DataMessage } from './server-message';
export type { ConnectMessage } from './messages/client/connect';
export type { DisconnectMessage } from './messages/client/disconnect';
export type { SubMessage } from './messages/client/sub';
export type { UnsubMessage } from './messages/client/unsub';
export type { MethodMessage } from './messages/client/method';
export type { PingMessage } from './messages/ping';
export type { PongMessage } from './messages/pong';
export type { ConnectedMessage } from './messages/server/connected';
export type { FailedMessage } from './messages/server/failed';
export type { AddedMessage } from './messages/server/added';
export type { ChangedMessage } from './messages/server/changed';
export type { RemovedMessage } from './messages/server/removed';
export type { AddedBeforeMessage } from './messages/server/added-before';
export type { MovedBeforeMessage } from './messages/server/moved-before';
export type { ReadyMessage } from './messages/server/ready';
export type { NosubMessage } from './messages/server/nosub';
export type { ResultMessage } from './messages/server/result';
export type { UpdatedMessage } from './messages/server/updated';
export type { ErrorMessage } from './messages/server/error';
export type { DdpErrorObject } from './schema';
export { parseClientMessage, parseServerMessage, MAX_DDP_DEPTH } from './parse';
export { offendingMessageOf, MAX_ECHOED_FRAME_CHARS } from './offending-message';
export type { ParseResult, ParseFailure, ParseFailureCode } from './parse';
export { stringifyDdp } from './stringify';
export { SUPPORTED_DDP_VERSIONS, DDP_SCHEMA_REVISION, negotiateVersion } from './protocol-version';
export type { DdpVersion, VersionDecision } from './protocol-version';
export { clientMessageSchemas } from './client-message';
export { serverMessageSchemas } from './server-message';
export { idStringify, idParse } from './mongo-id';
