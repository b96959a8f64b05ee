/** @perseid/ddp-client (browser): the same surface as index.ts over the page's WebSocket. */
import { setDefaultTransport } from './default-transport';
import { WebSocketTransport, type WebSocketConstructor } from './websocket-transport';

setDefaultTransport(() => new WebSocketTransport(globalThis.WebSocket as unknown as WebSocketConstructor));

export * from './public-api';
