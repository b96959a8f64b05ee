/** @perseid/ddp-client (browser): the same surface as index.ts over the page's WebSocket. */
import { Reload } from '@perseid/reload';
import { getDefaultConnection } from './ddp';
import { setDefaultTransport } from './default-transport';
import { WebSocketTransport, type WebSocketConstructor } from './websocket-transport';

setDefaultTransport(() => new WebSocketTransport(globalThis.WebSocket as unknown as WebSocketConstructor));

// A hot code push reload waits until no method call of the page waits for its result (as
// Meteor's connection does), so a message being sent during a deploy is neither lost nor sent twice.
Reload._onMigrate((retry) => {
  let connection: ReturnType<typeof getDefaultConnection>;
  try {
    connection = getDefaultConnection();
  } catch {
    return [true]; // A page without a DDP server has no calls to lose.
  }
  if (connection._readyToMigrate()) return [true];
  connection._whenMethodsSettled(retry);
  return [false];
});

export * from './public-api';
