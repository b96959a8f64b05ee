import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { Random, RandomStream } from '@perseid/random';
import { currentWriteFence, randomStream, type MethodInvocation, type Subscription } from '../src/index';
import { msg, RawClient, startTestServer, type Frame, type TestServer } from './helpers';

describe('methods', function () {
  this.timeout(20_000);
  let t: TestServer;
  let client: RawClient;
  beforeEach(async () => {
    t = await startTestServer();
    ({ client } = await RawClient.connect(t.url));
  });
  afterEach(async () => {
    await client.close();
    await t.close();
  });

  const call = async (id: string, method: string, params: unknown[] = [], extra: Frame = {}) => {
    client.send({ msg: 'method', id, method, params, ...extra });
    return client.next((frame) => frame['msg'] === 'result' && frame['id'] === id);
  };
  const updatedFor = (id: string) => (frame: Frame) => frame['msg'] === 'updated' && (frame['methods'] as string[]).includes(id);

  it('returns EJSON results, then updated at once for a method that wrote nothing', async () => {
    t.server.methods({ add: (a: number, b: number) => ({ sum: a + b, at: new Date(3) }) });
    assert.deepEqual(await call('1', 'add', [2, 3]), { msg: 'result', id: '1', result: { sum: 5, at: { $date: 3 } } });
    await client.next(updatedFor('1'));
  });

  it('decodes EJSON params', async () => {
    t.server.methods({ kind: (value: unknown) => (value instanceof Date ? 'date' : typeof value) });
    assert.equal((await call('1', 'kind', [{ $date: 1 }]))['result'], 'date');
  });

  it('answers an unknown method with 404, then updated so the client can settle the call', async () => {
    const result = await call('1', 'nope');
    assert.deepEqual((result['error'] as Frame)['error'], 404);
    assert.equal((result['error'] as Frame)['reason'], "Method 'nope' not found");
    await client.next(updatedFor('1'));
  });

  it('sends Meteor.Errors as they are and anything else as 500, logged with its stack', async () => {
    t.server.methods({
      refuse: () => {
        throw new MeteorError('messages.send.notMember', 'Not a member', { channel: 'c' });
      },
      crash: () => {
        throw new TypeError('undefined is not a function (internal detail)');
      },
    });
    const refused = await call('1', 'refuse');
    assert.deepEqual(refused['error'], {
      error: 'messages.send.notMember',
      errorType: 'Meteor.Error',
      reason: 'Not a member',
      message: 'Not a member [messages.send.notMember]',
      details: { channel: 'c' },
    });
    const crashed = await call('2', 'crash');
    assert.equal((crashed['error'] as Frame)['error'], 500);
    assert.equal((crashed['error'] as Frame)['reason'], 'Internal server error');
    assert.doesNotMatch(JSON.stringify(crashed), /internal detail/);
    assert.ok(t.logged.some((entry) => entry.error instanceof TypeError && String(entry.error.stack).includes('internal detail')));
  });

  it('gives the handler its invocation: userId, connection, isSimulation false, randomSeed', async () => {
    let seen: Record<string, unknown> = {};
    t.server.methods({
      whoami(this: MethodInvocation) {
        seen = { userId: this.userId, connection: this.connection?.id, isSimulation: this.isSimulation, seed: this.randomSeed };
      },
    });
    await call('1', 'whoami', [], { randomSeed: 'abc' });
    assert.deepEqual(seen, { userId: null, connection: [...t.server.sessions.keys()][0], isSimulation: false, seed: 'abc' });
  });

  it('draws ids from the randomSeed exactly as a client stub with the same seed does', async () => {
    t.server.methods({ newIds: () => [randomStream('/collection/tasks').id(), randomStream('/collection/tasks').id()] });
    const seed = Random.hexString(20);
    const stub = new RandomStream({ seed });
    const expected = [stub.sequence('/collection/tasks').id(), stub.sequence('/collection/tasks').id()];
    assert.deepEqual((await call('1', 'newIds', [], { randomSeed: seed }))['result'], expected);
  });

  it('handles messages in order, and unblock lets the next one start', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    t.server.methods({
      slow: async () => {
        order.push('slow:start');
        await new Promise<void>((resolve) => (release = resolve));
        order.push('slow:end');
      },
      slowUnblocked: async function (this: MethodInvocation) {
        this.unblock();
        order.push('unblocked:start');
        await new Promise<void>((resolve) => (release = resolve));
        order.push('unblocked:end');
      },
      fast: () => void order.push('fast'),
    });
    client.send({ msg: 'method', id: '1', method: 'slow', params: [] });
    client.send({ msg: 'method', id: '2', method: 'fast', params: [] });
    client.send({ msg: 'ping', id: 'p' });
    await client.next((frame) => frame['id'] === 'p');
    assert.deepEqual(order, ['slow:start']);
    release();
    await client.next((frame) => frame['msg'] === 'result' && frame['id'] === '2');
    assert.deepEqual(order, ['slow:start', 'slow:end', 'fast']);

    order.length = 0;
    client.send({ msg: 'method', id: '3', method: 'slowUnblocked', params: [] });
    client.send({ msg: 'method', id: '4', method: 'fast', params: [] });
    await client.next((frame) => frame['msg'] === 'result' && frame['id'] === '4');
    assert.deepEqual(order, ['unblocked:start', 'fast']);
    release();
    await client.next((frame) => frame['msg'] === 'result' && frame['id'] === '3');
  });

  it("sends updated only after the data messages of the method's fenced writes", async () => {
    // A stand-in for a collection write: begin a fenced write, let an "observer" publish the
    // document later, and commit the write only once it has.
    const subscribers = new Set<Subscription>();
    t.server.publish('feed', function (this: Subscription) {
      subscribers.add(this);
      this.onStop(() => void subscribers.delete(this));
      this.ready();
    });
    t.server.methods({
      insert(id: string) {
        const write = currentWriteFence.get()?.beginWrite();
        setTimeout(() => {
          for (const sub of subscribers) sub.added('items', id, { text: 'hi' });
          write?.committed();
        }, 5);
        return id;
      },
    });
    client.send({ msg: 'sub', id: 's', name: 'feed' });
    await client.next(msg('ready'));
    await call('m1', 'insert', ['doc1']);
    const updated = await client.next(updatedFor('m1'));
    const order = client.frames.map((frame) => `${frame['msg']}`);
    const addedAt = client.frames.findIndex((frame) => frame['msg'] === 'added' && frame['id'] === 'doc1');
    assert.ok(addedAt >= 0, `added was sent: ${order.join(',')}`);
    assert.ok(addedAt < client.frames.indexOf(updated), `added precedes updated: ${order.join(',')}`);
  });

  it('re-runs subscriptions on setUserId and sends only the difference', async () => {
    t.server.publish('mine', function (this: Subscription) {
      this.added('docs', 'shared', { title: 'public', owner: this.userId ?? 'nobody' });
      if (this.userId === 'u1') this.added('docs', 'private', { title: 'secret' });
      else this.added('docs', 'anon-only', { title: 'welcome' });
      this.ready();
    });
    t.server.methods({
      async login(this: MethodInvocation, userId: string | null) {
        await this.setUserId(userId);
        return this.userId;
      },
    });
    client.send({ msg: 'sub', id: 's', name: 'mine' });
    await client.next(msg('ready'));
    const before = client.frames.length;
    assert.equal((await call('1', 'login', ['u1']))['result'], 'u1');
    const diff = client.frames.slice(before).filter((frame) => ['added', 'changed', 'removed'].includes(String(frame['msg'])));
    assert.deepEqual(diff, [
      { msg: 'changed', collection: 'docs', id: 'shared', fields: { owner: 'u1' } },
      { msg: 'added', collection: 'docs', id: 'private', fields: { title: 'secret' } },
      { msg: 'removed', collection: 'docs', id: 'anon-only' },
    ]);
    let userInPublication: unknown;
    t.server.publish('who', function (this: Subscription) {
      userInPublication = this.userId;
      this.ready();
    });
    client.send({ msg: 'sub', id: 'w', name: 'who' });
    await client.next((frame) => frame['msg'] === 'ready' && (frame['subs'] as string[]).includes('w'));
    assert.equal(userInPublication, 'u1');
  });

  it('does not bring back a subscription the client stopped while setUserId was re-running it', async () => {
    let runs = 0;
    let releaseStop: () => void = () => {};
    t.server.publish('slow-stop', function (this: Subscription) {
      runs += 1;
      this.added('docs', 'd', { v: 1 });
      // The old subscription's onStop is still running when the unsub arrives.
      this.onStop(() => new Promise<void>((resolve) => (releaseStop = resolve)));
      this.ready();
    });
    t.server.methods({
      async login(this: MethodInvocation, userId: string) {
        this.unblock();
        await this.setUserId(userId);
        return this.userId;
      },
    });
    client.send({ msg: 'sub', id: 's', name: 'slow-stop' });
    await client.next(msg('ready'));
    client.send({ msg: 'method', id: '1', method: 'login', params: ['u1'] });
    client.send({ msg: 'unsub', id: 's' });
    await client.next((frame) => frame['msg'] === 'nosub' && frame['id'] === 's');
    releaseStop();
    await client.next((frame) => frame['msg'] === 'result' && frame['id'] === '1');
    assert.equal(runs, 1);
    const afterNosub = client.frames.slice(client.frames.findIndex((frame) => frame['msg'] === 'nosub'));
    assert.deepEqual(
      afterNosub.filter((frame) => frame['msg'] === 'ready' || frame['msg'] === 'added'),
      [],
    );
  });

  it('consults the rate limiter before every method and subscription', async () => {
    const seen: unknown[] = [];
    t.server.setRateLimiter((input) => {
      seen.push({ type: input.type, name: input.name, userId: input.userId, hasConnection: typeof input.connectionId === 'string' });
      if (input.name === 'limited' || input.name === 'limitedPub') throw new MeteorError('too-many-requests', 'Slow down', { timeToReset: 1000 });
    });
    t.server.methods({ limited: () => 'ran', free: () => 'ran' });
    t.server.publish('limitedPub', function (this: Subscription) {
      this.ready();
    });
    const limited = await call('1', 'limited');
    assert.deepEqual((limited['error'] as Frame)['error'], 'too-many-requests');
    assert.deepEqual((limited['error'] as Frame)['details'], { timeToReset: 1000 });
    // A refused call wrote nothing: its updated follows at once, as for any other method.
    await client.next(updatedFor('1'));
    assert.equal((await call('2', 'free'))['result'], 'ran');
    client.send({ msg: 'sub', id: 's', name: 'limitedPub' });
    const nosub = await client.next(msg('nosub'));
    assert.equal((nosub['error'] as Frame)['error'], 'too-many-requests');
    assert.deepEqual(seen, [
      { type: 'method', name: 'limited', userId: null, hasConnection: true },
      { type: 'method', name: 'free', userId: null, hasConnection: true },
      { type: 'subscription', name: 'limitedPub', userId: null, hasConnection: true },
    ]);
  });

  it('refuses to define a method twice or a non-function', () => {
    t.server.methods({ once: () => 1 });
    assert.throws(() => t.server.methods({ once: () => 2 }), /already defined/);
    assert.throws(() => t.server.methods({ bad: 3 as never }), /must be a function/);
  });
});

