import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { publicationStrategies, type Subscription } from '../src/index';
import { FakeTable } from './fake-cursor';
import { msg, RawClient, startTestServer, type Frame, type TestServer } from './helpers';

const data = (frame: Frame) => ['added', 'changed', 'removed'].includes(String(frame['msg']));

describe('publications and mergebox', function () {
  this.timeout(20_000);
  let t: TestServer;
  let client: RawClient;
  let table: FakeTable;

  beforeEach(async () => {
    t = await startTestServer();
    table = new FakeTable('tasks');
    ({ client } = await RawClient.connect(t.url));
  });
  afterEach(async () => {
    await client.close();
    await t.close();
  });

  /** Subscribes and returns the data frames received up to `ready` (or the nosub). */
  async function subscribe(id: string, name: string, params: unknown[] = []): Promise<Frame[]> {
    const start = client.frames.length;
    client.send({ msg: 'sub', id, name, params });
    const end = await client.next(
      (frame) => (frame['msg'] === 'ready' && (frame['subs'] as string[]).includes(id)) || (frame['msg'] === 'nosub' && frame['id'] === id),
    );
    return client.frames.slice(start, client.frames.indexOf(end) + 1);
  }

  /** Frames received after a round trip (a ping answered means earlier work was sent). */
  async function settle(): Promise<Frame[]> {
    const start = client.frames.length;
    const id = `sync-${start}`;
    client.send({ msg: 'ping', id });
    await client.next((frame) => frame['id'] === id);
    return client.frames.slice(start).filter(data);
  }

  it('publishes with this.added and this.ready', async () => {
    t.server.publish('manual', function (this: Subscription, label: string) {
      this.added('things', 'a', { label, n: 1 });
      this.ready();
    });
    const frames = await subscribe('s1', 'manual', ['hello']);
    assert.deepEqual(frames, [
      { msg: 'added', collection: 'things', id: 'a', fields: { label: 'hello', n: 1 } },
      { msg: 'ready', subs: ['s1'] },
    ]);
  });

  it('publishes a returned cursor, then follows its changes', async () => {
    table.insert({ _id: 't1', title: 'one', done: false });
    t.server.publish('tasks', () => table.find());
    const frames = await subscribe('s1', 'tasks');
    assert.deepEqual(frames, [
      { msg: 'added', collection: 'tasks', id: 't1', fields: { title: 'one', done: false } },
      { msg: 'ready', subs: ['s1'] },
    ]);
    table.insert({ _id: 't2', title: 'two' });
    table.update('t1', { done: true, title: undefined });
    table.remove('t2');
    assert.deepEqual(await settle(), [
      { msg: 'added', collection: 'tasks', id: 't2', fields: { title: 'two' } },
      { msg: 'changed', collection: 'tasks', id: 't1', fields: { done: true }, cleared: ['title'] },
      { msg: 'removed', collection: 'tasks', id: 't2' },
    ]);
  });

  it('publishes an array of cursors on different collections', async () => {
    const other = new FakeTable('notes');
    table.insert({ _id: 't1', title: 'x' });
    other.insert({ _id: 'n1', body: 'y' });
    t.server.publish('both', () => [table.find(), other.find()]);
    const frames = await subscribe('s1', 'both');
    assert.deepEqual(
      frames.map((frame) => `${frame['msg']}:${frame['collection'] ?? ''}`),
      ['added:tasks', 'added:notes', 'ready:'],
    );
  });

  it('refuses two cursors on one collection with nosub', async () => {
    t.server.publish('twice', () => [table.find(), table.find()]);
    const [nosub] = await subscribe('s1', 'twice');
    assert.equal(nosub?.['msg'], 'nosub');
    assert.deepEqual((nosub?.['error'] as Frame | undefined)?.['error'], 500);
  });

  it('answers an unknown publication with nosub 404', async () => {
    const [nosub] = await subscribe('s1', 'nope');
    assert.deepEqual(nosub, {
      msg: 'nosub',
      id: 's1',
      error: { error: 404, reason: "Subscription 'nope' not found", message: "Subscription 'nope' not found [404]", errorType: 'Meteor.Error' },
    });
  });

  it('ends a throwing publication with nosub carrying a Meteor.Error, and hides other errors', async () => {
    t.server.publish('denied', () => {
      throw new MeteorError('channels.notMember', 'Join the channel first');
    });
    t.server.publish('buggy', () => {
      throw new Error('secret database detail');
    });
    const [denied] = await subscribe('s1', 'denied');
    assert.deepEqual((denied?.['error'] as Frame | undefined)?.['error'], 'channels.notMember');
    assert.equal((denied?.['error'] as Frame | undefined)?.['reason'], 'Join the channel first');
    const [buggy] = await subscribe('s2', 'buggy');
    assert.deepEqual((buggy?.['error'] as Frame | undefined)?.['error'], 500);
    assert.doesNotMatch(JSON.stringify(buggy), /secret/);
    assert.ok(t.logged.some((entry) => String((entry.error as Error)?.message).includes('secret')));
  });

  it('this.error and this.stop end the subscription with nosub', async () => {
    t.server.publish('errs', function (this: Subscription) {
      this.error(new MeteorError(403, 'No'));
    });
    t.server.publish('stops', function (this: Subscription) {
      this.stop();
    });
    const [errored] = await subscribe('s1', 'errs');
    assert.equal((errored?.['error'] as Frame | undefined)?.['error'], 403);
    const [stopped] = await subscribe('s2', 'stops');
    assert.deepEqual(stopped, { msg: 'nosub', id: 's2' });
  });

  it('gives publications this.userId, this.connection and onStop on unsub', async () => {
    let seen: { userId: unknown; connectionId: unknown } | undefined;
    let stopped = 0;
    t.server.publish('me', function (this: Subscription) {
      seen = { userId: this.userId, connectionId: this.connection?.id };
      this.onStop(() => {
        stopped += 1;
      });
      this.ready();
    });
    await subscribe('s1', 'me');
    assert.deepEqual(seen, { userId: null, connectionId: [...t.server.sessions.keys()][0] });
    client.send({ msg: 'unsub', id: 's1' });
    await client.next(msg('nosub'));
    assert.equal(stopped, 1);
  });

  it('merges overlapping subscriptions field by field and unsub removes only what no other publishes', async () => {
    table.insert({ _id: 'd', title: 'T', body: 'B', secret: 'S' });
    t.server.publish('titles', () => table.find(undefined, ['title']));
    t.server.publish('full', () => table.find(undefined, ['title', 'body']));
    t.server.publish('other', function (this: Subscription) {
      this.added('tasks', 'only-other', { x: 1 });
      this.ready();
    });
    assert.deepEqual((await subscribe('a', 'titles')).filter(data), [{ msg: 'added', collection: 'tasks', id: 'd', fields: { title: 'T' } }]);
    // The second subscription adds only the field the client lacks.
    assert.deepEqual((await subscribe('b', 'full')).filter(data), [{ msg: 'changed', collection: 'tasks', id: 'd', fields: { body: 'B' } }]);
    await subscribe('c', 'other');
    // A change both publish is sent once.
    table.update('d', { title: 'T2' });
    assert.deepEqual(await settle(), [{ msg: 'changed', collection: 'tasks', id: 'd', fields: { title: 'T2' } }]);
    // Unsub of the wider one clears only its extra field.
    client.send({ msg: 'unsub', id: 'b' });
    await client.next((frame) => frame['msg'] === 'nosub' && frame['id'] === 'b');
    assert.deepEqual(client.frames.slice(-2, -1), [{ msg: 'changed', collection: 'tasks', id: 'd', cleared: ['body'] }]);
    // Unsub of the last publisher of d removes it; the other collection entry stays.
    client.send({ msg: 'unsub', id: 'a' });
    await client.next((frame) => frame['msg'] === 'nosub' && frame['id'] === 'a');
    assert.deepEqual(client.frames.slice(-2, -1), [{ msg: 'removed', collection: 'tasks', id: 'd' }]);
  });

  it('unsub followed at once by disconnect, while onStop is still running, logs no internal exception', async () => {
    // The chat app's history paging: two overlapping pages, the first unsubscribed, then the
    // client leaves while the first page's observer is still stopping.
    let stopping = 0;
    const pending: Array<() => void> = [];
    t.server.publish('page', function (this: Subscription, limit: unknown) {
      for (let i = 0; i < Number(limit); i += 1) this.added('messages', `p${i}`, { text: `m${i}` });
      this.onStop(async () => {
        stopping += 1;
        await new Promise<void>((resolve) => pending.push(resolve));
      });
      this.ready();
    });
    await subscribe('first', 'page', [5]);
    await subscribe('second', 'page', [8]);
    client.send({ msg: 'unsub', id: 'first' });
    client.send({ msg: 'disconnect' });
    await client.close();
    while (stopping === 0) await new Promise((resolve) => setImmediate(resolve));
    for (const release of pending.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
    for (const release of pending.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      t.logged.map((entry) => `${entry.message} ${String(entry.error)}`),
      [],
    );
  });

  it("a server-side stop() takes the subscription's documents away before nosub", async () => {
    let sub: Subscription | undefined;
    t.server.publish('stoppable', function (this: Subscription) {
      sub = this;
      this.added('tasks', 'only-here', { x: 1 });
      this.added('tasks', 'shared', { y: 1 });
      this.ready();
    });
    t.server.publish('shared', function (this: Subscription) {
      this.added('tasks', 'shared', { y: 1 });
      this.ready();
    });
    await subscribe('a', 'stoppable');
    await subscribe('b', 'shared');
    sub?.stop();
    await client.next((frame) => frame['msg'] === 'nosub' && frame['id'] === 'a');
    assert.deepEqual(client.frames.slice(-2), [
      { msg: 'removed', collection: 'tasks', id: 'only-here' },
      { msg: 'nosub', id: 'a' },
    ]);
  });

  it('sends no changed when a publication re-sends values the client already has', async () => {
    t.server.publish('p', function (this: Subscription) {
      this.added('c', 'x', { a: 1, b: [1, 2] });
      this.changed('c', 'x', { a: 1, b: [1, 2] });
      this.changed('c', 'x', { a: 2 });
      this.ready();
    });
    const frames = (await subscribe('s', 'p')).filter(data);
    assert.deepEqual(frames, [
      { msg: 'added', collection: 'c', id: 'x', fields: { a: 1, b: [1, 2] } },
      { msg: 'changed', collection: 'c', id: 'x', fields: { a: 2 } },
    ]);
  });

  it("falls back to the other subscription's value when the winning one clears a shared field", async () => {
    let first: Subscription | undefined;
    t.server.publish('one', function (this: Subscription) {
      first = this;
      this.added('c', 'x', { color: 'red' });
      this.ready();
    });
    t.server.publish('two', function (this: Subscription) {
      this.added('c', 'x', { color: 'blue' });
      this.ready();
    });
    await subscribe('s1', 'one');
    await subscribe('s2', 'two');
    first?.changed('c', 'x', { color: undefined });
    const frames = await settle();
    assert.deepEqual(frames.at(-1), { msg: 'changed', collection: 'c', id: 'x', fields: { color: 'blue' } });
  });

  it('serialises EJSON values and non-string ids', async () => {
    t.server.publish('ejson', function (this: Subscription) {
      this.added('c', 42, { at: new Date(5) });
      this.ready();
    });
    const [added] = await subscribe('s', 'ejson');
    assert.deepEqual(added, { msg: 'added', collection: 'c', id: '~42', fields: { at: { $date: 5 } } });
  });

  it('encodes a change once and shares the frame among every session it goes to', async () => {
    t.server.publish('tasks', () => table.find());
    const others = await Promise.all([RawClient.connect(t.url), RawClient.connect(t.url)]);
    try {
      for (const peer of [client, ...others.map((other) => other.client)]) {
        peer.send({ msg: 'sub', id: 's', name: 'tasks' });
        await peer.next(msg('ready'));
      }
      const encoded = t.server.encoder.encoded;
      const reused = t.server.encoder.reused;
      table.insert({ _id: 'shared', title: 'once' });
      for (const peer of [client, ...others.map((other) => other.client)]) {
        assert.deepEqual(await peer.next(msg('added')), { msg: 'added', collection: 'tasks', id: 'shared', fields: { title: 'once' } });
      }
      assert.equal(t.server.encoder.encoded - encoded, 1);
      assert.equal(t.server.encoder.reused - reused, 2);
    } finally {
      await Promise.all(others.map((other) => other.client.close()));
    }
  });

  it('publishes universal publications to every session without a sub', async () => {
    t.server.publish(null, function (this: Subscription) {
      this.added('settings', 'global', { theme: 'dark' });
      this.ready();
    });
    const { client: other } = await RawClient.connect(t.url);
    try {
      assert.deepEqual(await other.next(msg('added')), { msg: 'added', collection: 'settings', id: 'global', fields: { theme: 'dark' } });
    } finally {
      await other.close();
    }
  });

  it("sends a universal publication's first documents before the result of a method sent right after connect", async () => {
    // A publication slower than the method: without the wait the method's `updated` overtook the
    // publication's `added`, and a client dropped its stub's document until the data came.
    t.server.publish(null, async function (this: Subscription) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      this.added('items', 'i1', { name: 'milk' });
      this.ready();
    });
    t.server.methods({ touch: () => 'done' });
    const other = await RawClient.open(t.url);
    try {
      other.send({ msg: 'connect', version: '1', support: ['1'] });
      other.send({ msg: 'method', id: 'm1', method: 'touch', params: [] });
      await other.next((frame) => frame['msg'] === 'updated');
      const order = other.frames.map((frame) => String(frame['msg'])).filter((name) => ['added', 'result', 'updated'].includes(name));
      assert.deepEqual(order, ['added', 'result', 'updated']);
    } finally {
      await other.close();
    }
  });

  it('lets the first method run once a universal publication calls unblock(), even if it never returns', async () => {
    t.server.publish(null, function (this: Subscription) {
      this.unblock();
      return new Promise(() => {});
    });
    t.server.methods({ touch: () => 'done' });
    const { client: other } = await RawClient.connect(t.url);
    try {
      other.send({ msg: 'method', id: 'm1', method: 'touch', params: [] });
      assert.deepEqual(await other.next(msg('result')), { msg: 'result', id: 'm1', result: 'done' });
    } finally {
      await other.close();
    }
  });

  it('is ready at once when the handler returns an empty array of cursors', async () => {
    t.server.publish('nothing', () => []);
    assert.deepEqual(await subscribe('s', 'nothing'), [{ msg: 'ready', subs: ['s'] }]);
  });

  it('supports the object form of publish', async () => {
    t.server.publish({
      a(this: Subscription) {
        this.ready();
      },
    });
    assert.deepEqual(await subscribe('s', 'a'), [{ msg: 'ready', subs: ['s'] }]);
  });

  it('stops cursor observers when the session closes', async () => {
    t.server.publish('tasks', () => table.find());
    await subscribe('s', 'tasks');
    assert.equal(table.listenerCount, 1);
    client.send({ msg: 'disconnect' });
    await client.whenClosed();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(table.listenerCount, 0);
    assert.equal(t.server.sessions.size, 0);
  });
});

