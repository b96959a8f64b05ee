/**
 * Two app servers sharing the method replay log in one database (@perseid/mongo's store on
 * minimongod), real WebSockets: a page's call is still running on server A when the page goes
 * away; the reloaded page replays it on server B, which answers `ddp.replay-still-running`. The
 * client keeps the call pending (its stub's document stays), re-sends it, and gets A's answer.
 */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server, type MethodInvocation, type Subscription } from '@perseid/ddp-server';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { MongoMethodReplayStore, RemoteCollectionDriver } from '@perseid/mongo';
import type { ClientMethodInvocation } from '../src/client-method-invocation';
import { Connection } from '../src/connection';
import { DurableOutbox } from '../src/durable-outbox';
import { memoryOutboxStorage } from '../src/outbox-storage';
import type { Transport, TransportSocket } from '../src/transport';
import { WebSocketTransport, type WebSocketConstructor } from '../src/websocket-transport';
import { FakeStore } from './fake-store';
import { eventually } from '../../../tests/helpers/eventually';

type Doc = { text: string; by: string };

/** The real WebSocket transport, keeping every frame the server sent. */
class RecordingTransport implements Transport {
  readonly #inner = new WebSocketTransport(WebSocket as unknown as WebSocketConstructor);
  readonly received: Array<Record<string, unknown>> = [];
  open(url: string, handlers: Parameters<Transport['open']>[1]): TransportSocket {
    return this.#inner.open(url, {
      ...handlers,
      onMessage: (frame) => {
        this.received.push(JSON.parse(frame) as Record<string, unknown>);
        handlers.onMessage(frame);
      },
    });
  }
}

