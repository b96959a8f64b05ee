import assert from 'node:assert/strict';
import { Connection, type Transport, type TransportHandlers, type TransportSocket } from '@perseid/ddp-client';
import { ObjectID } from '@perseid/ejson';
import { MeteorError } from '@perseid/meteor-core';
import { RandomStream } from '@perseid/random';
import { Tracker } from '@perseid/tracker';
import { ClientCollection } from './client-collection';

/** One in-memory socket; the test plays the server. */
class ScriptedSocket implements TransportSocket {
  readonly sent: Array<Record<string, unknown>> = [];
  readonly #handlers: TransportHandlers;

  constructor(handlers: TransportHandlers) {
    this.#handlers = handlers;
  }
  send(frame: string): void {
    this.sent.push(JSON.parse(frame) as Record<string, unknown>);
  }
  close(): void {}
  receive(message: Record<string, unknown>): void {
    this.#handlers.onMessage(JSON.stringify(message));
  }
  methods(): Array<Record<string, unknown>> {
    return this.sent.filter((f) => f.msg === 'method');
  }
}

function connected(): { connection: Connection; socket: () => ScriptedSocket } {
  let socket: ScriptedSocket | undefined;
  const transport: Transport = {
    open(_url, handlers) {
      socket = new ScriptedSocket(handlers);
      queueMicrotask(() => handlers.onOpen());
      return socket;
    },
  };
  // Data is applied at once (no batching window) so assertions need no timers.
  const connection = new Connection('http://server', { transport, bufferedWritesInterval: 0, heartbeatInterval: 0, log: () => {} });
  return {
    connection,
    socket: () => {
      if (socket === undefined) throw new Error('no socket');
      return socket;
    },
  };
}

async function open(ctx: ReturnType<typeof connected>): Promise<void> {
  await Promise.resolve();
  ctx.socket().receive({ msg: 'connected', session: 's' });
}

