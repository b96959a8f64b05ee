import assert from 'node:assert/strict';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { METHOD_REPLAYS_COLLECTION, MongoMethodReplayStore, RemoteCollectionDriver } from '@perseid/mongo';
import type { MethodInvocation } from '../src/index';
import { RawClient, startTestServer, type Frame, type TestServer } from './helpers';

/**
 * Two app servers behind a balancer, one database: a client whose server died replays its
 * durable outbox on the other server, which must answer from the log kept in the database
 * instead of running the call again.
 */
describe('method replays shared by every app server (MongoDB store)', function () {
  this.timeout(30_000);
  let db: MinimongodHandle;
  const drivers: RemoteCollectionDriver[] = [];
  const servers: TestServer[] = [];
  const clients: RawClient[] = [];
  let runs: string[];
  let release: (() => void) | undefined;

  before(async () => {
    db = await startMinimongod({ port: 0, quiet: true });
  });
  after(async () => {
    for (const driver of drivers.splice(0)) await driver.close();
    await db.stop();
  });
  afterEach(async () => {
    release?.();
    for (const client of clients.splice(0)) await client.close();
    for (const t of servers.splice(0)) await t.close();
  });

  /** An app server with its own connection to the shared database, as a separate process has. */
  const appServer = async (options: { replayWaitMs?: number } = {}): Promise<{ t: TestServer; store: MongoMethodReplayStore }> => {
    const driver = new RemoteCollectionDriver(db.url, { log: () => undefined });
    drivers.push(driver);
    const store = new MongoMethodReplayStore(driver, { log: () => undefined, ...options });
    const t = await startTestServer({ methodReplayStore: store });
    servers.push(t);
    t.server.methods({
      async login(this: MethodInvocation, userId: string) {
        await this.setUserId(userId);
      },
      send(this: MethodInvocation, text: string) {
        runs.push(`${this.userId}:${text}`);
        return { stored: text, n: runs.length };
      },
      async slow(this: MethodInvocation) {
        runs.push('slow');
        await new Promise<void>((resolve) => (release = resolve));
        return 'done';
      },
    });
    return { t, store };
  };
  const open = async (t: TestServer, userId: string | null): Promise<RawClient> => {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    if (userId !== null) await call(client, 'login', 'login', [userId]);
    return client;
  };
  const call = async (client: RawClient, id: string, method: string, params: unknown[], extra: Frame = {}) => {
    client.send({ msg: 'method', id, method, params, ...extra });
    const result = await client.next((frame) => frame['msg'] === 'result' && frame['id'] === id, `result ${id}`);
    await client.next((frame) => frame['msg'] === 'updated' && (frame['methods'] as string[]).includes(id), `updated ${id}`);
    return result;
  };
  const seed = (): string => `seed-${process.pid}-${Date.now()}-${Math.random()}`;

  beforeEach(() => {
    runs = [];
    release = undefined;
  });

  it('answers on server B a call server A answered, without running it again', async () => {
    const a = await appServer();
    const b = await appServer();
    const s = seed();
    const answer = await call(await open(a.t, 'u1'), '7', 'send', ['hello'], { randomSeed: s });
    const replay = await call(await open(b.t, 'u1'), '7', 'send', ['hello'], { randomSeed: s });
    assert.deepEqual(replay, answer);
    assert.deepEqual(runs, ['u1:hello']);
    // Another user with the same seed, and a signed-out caller, are never answered from the log.
    await call(await open(b.t, 'u2'), '7', 'send', ['theirs'], { randomSeed: s });
    await call(await open(a.t, null), '1', 'send', ['anon'], { randomSeed: s });
    await call(await open(b.t, null), '1', 'send', ['anon'], { randomSeed: s });
    assert.deepEqual(runs, ['u1:hello', 'u2:theirs', 'null:anon', 'null:anon']);
    assert.equal(a.store.fallbacks + b.store.fallbacks, 0);
  });

  it('a replay on B while A still runs the call waits for A’s answer', async () => {
    const a = await appServer();
    const b = await appServer();
    const s = seed();
    const first = await open(a.t, 'u1');
    first.send({ msg: 'method', id: '1', method: 'slow', params: [], randomSeed: s });
    while (runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await open(b.t, 'u1');
    second.send({ msg: 'method', id: '1', method: 'slow', params: [], randomSeed: s });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(second.frames.filter((frame) => frame['msg'] === 'result' && frame['id'] === '1').length, 0, 'B waits');
    release?.();
    const original = await first.next((frame) => frame['msg'] === 'result' && frame['id'] === '1');
    const replay = await second.next((frame) => frame['msg'] === 'result' && frame['id'] === '1');
    assert.deepEqual(replay, original);
    assert.equal(replay['result'], 'done');
    assert.deepEqual(runs, ['slow']);
  });

  it('answers ddp.replay-still-running past the wait, never running the call twice', async () => {
    const a = await appServer();
    const b = await appServer({ replayWaitMs: 100 });
    const s = seed();
    const first = await open(a.t, 'u1');
    first.send({ msg: 'method', id: '1', method: 'slow', params: [], randomSeed: s });
    while (runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const replay = await call(await open(b.t, 'u1'), '1', 'slow', [], { randomSeed: s });
    assert.equal((replay['error'] as Frame)['error'], 'ddp.replay-still-running');
    assert.deepEqual(runs, ['slow']);
  });

  it('keeps the log in a collection with a TTL index on expiry', async () => {
    const a = await appServer();
    await call(await open(a.t, 'u1'), '1', 'send', ['x'], { randomSeed: seed() });
    const [driver] = drivers;
    assert.ok(driver !== undefined);
    const indexes = await driver.db.collection(METHOD_REPLAYS_COLLECTION).indexes();
    assert.ok(indexes.some((index) => index.key['expiresAt'] === 1 && index.expireAfterSeconds === 0));
  });

  it('runs the call (untracked, counted) when the database does not answer', async () => {
    const driver = new RemoteCollectionDriver('mongodb://127.0.0.1:9/none?serverSelectionTimeoutMS=200', { log: () => undefined });
    drivers.push(driver);
    const store = new MongoMethodReplayStore(driver, { log: () => undefined, operationTimeoutMs: 300 });
    const t = await startTestServer({ methodReplayStore: store });
    servers.push(t);
    t.server.methods({
      async login(this: MethodInvocation, userId: string) {
        await this.setUserId(userId);
      },
      send(text: string) {
        runs.push(text);
        return text;
      },
    });
    const client = await open(t, 'u1');
    const s = seed();
    assert.equal((await call(client, '1', 'send', ['a'], { randomSeed: s }))['result'], 'a');
    assert.equal((await call(client, '2', 'send', ['a'], { randomSeed: s }))['result'], 'a');
    assert.deepEqual(runs, ['a', 'a']);
    assert.equal(store.fallbacks, 2);
  });
});
