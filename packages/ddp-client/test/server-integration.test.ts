/**
 * The DDP client against our real DDP server (@perseid/ddp-server) over real WebSockets:
 * latency compensation, rejection rollback, resumption after a dropped socket and a new
 * session after a server restart.
 */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server, type Subscription } from '@perseid/ddp-server';
import { MeteorError } from '@perseid/meteor-core';
import { Connection } from '../src/connection';
import type { Transport, TransportSocket } from '../src/transport';
import { WebSocketTransport, type WebSocketConstructor } from '../src/websocket-transport';
import { FakeStore } from './fake-store';
import { eventually } from '../../../tests/helpers/eventually';

type Doc = { text: string; by: string };

/** A server "database" plus a publication that streams it, surviving server restarts. */
class MessagesBackend {
  readonly docs = new Map<string, Doc>();
  readonly subs = new Set<Subscription>();
  gate: Promise<void> = Promise.resolve();
  /** How many times the server ran `post` (a re-sent method would run twice). */
  posts = 0;

  insert(id: string, doc: Doc): void {
    this.docs.set(id, doc);
    for (const sub of this.subs) sub.added('messages', id, { ...doc });
  }

  install(server: Server): void {
    const backend = this;
    server.publish('messages', function (this: Subscription) {
      backend.subs.add(this);
      this.onStop(() => void backend.subs.delete(this));
      for (const [id, doc] of backend.docs) this.added('messages', id, { ...doc });
      this.ready();
    });
    server.methods({
      async post(this: { randomStream(name: string): { id(): string } }, text: string) {
        backend.posts += 1;
        const id = this.randomStream('/collection/messages').id();
        await backend.gate;
        backend.insert(id, { text, by: 'server' });
        return id;
      },
      async deny() {
        throw new MeteorError('messages.denied', 'Not allowed');
      },
    });
  }
}

interface Running {
  server: Server;
  http: HttpServer;
  port: number;
  close(): Promise<void>;
}

