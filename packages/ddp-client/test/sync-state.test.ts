/** syncState() against the real DDP server: what a person is told, reactively, as the connection lives. */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server } from '@perseid/ddp-server';
import { Tracker } from '@perseid/tracker';
import { Connection } from '../src/connection';
import { syncState, type SyncState } from '../src/sync-state';
import { WebSocketTransport, type WebSocketConstructor } from '../src/websocket-transport';

function waitFor(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (condition()) return resolve();
      if (Date.now() - started > 5000) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('syncState (connected / connecting / offline / waiting-for-server)', function () {
  this.timeout(20_000);
  let server: Server;
  let http: HttpServer;
  let stream: { close(): Promise<void> };
  let connection: Connection;
  let release: () => void = () => {};

  beforeEach(async () => {
    server = new Server({ log: () => {} });
    server.methods({ slow: () => new Promise<void>((resolve) => (release = resolve)) });
    http = createServer((_req, res) => res.end());
    stream = server.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    connection.close();
    await server.close();
    await stream.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it('moves connecting → connected → waiting-for-server → connected → offline, reactively', async () => {
    const seen: SyncState[] = [];
    connection = new Connection(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      transport: new WebSocketTransport(WebSocket as unknown as WebSocketConstructor),
      log: () => {},
      retry: { baseTimeout: 20, maxTimeout: 50, minCount: 0 },
    });
    const computation = Tracker.autorun(() => {
      const state = syncState(connection);
      if (seen[seen.length - 1] !== state) seen.push(state);
    });
    const settle = async (state: SyncState) => {
      await waitFor(() => {
        Tracker.flush();
        return seen[seen.length - 1] === state;
      }, state);
    };
    assert.equal(seen[0], 'connecting');
    await settle('connected');
    const call = connection.callAsync('slow');
    await settle('waiting-for-server');
    release();
    await call;
    await settle('connected');
    await server.close();
    await stream.close();
    http.closeAllConnections();
    await settle('offline');
    computation.stop();
    assert.deepEqual(seen.slice(0, 4), ['connecting', 'connected', 'waiting-for-server', 'connected']);
    assert.equal(seen[seen.length - 1], 'offline');
  });
});
