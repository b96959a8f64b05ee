/**
 * Conformance with DDP clients we did not write: ddp.js (raw DDP events) and simpleddp (what
 * Meteor's own fan-out benchmark uses), against a real server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import DDP from 'ddp.js';
import SimpleDDP from 'simpleddp';
import { WebSocket } from 'ws';
import { MeteorError } from '@perseid/meteor-core';
import { currentWriteFence } from '../src/index';
import { FakeTable } from './fake-cursor';
import { startTestServer, type TestServer } from './helpers';

type Event = Record<string, unknown>;

/** Collects ddp.js events in arrival order. */
function record(ddp: DDP): { events: Event[]; next(predicate: (event: Event) => boolean): Promise<Event> } {
  const events: Event[] = [];
  const waiters: Array<() => void> = [];
  for (const name of ['connected', 'ready', 'nosub', 'added', 'changed', 'removed', 'result', 'updated', 'error']) {
    ddp.on(name, (message) => {
      events.push(name === 'connected' ? { msg: 'connected' } : message);
      for (const wake of waiters.splice(0)) wake();
    });
  }
  let cursor = 0;
  return {
    events,
    async next(predicate) {
      for (;;) {
        while (cursor < events.length) {
          const event = events[cursor++] as Event;
          if (predicate(event)) return event;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

describe('third-party client: ddp.js', function () {
  this.timeout(20_000);
  let t: TestServer;
  let ddp: DDP;
  let table: FakeTable;

  beforeEach(async () => {
    t = await startTestServer();
    table = new FakeTable('tasks');
    t.server.publish('titles', () => table.find(undefined, ['title']));
    t.server.publish('details', () => table.find(undefined, ['title', 'body']));
    t.server.methods({
      insertTask(id: string, title: string) {
        const write = currentWriteFence.get()?.beginWrite();
        setImmediate(() => {
          table.insert({ _id: id, title, body: `${title} body` });
          write?.committed();
        });
        return id;
      },
      fail() {
        throw new MeteorError('tasks.denied', 'Denied');
      },
    });
    ddp = new DDP({ endpoint: t.url, SocketConstructor: WebSocket, autoReconnect: false });
  });
  afterEach(async () => {
    ddp.disconnect();
    await t.close();
  });

  it('connects, subscribes, merges overlapping publications, and orders added before updated', async () => {
    const log = record(ddp);
    await log.next((event) => event['msg'] === 'connected');
    table.insert({ _id: 'a', title: 'A', body: 'A body' });

    const titles = ddp.sub('titles', []);
    assert.deepEqual((await log.next((event) => event['msg'] === 'ready'))['subs'], [titles]);
    assert.deepEqual(
      log.events.find((event) => event['msg'] === 'added'),
      { msg: 'added', collection: 'tasks', id: 'a', fields: { title: 'A' } },
    );

    const details = ddp.sub('details', []);
    await log.next((event) => event['msg'] === 'ready' && (event['subs'] as string[]).includes(details));
    assert.deepEqual(
      log.events.find((event) => event['msg'] === 'changed'),
      { msg: 'changed', collection: 'tasks', id: 'a', fields: { body: 'A body' } },
    );

    const call = ddp.method('insertTask', ['b', 'B']);
    const result = await log.next((event) => event['msg'] === 'result');
    assert.deepEqual(result, { msg: 'result', id: call, result: 'b' });
    const updated = await log.next((event) => event['msg'] === 'updated');
    const addedB = log.events.findIndex((event) => event['msg'] === 'added' && event['id'] === 'b');
    assert.ok(addedB >= 0 && addedB < log.events.indexOf(updated), 'added b arrives before updated');
    // Both subscriptions publish b: the first fills title, the second adds only body.
    assert.deepEqual(log.events[addedB], { msg: 'added', collection: 'tasks', id: 'b', fields: { title: 'B' } });
    const changedB = log.events.findIndex((event) => event['msg'] === 'changed' && event['id'] === 'b');
    assert.deepEqual(log.events[changedB], { msg: 'changed', collection: 'tasks', id: 'b', fields: { body: 'B body' } });
    assert.ok(changedB < log.events.indexOf(updated), 'all data for b arrives before updated');

    ddp.unsub(details);
    const nosub = await log.next((event) => event['msg'] === 'nosub');
    assert.equal(nosub['id'], details);
    const cleared = log.events.filter((event) => event['msg'] === 'changed' && Array.isArray(event['cleared']));
    assert.deepEqual(cleared.map((event) => [event['id'], event['cleared']]).sort(), [
      ['a', ['body']],
      ['b', ['body']],
    ]);
  });

  it('receives nosub 404 for an unknown publication and a Meteor.Error for a failing method', async () => {
    const log = record(ddp);
    await log.next((event) => event['msg'] === 'connected');
    const sub = ddp.sub('missing', []);
    const nosub = await log.next((event) => event['msg'] === 'nosub');
    assert.equal(nosub['id'], sub);
    assert.equal((nosub['error'] as Event)['error'], 404);
    ddp.method('fail', []);
    const result = await log.next((event) => event['msg'] === 'result');
    assert.equal((result['error'] as Event)['error'], 'tasks.denied');
    assert.equal((result['error'] as Event)['errorType'], 'Meteor.Error');
  });
});

describe('third-party client: simpleddp', function () {
  this.timeout(20_000);
  let t: TestServer;
  let client: SimpleDDP;
  let table: FakeTable;

  beforeEach(async () => {
    t = await startTestServer();
    table = new FakeTable('tasks');
    t.server.publish('tasks', () => table.find());
    t.server.methods({
      addTask(id: string, title: string) {
        table.insert({ _id: id, title });
        return { ok: true, at: new Date(0) };
      },
      removeTask(id: string) {
        table.remove(id);
      },
    });
    client = new SimpleDDP({ endpoint: t.url, SocketConstructor: WebSocket, reconnectInterval: 60_000, autoReconnect: false });
    await client.connect();
  });
  afterEach(async () => {
    await client.disconnect();
    await t.close();
  });

  it('calls methods with EJSON results and keeps a live collection through a subscription', async () => {
    table.insert({ _id: 'first', title: 'First' });
    const sub = await client.subscribe('tasks');
    await sub.ready();
    assert.deepEqual(client.collection('tasks').fetch(), [{ id: 'first', title: 'First' }]);
    const result = (await client.call('addTask', 'second', 'Second')) as { ok: boolean; at: unknown };
    assert.equal(result.ok, true);
    assert.ok(result.at instanceof Date, 'simpleddp decodes the EJSON date we sent');
    await client.call('removeTask', 'first');
    assert.deepEqual(client.collection('tasks').fetch(), [{ id: 'second', title: 'Second' }]);
    await sub.stop();
    assert.deepEqual(client.collection('tasks').fetch(), []);
  });

  it('surfaces an unknown method as a 404 error', async () => {
    await assert.rejects(client.call('nope'), (error: Record<string, unknown>) => error['error'] === 404);
  });
});

describe('third-party clients against heartbeats', function () {
  this.timeout(20_000);
  it('ddp.js answers the server ping and stays connected', async () => {
    const t = await startTestServer({ heartbeatInterval: 20, heartbeatTimeout: 10_000 });
    const ddp = new DDP({ endpoint: t.url, SocketConstructor: WebSocket, autoReconnect: false });
    try {
      const log = record(ddp);
      await log.next((event) => event['msg'] === 'connected');
      // Several heartbeat rounds pass: ddp.js answers each ping (the only messages it sends
      // here), and the session, which would detach after a ping left unanswered, stays attached.
      const before = t.server.traffic.messagesIn;
      while (t.server.traffic.messagesIn < before + 3) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(t.server.traffic.messagesOut >= 4, 'the server sent pings');
      const [session] = t.server.sessions.values();
      assert.equal(session?.state, 'attached');
    } finally {
      ddp.disconnect();
      await t.close();
    }
  });
});
