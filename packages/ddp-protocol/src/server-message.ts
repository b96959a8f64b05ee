import { pingSchema, type PingMessage } from './messages/ping';
import { pongSchema, type PongMessage } from './messages/pong';
import { addedBeforeSchema, type AddedBeforeMessage } from './messages/server/added-before';
import { addedSchema, type AddedMessage } from './messages/server/added';
import { changedSchema, type ChangedMessage } from './messages/server/changed';
import { connectedSchema, type ConnectedMessage } from './messages/server/connected';
import { errorSchema, type ErrorMessage } from './messages/server/error';
import { failedSchema, type FailedMessage } from './messages/server/failed';
import { movedBeforeSchema, type MovedBeforeMessage } from './messages/server/moved-before';
import { nosubSchema, type NosubMessage } from './messages/server/nosub';
import { readySchema, type ReadyMessage } from './messages/server/ready';
import { removedSchema, type RemovedMessage } from './messages/server/removed';
import { resultSchema, type ResultMessage } from './messages/server/result';
import { updatedSchema, type UpdatedMessage } from './messages/server/updated';

/** Every message a DDP server may send, keyed on `msg`. */
export type ServerMessage =
  | ConnectedMessage
  | FailedMessage
  | PingMessage
  | PongMessage
  | AddedMessage
  | ChangedMessage
  | RemovedMessage
  | AddedBeforeMessage
  | MovedBeforeMessage
  | ReadyMessage
  | NosubMessage
  | ResultMessage
  | UpdatedMessage
  | ErrorMessage;

/** The data messages (`added`…`movedBefore`) that change a client's collections. */
export type DataMessage = AddedMessage | ChangedMessage | RemovedMessage | AddedBeforeMessage | MovedBeforeMessage;

/** The schemas of server→client messages, by `msg`. */
export const serverMessageSchemas = {
  connected: connectedSchema,
  failed: failedSchema,
  ping: pingSchema,
  pong: pongSchema,
  added: addedSchema,
  changed: changedSchema,
  removed: removedSchema,
  addedBefore: addedBeforeSchema,
  movedBefore: movedBeforeSchema,
  ready: readySchema,
  nosub: nosubSchema,
  result: resultSchema,
  updated: updatedSchema,
  error: errorSchema,
} as const;