describe('server-side callAsync', function () {
  this.timeout(20_000);
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  it('runs a method in-process with cloned arguments, and 404s unknown names', async () => {
    const input = { n: 1 };
    t.server.methods({
      mutate(arg: { n: number }) {
        arg.n = 2;
        return arg.n;
      },
    });
    assert.equal(await t.server.callAsync('mutate', input), 2);
    assert.equal(input.n, 1);
    await assert.rejects(t.server.callAsync('missing'), (error: unknown) => error instanceof MeteorError && error.error === 404);
  });

  it("inherits the calling method's user and derives a reproducible seed", async () => {
    const { client } = await RawClient.connect(t.url);
    try {
      t.server.methods({
        async outer(this: MethodInvocation) {
          await this.setUserId('u7');
          return t.server.callAsync('inner');
        },
        inner(this: MethodInvocation) {
          return { userId: this.userId, hasSeed: typeof this.randomSeed === 'string' };
        },
      });
      client.send({ msg: 'method', id: '1', method: 'outer', params: [], randomSeed: 'seed' });
      const result = await client.next(msg('result'));
      assert.deepEqual(result['result'], { userId: 'u7', hasSeed: true });
    } finally {
      await client.close();
    }
  });
});

describe('onConnection', function () {
  this.timeout(20_000);
  it('reports new connections with clientAddress (honouring forwarded count), headers and onClose', async () => {
    const t = await startTestServer({}, { httpForwardedCount: 1 });
    try {
      const seen: Array<{ address: string | null; ua: string | undefined; closed: boolean }> = [];
      t.server.onConnection((connection) => {
        const entry = { address: connection.clientAddress, ua: connection.httpHeaders['user-agent'], closed: false };
        seen.push(entry);
        connection.onClose(() => {
          entry.closed = true;
        });
      });
      const client = await RawClient.open(t.url, { headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1', 'user-agent': 'perseid-test', cookie: 'secret' } });
      client.send({ msg: 'connect', version: '1', support: ['1'] });
      await client.next(msg('connected'));
      assert.deepEqual(seen, [{ address: '10.0.0.1', ua: 'perseid-test', closed: false }]);
      const [session] = t.server.sessions.values();
      assert.equal(session?.connection.httpHeaders['cookie'], undefined);
      client.send({ msg: 'disconnect' });
      await client.whenClosed();
      assert.equal(seen[0]?.closed, true);
    } finally {
      await t.close();
    }
  });
});