async function startServer(backend: MessagesBackend, port = 0): Promise<Running> {
  const server = new Server({ log: () => {} });
  backend.install(server);
  const http = createServer((_req, res) => res.end());
  const stream = server.attach(http);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    server,
    http,
    port: (http.address() as AddressInfo).port,
    async close() {
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The real WebSocket transport, remembering the open socket so a test can cut it. */
class CuttableTransport implements Transport {
  readonly #inner = new WebSocketTransport(WebSocket as unknown as WebSocketConstructor);
  current: TransportSocket | undefined;
  open(url: string, handlers: Parameters<Transport['open']>[1]): TransportSocket {
    this.current = this.#inner.open(url, handlers);
    return this.current;
  }
}

describe('Connection against @perseid/ddp-server', () => {
  let backend: MessagesBackend;
  let running: Running;
  let connection: Connection;
  let transport: CuttableTransport;
  let store: FakeStore;

  beforeEach(async () => {
    backend = new MessagesBackend();
    running = await startServer(backend);
    transport = new CuttableTransport();
    connection = new Connection(`http://127.0.0.1:${running.port}`, {
      transport,
      log: () => {},
      retry: { baseTimeout: 20, maxTimeout: 50, minCount: 2 },
    });
    store = new FakeStore();
    connection.registerStoreClient('messages', store);
    connection.methods({
      post(this: { randomStream(name: string): { id(): string } }, text: string) {
        const id = this.randomStream('/collection/messages').id();
        store.write(id, { text, by: 'stub' });
        return id;
      },
      deny() {
        store.write('denied-doc', { text: 'should vanish', by: 'stub' });
      },
    });
  });

  afterEach(async () => {
    connection.close();
    await running.close();
  });

  async function subscribeReady(): Promise<void> {
    await new Promise<void>((resolve, reject) => connection.subscribe('messages', { onReady: resolve, onStop: reject }));
  }

  it('shows the optimistic document before the result, then the server version under the same id', async () => {
    await subscribeReady();
    let release!: () => void;
    backend.gate = new Promise((resolve) => (release = resolve));
    const call = connection.callAsync('post', 'hello');
    const stubId = (await call.stubPromise) as string;
    assert.deepEqual(store.snapshot(), { [stubId]: { text: 'hello', by: 'stub' } }, 'visible before the server answered');
    release();
    const serverId = await call;
    assert.equal(serverId, stubId, 'randomSeed made the server generate the same _id');
    assert.deepEqual(store.snapshot(), { [stubId]: { text: 'hello', by: 'server' } });
  });

  it('is ready to migrate (a hot code push reload) only when no method call waits for its result', async () => {
    await subscribeReady();
    assert.equal(connection._readyToMigrate(), true);
    let release!: () => void;
    backend.gate = new Promise((resolve) => (release = resolve));
    const call = connection.callAsync('post', 'in flight during a deploy');
    await call.stubPromise;
    assert.equal(connection._readyToMigrate(), false, 'a reload now would lose the call');
    let settled = false;
    connection._whenMethodsSettled(() => void (settled = true));
    assert.equal(settled, false);
    release();
    await call;
    await eventually('the settled callback', () => settled);
    assert.equal(connection._readyToMigrate(), true);
  });

  it('rolls back the stub write when the server rejects the method', async () => {
    await subscribeReady();
    const call = connection.callAsync('deny');
    await call.stubPromise;
    assert.ok(store.docs.has('denied-doc'));
    await assert.rejects(call, (e: unknown) => e instanceof MeteorError && e.error === 'messages.denied');
    assert.deepEqual(store.snapshot(), {});
  });

  it('resumes the session after a dropped socket: data sent meanwhile arrives once, nothing resets', async () => {
    backend.insert('a', { text: 'first', by: 'server' });
    await subscribeReady();
    const session = connection.sessionId;
    transport.current?.close();
    backend.insert('b', { text: 'while away', by: 'server' });
    await eventually('resumed data', () => connection.status().connected && store.docs.has('b'));
    assert.equal(connection.sessionId, session, 'same session');
    assert.ok(
      store.batches.every((b) => !b.reset),
      'stores never reset',
    );
    assert.deepEqual(Object.keys(store.snapshot()), ['a', 'b']);
  });

  it('a method in flight when the socket drops is answered after resumption, and runs once', async () => {
    await subscribeReady();
    let release!: () => void;
    backend.gate = new Promise((resolve) => (release = resolve));
    const call = connection.callAsync('post', 'during a blip');
    const id = (await call.stubPromise) as string;
    await eventually('the server to start the method', () => backend.posts === 1);
    transport.current?.close();
    release();
    assert.equal(await call, id);
    assert.equal(backend.posts, 1, 'not re-sent: the resumed session replayed its result');
    assert.deepEqual(store.snapshot(), { [id]: { text: 'during a blip', by: 'server' } });
  });

  it('a method in flight during a server restart is sent again on the new session', async () => {
    await subscribeReady();
    backend.gate = new Promise(() => {});
    const call = connection.callAsync('post', 'survives restart');
    const id = (await call.stubPromise) as string;
    await eventually('the first server to start the method', () => backend.posts === 1);
    const port = running.port;
    await running.close();
    backend.subs.clear();
    backend.gate = Promise.resolve();
    running = await startServer(backend, port);
    assert.equal(await call, id, 'the new server ran it with the same seed, so the same id');
    assert.equal(backend.posts, 2);
    await eventually('the server copy', () => store.docs.get(id)?.by === 'server');
    assert.equal(store.docs.size, 1);
  });

  it('after a server restart resubscribes on a new session with no duplicate and no missing document', async () => {
    backend.insert('a', { text: 'kept', by: 'server' });
    backend.insert('gone', { text: 'deleted while down', by: 'server' });
    await subscribeReady();
    const oldSession = connection.sessionId;
    const port = running.port;
    await running.close();
    backend.subs.clear();
    backend.docs.delete('gone');
    backend.docs.set('new', { text: 'added while down', by: 'server' });
    running = await startServer(backend, port);
    await eventually('new session data', () => connection.sessionId !== oldSession && connection.status().connected && store.docs.has('new'));
    assert.deepEqual(store.snapshot(), {
      a: { text: 'kept', by: 'server' },
      new: { text: 'added while down', by: 'server' },
    });
    const resets = store.batches.filter((b) => b.reset);
    assert.equal(resets.length, 1, 'one reset, applied together with the new data');
    assert.ok((resets[0]?.updates.length ?? 0) >= 2);
  });
});
