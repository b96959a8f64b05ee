import { connectSchema, type ConnectMessage } from './messages/client/connect';
import { disconnectSchema, type DisconnectMessage } from './messages/client/disconnect';
import { methodSchema, type MethodMessage } from './messages/client/method';
import { subSchema, type SubMessage } from './messages/client/sub';
import { unsubSchema, type UnsubMessage } from './messages/client/unsub';
import { pingSchema, type PingMessage } from './messages/ping';
import { pongSchema, type PongMessage } from './messages/pong';

/** Every message a DDP client may send, keyed on `msg`. */
export type ClientMessage = ConnectMessage | DisconnectMessage | PingMessage | PongMessage | SubMessage | UnsubMessage | MethodMessage;

/** The schemas of client→server messages, by `msg`. */
export const clientMessageSchemas = {
  connect: connectSchema,
  disconnect: disconnectSchema,
  ping: pingSchema,
  pong: pongSchema,
  sub: subSchema,
  unsub: unsubSchema,
  method: methodSchema,
} as const;
