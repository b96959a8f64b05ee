/**
 * @perseid/ddp-client (Node): DDP connections over `ws`, the default connection and the
 * client Meteor API. See public-api.ts for the surface; index.browser.ts is the same
 * with the page's WebSocket.
 */
import { WebSocket } from 'ws';
import { setDefaultTransport } from './default-transport';
import { WebSocketTransport, type WebSocketConstructor } from './websocket-transport';

// `ws` implements the WHATWG handler properties this transport uses.
setDefaultTransport(() => new WebSocketTransport(WebSocket as unknown as WebSocketConstructor));

export * from './public-api';
