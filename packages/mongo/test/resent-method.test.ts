/**
 * A method re-sent after its server died runs once: two DDP servers (two app processes) on one
 * minimongod, each with its own connection; the call reaches the first, which inserts, and is
 * re-sent with the same randomSeed to the second (what a client does when its socket dropped
 * before the `result`).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server } from '@perseid/ddp-server';
import { RandomStream } from '@perseid/random';
import { Mongo } from '../src/index';
import { startDatabase, uniqueName, type Database } from './fixture';

interface AppServer {
  readonly server: Server;
  call(method: string, params: unknown[], randomSeed: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

async function startAppServer(define: (server: Server) => void): Promise<AppServer> {
  const server = new Server({ log: () => undefined });
  define(server);
  const http = createServer((_req, res) => res.end());
  const stream = server.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`);
  const frames: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const w of waiters) w();
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
  let nextId = 0;
  return {
    server,
    call(method, params, randomSeed) {
      const id = String(++nextId);
      ws.send(JSON.stringify({ msg: 'method', id, method, params, randomSeed }));
      return new Promise((resolve) => {
        const check = (): void => {
          const found = frames.find((f) => f['msg'] === 'result' && f['id'] === id);
          if (found === undefined) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      ws.terminate();
      await server.close();
      await stream.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

describe('a method re-sent to another server with the same randomSeed', function () {
  this.timeout(20_000);
  let db: Database;
  before(async () => {
    db = await startDatabase();
  });
  after(async () => {
    await db.stop();
  });

  it('inserts once and answers the re-sent call with the same id', async () => {
    const name = uniqueName('resent');
    const servers = await Promise.all(
      [0, 1].map(() => {
        const messages = new Mongo.Collection<{ _id: string; text: string }>(name, { _driver: db.driver(), defineMutationMethods: false });
        return startAppServer((server) => server.methods({ send: (text: string) => messages.insertAsync({ text }) }));
      }),
    );
    try {
      const [first, second] = servers as [AppServer, AppServer];
      const seed = 'seed-of-one-call';
      const expected = new RandomStream({ seed }).sequence(`/collection/${name}`).id();
      assert.deepEqual(await first.call('send', ['hello'], seed), { msg: 'result', id: '1', result: expected });
      assert.deepEqual(await second.call('send', ['hello'], seed), { msg: 'result', id: '1', result: expected });
      const reader = new Mongo.Collection<{ _id: string; text: string }>(name, { _driver: db.driver(), defineMutationMethods: false });
      assert.deepEqual(await reader.find().fetchAsync(), [{ _id: expected, text: 'hello' }]);
    } finally {
      for (const s of servers) await s.close();
    }
  });

  it('still refuses a caller-supplied _id that exists, and a server-side insert without a client seed', async () => {
    const name = uniqueName('resent_explicit');
    const messages = new Mongo.Collection<{ _id: string; text: string }>(name, { _driver: db.driver(), defineMutationMethods: false });
    const app = await startAppServer((server) => server.methods({ put: (id: string) => messages.insertAsync({ _id: id, text: 'x' }) }));
    try {
      assert.equal((await app.call('put', ['fixed'], 's1'))['result'], 'fixed');
      const again = await app.call('put', ['fixed'], 's1');
      assert.equal((again['error'] as { error: unknown }).error, 500);
      await messages.insertAsync({ _id: 'plain', text: 'y' });
      await assert.rejects(messages.insertAsync({ _id: 'plain', text: 'y' }), (error: { code?: unknown }) => error.code === 11000);
    } finally {
      await app.close();
    }
  });
});
