/**
 * The durable outbox against the real DDP server over real WebSockets: a "reload" is a new
 * Connection (the old one closed) sharing the outbox's storage, as a page reload shares IndexedDB.
 */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server, type MethodInvocation, type Subscription } from '@perseid/ddp-server';
import { MeteorError } from '@perseid/meteor-core';
import type { ClientMethodInvocation } from '../src/client-method-invocation';
import { Connection } from '../src/connection';
import { DurableOutbox, type OutboxFailure } from '../src/durable-outbox';
import { memoryOutboxStorage, type OutboxRecord, type OutboxStorage } from '../src/outbox-storage';
import { WebSocketTransport, type WebSocketConstructor } from '../src/websocket-transport';
import { FakeStore } from './fake-store';

type Doc = { text: string; by: string };

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

describe('DurableOutbox against @perseid/ddp-server', function () {
  this.timeout(20_000);
  const docs = new Map<string, Doc>();
  const subs = new Set<Subscription>();
  let runs: string[];
  let held: Array<() => void>;
  let gate: Promise<void>;
  let http: HttpServer;
  let server: Server;
  let stream: { close(): Promise<void> };
  let port: number;
  const open: Connection[] = [];

  beforeEach(async () => {
    docs.clear();
    runs = [];
    held = [];
    gate = Promise.resolve();
    server = new Server({ log: () => {} });
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
        if (text === 'forbidden') throw new MeteorError('messages.notMember', 'You are no longer a member');
        const id = this.randomStream('/collection/messages').id();
        await gate;
        docs.set(id, { text, by: 'server' });
        for (const sub of subs) sub.added('messages', id, { text, by: 'server' });
        return id;
      },
      /** As post, but the other connections' subscriptions get the document only at deliverHeld. */
      postHeld(this: MethodInvocation, text: string) {
        runs.push(text);
        const id = this.randomStream('/collection/messages').id();
        docs.set(id, { text, by: 'server' });
        for (const sub of subs) {
          if (sub.connection?.id === this.connection?.id) sub.added('messages', id, { text, by: 'server' });
          else held.push(() => sub.added('messages', id, { text, by: 'server' }));
        }
        return id;
      },
      deliverHeld() {
        for (const deliver of held.splice(0)) deliver();
      },
    });
    http = createServer((_req, res) => res.end());
    stream = server.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const connection of open.splice(0)) connection.close();
    await server.close();
    await stream.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  /** A page load: a connection (to the server, or to a port nobody listens on), a store, the stub. */
  function page(target: number = port): { connection: Connection; store: FakeStore } {
    const connection = new Connection(`http://127.0.0.1:${target}`, {
      transport: new WebSocketTransport(WebSocket as unknown as WebSocketConstructor),
      log: () => {},
      retry: { baseTimeout: 20, maxTimeout: 50, minCount: 2 },
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
      postHeld(this: ClientMethodInvocation, text: string) {
        const id = this.randomStream('/collection/messages').id();
        store.write(id, { text, by: 'stub' });
        return id;
      },
    });
    void connection.applyAsync('login', ['u1'], { wait: true }).catch(() => {});
    connection.subscribe('messages');
    return { connection, store };
  }

  async function unreachablePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const free = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return free;
  }

  it('keeps calls made offline across a reload, shows their stubs again, and delivers each once in order', async () => {
    const storage = memoryOutboxStorage();
    const offline = page(await unreachablePort());
    const outbox = await DurableOutbox.open({ connection: offline.connection, storage, methods: ['post'] });
    const ids = [];
    for (const text of ['one', 'two', 'three']) ids.push(await offline.connection.callAsync('post', text).stubPromise);
    assert.equal(outbox.pendingCount(), 3);
    await waitFor(() => true, 'writes');
    assert.equal((await storage.load()).length, 3);
    offline.connection.close();

    // Reload, still offline: the stubs' documents are back under the same ids.
    const reloaded = page(await unreachablePort());
    await DurableOutbox.open({ connection: reloaded.connection, storage, methods: ['post'] });
    await waitFor(() => reloaded.store.docs.size === 3, 'the stubs re-applied');
    assert.deepEqual([...reloaded.store.docs.keys()].sort(), [...(ids as string[])].sort());
    reloaded.connection.close();

    // Reload online: replayed in order, once.
    const online = page();
    const last = await DurableOutbox.open({ connection: online.connection, storage, methods: ['post'] });
    await waitFor(() => runs.length === 3 && last.pendingCount() === 0, 'the replays answered');
    assert.deepEqual(runs, ['one', 'two', 'three']);
    assert.deepEqual([...docs.keys()].sort(), [...(ids as string[])].sort());
    await waitFor(() => [...online.store.docs.values()].every((doc) => doc.by === 'server'), 'the server versions');
    assert.deepEqual(await storage.load(), []);
  });

  it('a call the server ran but whose answer the page never saw is not run again after the reload', async () => {
    const storage = memoryOutboxStorage();
    const first = page();
    await DurableOutbox.open({ connection: first.connection, storage, methods: ['post'] });
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    const id = await first.connection.callAsync('post', 'in flight').stubPromise;
    await waitFor(() => runs.length === 1, 'the server to start the call');
    first.connection.close(); // the page goes away before the answer
    release();

    const second = page();
    const outbox = await DurableOutbox.open({ connection: second.connection, storage, methods: ['post'] });
    await waitFor(() => outbox.pendingCount() === 0, 'the replay answered');
    assert.deepEqual(runs, ['in flight'], 'the server answered the replay from its log');
    await waitFor(() => second.store.docs.get(id as string)?.by === 'server', 'the server document');
    assert.equal(second.store.docs.size, 1);
  });

  it('a queued call the server refuses is rolled back and reported once; the others are delivered', async () => {
    const storage = memoryOutboxStorage();
    const offline = page(await unreachablePort());
    await DurableOutbox.open({ connection: offline.connection, storage, methods: ['post'] });
    for (const text of ['before', 'forbidden', 'after']) await offline.connection.callAsync('post', text).stubPromise;
    offline.connection.close();

    const reported: OutboxFailure[] = [];
    const online = page();
    const outbox = await DurableOutbox.open({ connection: online.connection, storage, methods: ['post'], onFailure: (f) => reported.push(f) });
    await waitFor(() => outbox.pendingCount() === 0, 'every replay answered');
    assert.deepEqual(runs, ['before', 'forbidden', 'after']);
    assert.equal(reported.length, 1);
    assert.deepEqual(reported[0]?.params, ['forbidden']);
    assert.ok(reported[0]?.error instanceof MeteorError && reported[0].error.error === 'messages.notMember');
    assert.deepEqual(outbox.failures(), reported);
    await waitFor(() => online.store.docs.size === 2, 'the refused stub rolled back');
    assert.deepEqual([...online.store.docs.values()].map((d) => d.text).sort(), ['after', 'before']);
    assert.deepEqual(await storage.load(), [], 'never retried');
  });

  it('gives up on a call no page load got an answer for, instead of replaying it forever', async () => {
    const storage = memoryOutboxStorage();
    await storage.put({ seq: 1, randomSeed: 'stuck', method: 'post', params: '["stuck"]', attempts: 5 });
    const online = page();
    const outbox = await DurableOutbox.open({ connection: online.connection, storage, methods: ['post'], maxAttempts: 5 });
    assert.equal(outbox.failures().length, 1);
    assert.equal((outbox.failures()[0]?.error as MeteorError | undefined)?.error, 'ddp.outbox-gave-up');
    await online.connection.callAsync('post', 'fresh');
    assert.deepEqual(runs, ['fresh']);
  });

  it('storage that fails (quota, corruption) costs durability only: calls go out, the app is warned', async () => {
    const broken: OutboxStorage = {
      load: () => Promise.reject(new Error('corrupted')),
      put: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')),
      delete: () => Promise.reject(new Error('corrupted')),
      clear: () => Promise.reject(new Error('corrupted')),
    };
    const warnings: string[] = [];
    const online = page();
    await DurableOutbox.open({ connection: online.connection, storage: broken, methods: ['post'], log: (m) => warnings.push(m) });
    await online.connection.callAsync('post', 'still sent');
    assert.deepEqual(runs, ['still sent']);
    assert.ok(warnings.some((w) => w.includes('could not read')));
    await waitFor(() => warnings.some((w) => w.includes('could not write')), 'the write warning');
  });

  it('wipe() forgets kept calls and stops keeping new ones (logout)', async () => {
    const storage = memoryOutboxStorage();
    const offline = page(await unreachablePort());
    const outbox = await DurableOutbox.open({ connection: offline.connection, storage, methods: ['post'] });
    await offline.connection.callAsync('post', 'private').stubPromise;
    await outbox.wipe();
    await offline.connection.callAsync('post', 'after logout').stubPromise;
    await waitFor(() => true, 'writes');
    assert.deepEqual(await storage.load(), []);
    assert.equal(outbox.pendingCount(), 0);
  });

  it('simulate(): a call another tab makes shows here as pending, is not sent, and gives way to the server version on release', async () => {
    const here = page();
    const there = page();
    await waitFor(() => here.connection.status().connected && there.connection.status().connected, 'both connected');
    const seed = 'another-tabs-seed';
    const shown = await here.connection.simulate('post', ['from the other tab'], seed);
    const [id] = [...here.store.docs.keys()];
    assert.ok(id !== undefined, 'the stub wrote here');
    assert.deepEqual(here.store.docs.get(id), { text: 'from the other tab', by: 'stub' });
    assert.equal(here.connection.hasPendingWrites('messages', id), true);
    await here.connection.callAsync('login', 'u1');
    assert.deepEqual(runs, [], 'nothing was sent from here');

    // The other tab sends it; this tab keeps its guess until it hears the answer.
    await there.connection.applyAsync('post', ['from the other tab'], { randomSeed: seed });
    await waitFor(() => there.store.docs.get(id)?.['by'] === 'server', 'the server version in the sending tab');
    await here.connection.callAsync('login', 'u1');
    assert.deepEqual(here.store.docs.get(id), { text: 'from the other tab', by: 'stub' });
    shown.release();
    await waitFor(() => here.store.docs.get(id)?.['by'] === 'server', 'the server version here');
    assert.equal(here.connection.hasPendingWrites('messages', id), false);
    assert.deepEqual(runs, ['from the other tab']);
  });

  /** Every state of document `id` the store showed after a batch: its author ('stub' or 'server', absent) and whether it was pending. */
  function watch(shown: { connection: Connection; store: FakeStore }, id: () => string | undefined): string[] {
    const frames: string[] = [];
    const endUpdate = shown.store.endUpdate.bind(shown.store);
    shown.store.endUpdate = () => {
      endUpdate();
      const watched = id();
      if (watched === undefined) return;
      const by = shown.store.docs.get(watched)?.['by'] ?? 'absent';
      frames.push(`${String(by)}${shown.connection.hasPendingWrites('messages', watched) ? ' pending' : ''}`);
    };
    return frames;
  }

  it('simulate() then send(): the shown call is sent without running its stub again, pending from the showing to the answer, run once', async () => {
    const here = page();
    await waitFor(() => here.connection.status().connected, 'connected');
    let id: string | undefined;
    const frames = watch(here, () => id);
    const shown = await here.connection.simulate('post', ['taken over'], 'taken-over-seed');
    [id] = [...here.store.docs.keys()];
    assert.ok(id !== undefined && here.connection.hasPendingWrites('messages', id));
    const writes = here.store.batches.length;
    await shown.send();
    assert.equal(here.store.docs.get(id)?.['by'], 'server');
    assert.equal(here.connection.hasPendingWrites('messages', id), false);
    assert.deepEqual(runs, ['taken over']);
    assert.ok(here.store.batches.length > writes);
    // From the showing to the answer the stub's version stays, pending; then the server's.
    assert.deepEqual(
      [...new Set(frames)].filter((frame) => frame !== 'stub pending'),
      ['server'],
      frames.join(', '),
    );
    await assert.rejects(shown.send(), (error: MeteorError) => error.error === 'ddp.shown-call-ended');
  });

  it('simulate() then answered(): a created document stays as shown until this connection receives it, never absent', async () => {
    const here = page();
    const there = page();
    await waitFor(() => here.connection.status().connected && there.connection.status().connected, 'both connected');
    const seed = 'answered-elsewhere-seed';
    let id: string | undefined;
    const frames = watch(here, () => id);
    const shown = await here.connection.simulate('postHeld', ['answered there'], seed);
    [id] = [...here.store.docs.keys()];
    assert.ok(id !== undefined);
    await there.connection.applyAsync('postHeld', ['answered there'], { randomSeed: seed });
    shown.answered();
    await here.connection.callAsync('login', 'u1');
    assert.deepEqual(here.store.docs.get(id), { text: 'answered there', by: 'stub' }, 'still shown before its data came');
    assert.equal(here.connection.hasPendingWrites('messages', id), true);
    await here.connection.callAsync('deliverHeld');
    await waitFor(() => here.store.docs.get(id as string)?.['by'] === 'server', 'the server copy here');
    assert.equal(here.connection.hasPendingWrites('messages', id), false);
    assert.deepEqual(
      [...new Set(frames)].filter((frame) => frame !== 'stub pending'),
      ['server'],
      frames.join(', '),
    );
    assert.deepEqual(runs, ['answered there']);
  });

  it('records nothing beyond its bound and keeps the params as EJSON', async () => {
    const records: OutboxRecord[] = [];
    const storage = memoryOutboxStorage();
    const offline = page(await unreachablePort());
    await DurableOutbox.open({ connection: offline.connection, storage, methods: ['post'], maxEntries: 2, log: () => {} });
    for (const text of ['a', 'b', 'c']) await offline.connection.callAsync('post', text).stubPromise;
    await new Promise((resolve) => setTimeout(resolve, 10));
    records.push(...(await storage.load()));
    assert.deepEqual(records.map((r) => r.params).sort(), ['["a"]', '["b"]']);
  });
});