describe('ClientCollection', () => {
  describe('local (null name)', () => {
    it('inserts, queries, updates and removes synchronously', () => {
      const local = new ClientCollection<{ _id: string; n: number }>(null);
      const id = local.insert({ n: 1 });
      assert.equal(typeof id, 'string');
      local.insert({ _id: 'b', n: 2 });
      assert.deepEqual(
        local
          .find({}, { sort: { n: -1 } })
          .fetch()
          .map((d) => d.n),
        [2, 1],
      );
      assert.equal(local.update({ n: { $gte: 1 } }, { $inc: { n: 10 } }, { multi: true }), 2);
      assert.equal(local.findOne('b')?.n, 12);
      assert.equal(local.remove({}), 2);
      assert.equal(local.find().count(), 0);
    });

    it('upsertAsync inserts then updates, and counts', async () => {
      const local = new ClientCollection<{ _id: string; name: string; hits: number }>(null);
      const first = await local.upsertAsync({ name: 'a' }, { $inc: { hits: 1 } });
      assert.equal(first.numberAffected, 1);
      assert.equal(typeof first.insertedId, 'string');
      const second = await local.upsertAsync({ name: 'a' }, { $inc: { hits: 1 } });
      assert.deepEqual(second, { numberAffected: 1 });
      assert.equal(local.findOne({ name: 'a' })?.hits, 2);
      assert.equal(await local.estimatedDocumentCount(), 1);
      assert.equal(await local.countDocuments({ name: 'b' }), 0);
    });

    it('re-runs a computation when the query result changes', () => {
      const local = new ClientCollection(null);
      const counts: number[] = [];
      const computation = Tracker.autorun(() => counts.push(local.find().count()));
      local.insert({ x: 1 });
      Tracker.flush();
      local.insert({ x: 2 });
      Tracker.flush();
      computation.stop();
      assert.deepEqual(counts, [0, 1, 2]);
    });

    it('applies the collection transform to reads', () => {
      const local = new ClientCollection(null, { transform: (doc) => ({ ...doc, shout: String(doc.text).toUpperCase() }) });
      local.insert({ text: 'hi' });
      assert.equal(local.findOne()?.shout, 'HI');
    });

    it('makes ObjectIDs with idGeneration MONGO', () => {
      const local = new ClientCollection(null, { idGeneration: 'MONGO' });
      assert.ok(local.insert({}) instanceof ObjectID);
    });

    it('rejects bad names, options and documents with clear errors', () => {
      assert.throws(() => new ClientCollection(''), /non-empty string/);
      assert.throws(() => new ClientCollection(null, { idGeneration: 'UUID' as 'STRING' }), /idGeneration/);
      assert.throws(() => new ClientCollection(null, { transform: 5 as unknown as null }), /transform/);
      const local = new ClientCollection(null);
      assert.throws(() => local.insert(null as unknown as Record<string, unknown>), /must be an object/);
      assert.throws(() => local.update('x', 7 as unknown as Record<string, unknown>), /Modifier must be an object/);
    });
    it('matches nothing for falsy selectors in every operation, as Meteor guards them', async () => {
      const local = new ClientCollection<{ _id: string; n: number }>(null);
      local.insert({ _id: 'a', n: 1 });
      local.insert({ _id: 'b', n: 2 });
      const falsy: unknown[] = [undefined, null, false, '', 0, { _id: undefined }, { _id: null }, { _id: '' }, { _id: 0 }];
      for (const raw of falsy) {
        const selector = raw as Record<string, unknown>;
        const label = JSON.stringify(raw) ?? 'undefined';
        assert.equal(local.find(selector).count(), 0, `find ${label}`);
        assert.equal(local.findOne(selector), undefined, `findOne ${label}`);
        assert.equal(await local.countDocuments(selector), 0, `countDocuments ${label}`);
        assert.equal(local.update(selector, { $set: { n: 9 } }, { multi: true }), 0, `update ${label}`);
        assert.equal(local.remove(selector), 0, `remove ${label}`);
      }
      assert.equal(local.find().count(), 2);
      assert.deepEqual(
        local
          .find({}, { sort: { n: 1 } })
          .fetch()
          .map((d) => d.n),
        [1, 2],
      );
    });

    it('passes an un-awaited Promise through as Meteor does (it selects any document)', async () => {
      const local = new ClientCollection<{ _id: string; n: number }>(null);
      local.insert({ _id: 'a', n: 1 });
      const notAwaited = local.findOneAsync('a');
      assert.equal(local.findOne(notAwaited as unknown as Record<string, unknown>)?._id, 'a');
      await notAwaited;
    });
  });

  describe('connection-backed', () => {
    it('shows documents the server sends, reactively', async () => {
      const ctx = connected();
      const messages = new ClientCollection('messages', { connection: ctx.connection });
      await open(ctx);
      const seen: string[][] = [];
      const computation = Tracker.autorun(() =>
        seen.push(
          messages
            .find({}, { sort: { text: 1 } })
            .fetch()
            .map((d) => String(d.text)),
        ),
      );
      ctx.socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: { text: 'b-second' } });
      ctx.socket().receive({ msg: 'added', collection: 'messages', id: 'b', fields: { text: 'a-first' } });
      Tracker.flush();
      ctx.socket().receive({ msg: 'changed', collection: 'messages', id: 'a', fields: {}, cleared: ['text'] });
      ctx.socket().receive({ msg: 'removed', collection: 'messages', id: 'b' });
      Tracker.flush();
      computation.stop();
      assert.deepEqual(seen.at(-1), ['undefined']);
      assert.deepEqual(seen[1], ['a-first', 'b-second']);
      assert.deepEqual(messages.findOne('a'), { _id: 'a' });
      ctx.connection.close();
    });

    it('parses ObjectID wire ids', async () => {
      const ctx = connected();
      const things = new ClientCollection('things', { connection: ctx.connection });
      await open(ctx);
      const hex = '0123456789abcdef01234567';
      ctx.socket().receive({ msg: 'added', collection: 'things', id: hex, fields: { n: 1 } });
      assert.equal(things.findOne(new ObjectID(hex))?.n, 1);
      ctx.connection.close();
    });

    it('insertAsync writes locally at once and sends /<name>/insertAsync with the same _id', async () => {
      const ctx = connected();
      const messages = new ClientCollection('messages', { connection: ctx.connection });
      await open(ctx);
      const call = messages.insertAsync({ text: 'hi' });
      await call.stubPromise;
      const [doc] = messages.find().fetch();
      assert.equal(doc?.text, 'hi');
      const [frame] = ctx.socket().methods();
      assert.equal(frame?.method, '/messages/insertAsync');
      assert.deepEqual(frame?.params, [{ text: 'hi', _id: doc?._id }]);
      ctx.socket().receive({ msg: 'result', id: frame?.id, result: doc?._id });
      ctx.socket().receive({ msg: 'added', collection: 'messages', id: String(doc?._id), fields: { text: 'hi' } });
      ctx.socket().receive({ msg: 'updated', methods: [frame?.id] });
      assert.equal(await call, doc?._id);
      assert.equal(messages.find().count(), 1, 'no duplicate after the server copy replaced the stub');
      ctx.connection.close();
    });

    it('an insert inside a method stub takes its id from the randomSeed, as the server will', async () => {
      const ctx = connected();
      const messages = new ClientCollection('messages', { connection: ctx.connection });
      ctx.connection.methods({
        'messages.send'(text: string) {
          return messages.insert({ text });
        },
      });
      await open(ctx);
      const id = ctx.connection.apply('messages.send', ['hello'], { returnStubValue: true });
      const [frame] = ctx.socket().methods();
      assert.equal(frame?.method, 'messages.send', 'the nested insert is simulated only, not sent');
      assert.equal(ctx.socket().methods().length, 1);
      const serverId = RandomStream.get({ randomSeed: frame?.randomSeed as string }, '/collection/messages').id();
      assert.equal(id, serverId);
      assert.equal(messages.findOne(id as string)?.text, 'hello');
      ctx.connection.close();
    });

    it('rolls back a write the server rejects', async () => {
      const ctx = connected();
      const messages = new ClientCollection('messages', { connection: ctx.connection });
      await open(ctx);
      ctx.socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: { text: 'original' } });
      const call = messages.updateAsync('a', { $set: { text: 'edited' } });
      await call.stubPromise;
      assert.equal(messages.findOne('a')?.text, 'edited');
      const [frame] = ctx.socket().methods();
      assert.deepEqual(frame?.params, [{ _id: 'a' }, { $set: { text: 'edited' } }, {}]);
      ctx.socket().receive({ msg: 'result', id: frame?.id, error: { error: 403, reason: 'Access denied', errorType: 'Meteor.Error' } });
      ctx.socket().receive({ msg: 'updated', methods: [frame?.id] });
      await assert.rejects(call, (e: unknown) => e instanceof MeteorError && e.error === 403);
      assert.equal(messages.findOne('a')?.text, 'original');
      ctx.connection.close();
    });

    it('upsertAsync by id sends updateAsync with the insertedId the stub used', async () => {
      const ctx = connected();
      const counters = new ClientCollection('counters', { connection: ctx.connection });
      await open(ctx);
      const call = counters.upsertAsync('c1', { $inc: { n: 1 } });
      await call.stubPromise;
      assert.equal(counters.findOne('c1')?.n, 1);
      const [frame] = ctx.socket().methods();
      assert.equal(frame?.method, '/counters/updateAsync');
      assert.deepEqual(frame?.params, [{ _id: 'c1' }, { $inc: { n: 1 } }, { upsert: true, _returnObject: true }]);
      ctx.socket().receive({ msg: 'result', id: frame?.id, result: { numberAffected: 1, insertedId: 'c1' } });
      ctx.socket().receive({ msg: 'added', collection: 'counters', id: 'c1', fields: { n: 1 } });
      ctx.socket().receive({ msg: 'updated', methods: [frame?.id] });
      assert.deepEqual(await call, { numberAffected: 1, insertedId: 'c1' });
      ctx.connection.close();
    });

    it('refuses untrusted updates and removes by anything but _id', async () => {
      const ctx = connected();
      const messages = new ClientCollection('messages', { connection: ctx.connection });
      await open(ctx);
      assert.throws(
        () => messages.update({ text: 'x' }, { $set: { a: 1 } }),
        (e: unknown) => e instanceof MeteorError && e.error === 403,
      );
      assert.throws(() => messages.remove({}), /may only remove documents by ID/);
      ctx.connection.close();
    });

    it('keeps data that arrived before the collection was defined', async () => {
      const ctx = connected();
      await open(ctx);
      ctx.socket().receive({ msg: 'added', collection: 'late', id: 'x', fields: { n: 1 } });
      const late = new ClientCollection('late', { connection: ctx.connection });
      assert.deepEqual(late.findOne('x'), { _id: 'x', n: 1 });
      ctx.connection.close();
    });

    it('refuses a second collection with the same name on one connection', () => {
      const ctx = connected();
      new ClientCollection('dup', { connection: ctx.connection });
      assert.throws(() => new ClientCollection('dup', { connection: ctx.connection }), /already a collection named "dup"/);
      ctx.connection.close();
    });
  });
});
