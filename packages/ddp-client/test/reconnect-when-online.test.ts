/** reconnectWhenOnline against the real DDP server: the browser's `online` event cuts the back-off short. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server } from '@perseid/ddp-server';
import { Connection } from '../src/connection';
import { reconnectWhenOnline } from '../src/reconnect-when-online';
import { WebSocketTransport, type WebSocketConstructor } from '../src/websocket-transport';

function waitFor(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (condition()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('reconnectWhenOnline', function () {
  this.timeout(20_000);

  it('a connection in a long back-off connects as soon as the network is said to be back', async () => {
    const http = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    await new Promise<void>((resolve) => http.close(() => resolve()));

    const connection = new Connection(`http://127.0.0.1:${port}`, {
      transport: new WebSocketTransport(WebSocket as unknown as WebSocketConstructor),
      log: () => {},
      // The next attempt would be a minute away.
      retry: { baseTimeout: 60_000, maxTimeout: 60_000, minCount: 0, minTimeout: 60_000 },
    });
    const network = new EventTarget();
    const stop = reconnectWhenOnline(connection, network);
    await waitFor(() => connection.status().status === 'waiting', 'the back-off');

    const server = new Server({ log: () => {} });
    const back = createServer((_req, res) => res.end());
    const stream = server.attach(back);
    await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', resolve));
    try {
      network.dispatchEvent(new Event('online'));
      await waitFor(() => connection.status().connected, 'the connection', 3000);
      assert.equal(connection.status().status, 'connected');
    } finally {
      stop();
      connection.close();
      await server.close();
      await stream.close();
      back.closeAllConnections();
      await new Promise<void>((resolve) => back.close(() => resolve()));
    }
  });
});