describe('publication strategies', function () {
  this.timeout(20_000);
  let t: TestServer;
  let client: RawClient;
  afterEach(async () => {
    await client.close();
    await t.close();
  });

  async function run(strategy: keyof typeof publicationStrategies): Promise<Frame[]> {
    t = await startTestServer();
    t.server.setPublicationStrategy('c', publicationStrategies[strategy]);
    const publish = (label: string) =>
      function (this: Subscription) {
        this.added('c', 'x', { [label]: 1 });
        this.ready();
      };
    t.server.publish('a', publish('a'));
    t.server.publish('b', publish('b'));
    ({ client } = await RawClient.connect(t.url));
    for (const id of ['a', 'b']) {
      client.send({ msg: 'sub', id, name: id });
      await client.next(msg('ready'));
    }
    client.send({ msg: 'unsub', id: 'a' });
    await client.next(msg('nosub'));
    client.send({ msg: 'unsub', id: 'b' });
    await client.next(msg('nosub'));
    return client.frames.filter(data);
  }

  it('SERVER_MERGE merges and removes with the last subscription', async () => {
    assert.deepEqual(await run('SERVER_MERGE'), [
      { msg: 'added', collection: 'c', id: 'x', fields: { a: 1 } },
      { msg: 'changed', collection: 'c', id: 'x', fields: { b: 1 } },
      { msg: 'changed', collection: 'c', id: 'x', cleared: ['a'] },
      { msg: 'removed', collection: 'c', id: 'x' },
    ]);
  });

  it('NO_MERGE_NO_HISTORY passes messages through and sends no removed on unsub', async () => {
    assert.deepEqual(await run('NO_MERGE_NO_HISTORY'), [
      { msg: 'added', collection: 'c', id: 'x', fields: { a: 1 } },
      { msg: 'added', collection: 'c', id: 'x', fields: { b: 1 } },
    ]);
  });

  it("NO_MERGE passes messages through and removes each subscription's documents", async () => {
    assert.deepEqual(await run('NO_MERGE'), [
      { msg: 'added', collection: 'c', id: 'x', fields: { a: 1 } },
      { msg: 'added', collection: 'c', id: 'x', fields: { b: 1 } },
      { msg: 'removed', collection: 'c', id: 'x' },
      { msg: 'removed', collection: 'c', id: 'x' },
    ]);
  });

  it('NO_MERGE_MULTI adds once and removes with the last subscription', async () => {
    assert.deepEqual(await run('NO_MERGE_MULTI'), [
      { msg: 'added', collection: 'c', id: 'x', fields: { a: 1 } },
      { msg: 'changed', collection: 'c', id: 'x', fields: { b: 1 } },
      { msg: 'removed', collection: 'c', id: 'x' },
    ]);
  });

  it('refuses to switch the strategy of a collection a session already holds', async () => {
    t = await startTestServer();
    t.server.publish('c', function (this: Subscription) {
      this.added('c', 'x', {});
      this.ready();
    });
    ({ client } = await RawClient.connect(t.url));
    t.server.setPublicationStrategy('other', publicationStrategies.NO_MERGE);
    client.send({ msg: 'sub', id: 's', name: 'c' });
    await client.next(msg('ready'));
    assert.throws(() => t.server.setPublicationStrategy('c', publicationStrategies.NO_MERGE), /before any session receives documents of it/);
    client.send({ msg: 'unsub', id: 's' });
    await client.next(msg('nosub'));
    t.server.setPublicationStrategy('c', publicationStrategies.NO_MERGE);
    assert.equal(t.server.getPublicationStrategy('c').name, 'NO_MERGE');
  });

  it('refuses an unknown strategy object', async () => {
    t = await startTestServer();
    ({ client } = await RawClient.connect(t.url));
    assert.throws(() => t.server.setPublicationStrategy('c', { ...publicationStrategies.NO_MERGE }), /unknown strategy/);
  });
});