describe('a replay answered ddp.replay-still-running is re-sent, never rolled back', function () {
  this.timeout(30_000);
  let db: MinimongodHandle;
  const drivers: RemoteCollectionDriver[] = [];
  const closers: Array<() => Promise<void>> = [];
  const open: Connection[] = [];
  // One database behind both servers: the messages and who is subscribed to them.
  const docs = new Map<string, Doc>();
  const subs = new Set<Subscription>();
  let runs: string[];
  let release: () => void;
  let gate: Promise<void>;

  before(async () => {
    db = await startMinimongod({ port: 0, quiet: true });
  });
  after(async () => {
    for (const driver of drivers.splice(0)) await driver.close();
    await db.stop();
  });
  beforeEach(() => {
    docs.clear();
    runs = [];
    gate = new Promise((resolve) => (release = resolve));
  });
  afterEach(async () => {
    release();
    for (const connection of open.splice(0)) connection.close();
    for (const close of closers.splice(0)) await close();
  });

  /** An app server with its own connection to the shared database, as a separate process has. */
  async function appServer(replayWaitMs: number): Promise<number> {
    const driver = new RemoteCollectionDriver(db.url, { log: () => undefined });
    drivers.push(driver);
    const store = new MongoMethodReplayStore(driver, { log: () => undefined, replayWaitMs });
    const server = new Server({ log: () => {}, methodReplayStore: store });
    server.publish('messages', function (this: Subscription) {
      subs.add(this);
      this.onStop(() => void subs.delete(this));
      for (const [id, doc] of docs) this.added('messages', id, { ...doc });
      this.ready();
    });
    server.methods({
      async login(this: MethodInvocation, userId: string) {
        await this.setUserId(userId);
      },
      async post(this: MethodInvocation, text: string) {
        runs.push(text);
        const id = this.randomStream('/collection/messages').id();
        await gate;
        docs.set(id, { text, by: 'server' });
        for (const sub of subs) sub.added('messages', id, { text, by: 'server' });
        return id;
      },
    });
    const http: HttpServer = createServer((_req, res) => res.end());
    const stream = server.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      store.stop();
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    return (http.address() as AddressInfo).port;
  }

  /** A page load signed in as u1, subscribed to the messages, with the post stub. */
  function page(port: number): { connection: Connection; store: FakeStore; transport: RecordingTransport } {
    const transport = new RecordingTransport();
    const connection = new Connection(`http://127.0.0.1:${port}`, {
      transport,
      log: () => {},
      retry: { baseTimeout: 20, maxTimeout: 50, minCount: 2 },
      stillRunningRetry: { retry: { minTimeout: 50, baseTimeout: 50, maxTimeout: 200 }, maxRetries: 100 },
    });
    open.push(connection);
    const store = new FakeStore();
    connection.registerStoreClient('messages', store);
    connection.methods({
      post(this: ClientMethodInvocation, text: string) {
        const id = this.randomStream('/collection/messages').id();
        store.write(id, { text, by: 'stub' });
        return id;
      },
    });
    void connection.applyAsync('login', ['u1'], { wait: true }).catch(() => {});
    connection.subscribe('messages');
    return { connection, store, transport };
  }

  const stillRunningAnswers = (transport: RecordingTransport): number =>
    transport.received.filter((frame) => frame['msg'] === 'result' && (frame['error'] as { error?: unknown } | undefined)?.error === 'ddp.replay-still-running')
      .length;

  it('keeps the call pending with its stub shown, re-sends it, and gets the first run’s answer', async () => {
    const portA = await appServer(60_000);
    const portB = await appServer(100);
    const storage = memoryOutboxStorage();

    const first = page(portA);
    await DurableOutbox.open({ connection: first.connection, storage, methods: ['post'] });
    const id = (await first.connection.callAsync('post', 'hello').stubPromise) as string;
    await eventually('server A runs the call', () => runs.length === 1);
    first.connection.close(); // the page goes away; the call is still running on A

    const second = page(portB);
    const outbox = await DurableOutbox.open({ connection: second.connection, storage, methods: ['post'] });
    // Twice: the first answer's `updated` (which would roll the stub back) has come and gone.
    await eventually(
      'B answered still running twice, or the call was reported',
      () => stillRunningAnswers(second.transport) >= 2 || outbox.failures().length > 0,
    );
    assert.deepEqual(outbox.failures(), [], 'not reported as failed');
    assert.equal(outbox.pendingCount(), 1, 'still waiting to send');
    assert.deepEqual(second.store.docs.get(id), { text: 'hello', by: 'stub' }, 'the stub’s message is shown');

    release();
    await eventually('the replay answered', () => outbox.pendingCount() === 0);
    await eventually('the server version shown', () => second.store.docs.get(id)?.['by'] === 'server');
    assert.deepEqual(runs, ['hello'], 'ran once, on A');
    assert.deepEqual(outbox.failures(), []);
    const removals = second.store.batches.flatMap((batch) =>
      batch.updates.filter((u) => u.id === id && (u.msg === 'removed' || (u.msg === 'replace' && u.replace === undefined))),
    );
    assert.deepEqual(removals, [], 'the stub’s message never vanished');
    assert.deepEqual(await storage.load(), []);
  });

  it('reports the call once the re-sends are spent, instead of retrying forever', async () => {
    const portA = await appServer(60_000);
    const portB = await appServer(50);
    const storage = memoryOutboxStorage();
    const first = page(portA);
    await DurableOutbox.open({ connection: first.connection, storage, methods: ['post'] });
    await first.connection.callAsync('post', 'stuck').stubPromise;
    await eventually('server A runs the call', () => runs.length === 1);
    first.connection.close();

    const transport = new RecordingTransport();
    const connection = new Connection(`http://127.0.0.1:${portB}`, {
      transport,
      log: () => {},
      stillRunningRetry: { retry: { minTimeout: 10, baseTimeout: 10, maxTimeout: 20 }, maxRetries: 2 },
    });
    open.push(connection);
    void connection.applyAsync('login', ['u1'], { wait: true }).catch(() => {});
    const outbox = await DurableOutbox.open({ connection, storage, methods: ['post'] });
    await eventually('the failure reported', () => outbox.failures().length === 1);
    const [failure] = outbox.failures();
    assert.equal((failure?.error as { error?: unknown } | undefined)?.error, 'ddp.replay-still-running');
    assert.equal(stillRunningAnswers(transport), 3, 'sent once and re-sent twice');
    assert.deepEqual(runs, ['stuck'], 'never run a second time');
  });
});
