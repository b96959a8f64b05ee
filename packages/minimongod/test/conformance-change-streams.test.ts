import assert from 'node:assert/strict';
import type { MongoServerError, ChangeStream, ChangeStreamDocument, Document, ResumeToken, Timestamp } from 'mongodb';
import { conformanceSuite, openTarget, uniqueDbName, type ConformanceTarget } from './conformance-target';

async function nextEvent(stream: ChangeStream<Document, ChangeStreamDocument>): Promise<ChangeStreamDocument> {
  return stream.next();
}

/** Open a stream and make sure the server has registered its starting point. */
async function opened<T extends ChangeStream<Document, ChangeStreamDocument>>(stream: T): Promise<T> {
  await stream.tryNext();
  return stream;
}

/** Change streams as the reactive runtime uses them, through the driver only. */
describe('minimongod conformance: change streams', function () {
  this.timeout(20_000);
  const streams: Array<ChangeStream<Document, ChangeStreamDocument>> = [];
  const suite = conformanceSuite('cs', {
    async beforeDrop() {
      for (const s of streams.splice(0)) await s.close();
    },
  });

  const watch = async (pipeline: Document[] = [], extra: Document = {}, on: 'coll' | 'db' | 'client' = 'coll', coll = 'c') => {
    // A short await keeps the suite quick; blocking behaviour itself is tested on the raw wire.
    const options = { maxAwaitTimeMS: 20, ...extra };
    const stream =
      on === 'coll'
        ? suite.db.collection(coll).watch(pipeline, options)
        : on === 'db'
          ? suite.db.watch(pipeline, options)
          : suite.target.client.watch(pipeline, options);
    streams.push(stream);
    return opened(stream);
  };

  it('delivers insert, update, replace and delete events in commit order', async () => {
    await suite.db.createCollection('c');
    const stream = await watch();
    const c = suite.db.collection('c');
    await c.insertOne({ _id: 1 as never, a: 1, arr: [1, 2, 3], gone: true });
    await c.updateOne({ _id: 1 as never }, { $set: { a: 2, 'n.x': 1 }, $unset: { gone: '' }, $pop: { arr: 1 } });
    await c.replaceOne({ _id: 1 as never }, { b: 1 });
    await c.deleteOne({ _id: 1 as never });
    const insert = await nextEvent(stream);
    assert.equal(insert.operationType, 'insert');
    assert.deepEqual(insert.operationType === 'insert' && insert.fullDocument, { _id: 1, a: 1, arr: [1, 2, 3], gone: true });
    assert.deepEqual(insert.operationType === 'insert' && insert.documentKey, { _id: 1 });
    assert.match((insert._id as { _data: string })._data, /^82[0-9a-fA-F]{16}/);
    const update = await nextEvent(stream);
    assert.equal(update.operationType, 'update');
    if (update.operationType === 'update') {
      assert.deepEqual(update.updateDescription.updatedFields, { a: 2, n: { x: 1 } });
      assert.deepEqual(update.updateDescription.removedFields, ['gone']);
      assert.deepEqual(update.updateDescription.truncatedArrays, [{ field: 'arr', newSize: 2 }]);
      assert.equal(update.fullDocument, undefined);
    }
    const replace = await nextEvent(stream);
    assert.equal(replace.operationType, 'replace');
    const del = await nextEvent(stream);
    assert.equal(del.operationType, 'delete');
    const times = [insert, update, replace, del].map((e) => (e as { clusterTime: Timestamp }).clusterTime);
    for (let i = 1; i < times.length; i += 1) assert.ok((times[i] as Timestamp).greaterThan(times[i - 1] as Timestamp));
  });

  it('hands a parked stream the event before acknowledging the write that caused it (minimongod only)', async function () {
    // A runtime's write fence commits on the acknowledgement when its stream already holds the
    // write's event; real MongoDB makes no such promise, so only minimongod is held to it.
    if (process.env['MINIMONGOD_CONFORMANCE_URL'] !== undefined) this.skip();
    await suite.db.createCollection('c');
    const stream = await watch([], { maxAwaitTimeMS: 5_000 });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const event = stream.next().then((e) => order.push(`event ${(e as { documentKey?: { _id?: unknown } }).documentKey?._id}`));
      // Let the driver send its getMore so the server holds it parked before the write arrives.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const ack = suite.db
        .collection('c')
        .insertOne({ _id: i as never })
        .then(() => order.push(`ack ${i}`));
      await Promise.all([event, ack]);
    }
    assert.deepEqual(
      order,
      [0, 1, 2, 3, 4].flatMap((i) => [`event ${i}`, `ack ${i}`]),
    );
  });

  it('delivers every event of concurrent writers exactly once, in clusterTime order', async () => {
    const stream = await watch([], { maxAwaitTimeMS: 1000 });
    const c = suite.db.collection('c');
    const writers = 8;
    const perWriter = 40;
    const writes = Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i += 1) {
        const id = `${w}-${i}`;
        await c.insertOne({ _id: id as never, n: 0 });
        await c.updateOne({ _id: id as never }, { $inc: { n: 1 } });
      }
    });
    const events: ChangeStreamDocument[] = [];
    const reading = (async () => {
      while (events.length < writers * perWriter * 2) events.push(await nextEvent(stream));
    })();
    await Promise.all(writes);
    await reading;
    const keys = events.map((e) => `${e.operationType}:${String((e as unknown as { documentKey: { _id: string } }).documentKey._id)}`);
    assert.equal(new Set(keys).size, keys.length, 'no event twice');
    const times = events.map((e) => (e as { clusterTime: Timestamp }).clusterTime);
    for (let i = 1; i < times.length; i += 1) assert.ok((times[i] as Timestamp).greaterThan(times[i - 1] as Timestamp), `event ${i} is after event ${i - 1}`);
    const tokens = events.map((e) => (e._id as { _data: string })._data);
    assert.deepEqual([...tokens].sort(), tokens, 'tokens sort in delivery order');
    for (let w = 0; w < writers; w += 1) {
      const own = keys.filter((k) => k.endsWith(`:${w}-0`));
      assert.deepEqual(own, [`insert:${w}-0`, `update:${w}-0`]);
    }
  });

  it('token _data carries the event clusterTime as 82 + big-endian (t << 32 | i)', async () => {
    const stream = await watch();
    await suite.db.collection('c').insertOne({ a: 1 });
    const event = await nextEvent(stream);
    const data = (event._id as { _data: string })._data;
    const ts = (event as { clusterTime: Timestamp }).clusterTime;
    const expected = ((BigInt(ts.high >>> 0) << 32n) | BigInt(ts.low >>> 0)).toString(16).padStart(16, '0');
    assert.equal(data.slice(0, 18).toLowerCase(), `82${expected}`);
  });

  it('looks up the current document for updates with updateLookup and whenAvailable', async () => {
    const c = suite.db.collection('c');
    await c.insertOne({ _id: 1 as never, a: 1 });
    const lookup = await watch([], { fullDocument: 'updateLookup' });
    await c.updateOne({ _id: 1 as never }, { $inc: { a: 1 } });
    const event = await nextEvent(lookup);
    assert.deepEqual(event.operationType === 'update' && event.fullDocument, { _id: 1, a: 2 });
    if (!suite.target.isReal) {
      const when = await watch([], { fullDocument: 'whenAvailable' });
      await c.updateOne({ _id: 1 as never }, { $inc: { a: 1 } });
      const e2 = await nextEvent(when);
      assert.deepEqual(e2.operationType === 'update' && e2.fullDocument, { _id: 1, a: 3 });
    }
  });

  it('applies $match and $project after $changeStream, and resumes after a filtered event', async () => {
    const c = suite.db.collection('c');
    const stream = await watch([{ $match: { 'fullDocument.keep': true } }, { $project: { 'fullDocument.secret': 0 } }]);
    await c.insertOne({ _id: 1 as never, keep: false });
    await c.insertOne({ _id: 2 as never, keep: true, secret: 's' });
    const event = await nextEvent(stream);
    assert.deepEqual(event.operationType === 'insert' && event.fullDocument, { _id: 2, keep: true });
    const token = stream.resumeToken as ResumeToken;
    await c.insertOne({ _id: 3 as never, keep: true });
    const resumed = suite.db.collection('c').watch([{ $match: { 'fullDocument.keep': true } }], { resumeAfter: token });
    streams.push(resumed);
    const next = await nextEvent(resumed);
    assert.deepEqual(next.operationType === 'insert' && next.fullDocument._id, 3);
  });

  it('resumes from a postBatchResumeToken of an empty batch without losing events', async () => {
    const stream = suite.db.collection('c').watch([], { maxAwaitTimeMS: 50 });
    streams.push(stream);
    assert.equal(await stream.tryNext(), null);
    const token = stream.resumeToken as { _data: string };
    assert.match(token._data, /^82[0-9a-fA-F]{16}/);
    await suite.db.collection('c').insertOne({ _id: 'after' as never });
    const resumed = suite.db.collection('c').watch([], { resumeAfter: token });
    streams.push(resumed);
    const event = await nextEvent(resumed);
    assert.equal(event.operationType === 'insert' && event.documentKey._id, 'after');
  });

  it('the high-water token advances past writes to other collections', async () => {
    const stream = suite.db.collection('quiet').watch([], { maxAwaitTimeMS: 50 });
    streams.push(stream);
    await stream.tryNext();
    const before = (stream.resumeToken as { _data: string })._data.slice(2, 18);
    const write = await suite.db.command({ insert: 'busy', documents: [{ a: 1 }] });
    const opTime = write['operationTime'] as Timestamp;
    await stream.tryNext();
    const after = (stream.resumeToken as { _data: string })._data.slice(2, 18);
    assert.ok(after > before);
    const opHex = ((BigInt(opTime.high >>> 0) << 32n) | BigInt(opTime.low >>> 0)).toString(16).padStart(16, '0');
    assert.ok(after >= opHex, 'the stream has provably seen everything up to the write');
  });

  it('starts at an operation time', async () => {
    const c = suite.db.collection('c');
    const reply = await suite.db.command({ insert: 'c', documents: [{ _id: 'first' }] });
    await c.insertOne({ _id: 'second' as never });
    const stream = c.watch([], { startAtOperationTime: reply['operationTime'] as Timestamp });
    streams.push(stream);
    const first = await nextEvent(stream);
    assert.equal(first.operationType === 'insert' && first.documentKey._id, 'first');
  });

  it('watches a database and the whole cluster', async () => {
    const dbStream = await watch([], {}, 'db');
    const clusterStream = await watch([{ $match: { 'ns.db': suite.db.databaseName } }], {}, 'client');
    await suite.db.collection('x').insertOne({ _id: 1 as never });
    await suite.db.collection('y').insertOne({ _id: 2 as never });
    const e1 = await nextEvent(dbStream);
    const e2 = await nextEvent(dbStream);
    assert.deepEqual(
      [e1, e2].map((e) => (e as { ns: { coll: string } }).ns.coll),
      ['x', 'y'],
    );
    const c1 = await nextEvent(clusterStream);
    assert.equal((c1 as { ns: { coll: string } }).ns.coll, 'x');
  });

  it('ends a collection stream with drop then invalidate, and startAfter the invalidate works', async () => {
    const c = suite.db.collection('c');
    await c.insertOne({ a: 1 });
    const stream = await watch();
    await c.drop();
    const drop = await nextEvent(stream);
    assert.equal(drop.operationType, 'drop');
    const invalidate = await nextEvent(stream);
    assert.equal(invalidate.operationType, 'invalidate');
    assert.equal(stream.closed || !(await stream.hasNext().catch(() => false)), true);
    await assert.rejects(
      (async () => {
        const s = c.watch([], { resumeAfter: invalidate._id });
        streams.push(s);
        await s.tryNext();
      })(),
      (e: MongoServerError) => typeof e.code === 'number',
    );
    const after = c.watch([], { startAfter: invalidate._id });
    streams.push(after);
    await after.tryNext();
    await c.insertOne({ _id: 'new' as never });
    const next = await nextEvent(after);
    assert.equal(next.operationType === 'insert' && next.documentKey._id, 'new');
  });

  it('reports rename on the source collection and dropDatabase on a database stream', async () => {
    await suite.db.collection('c').insertOne({ a: 1 });
    const collStream = await watch();
    const dbStream = await watch([], {}, 'db');
    await suite.db.collection('c').rename('d');
    const rename = await nextEvent(collStream);
    assert.equal(rename.operationType, 'rename');
    assert.deepEqual(rename.operationType === 'rename' && rename.to, { db: suite.db.databaseName, coll: 'd' });
    assert.equal((await nextEvent(collStream)).operationType, 'invalidate');
    assert.equal((await nextEvent(dbStream)).operationType, 'rename');
    await suite.db.dropDatabase();
    const types: string[] = [];
    for (;;) {
      const e = await nextEvent(dbStream);
      types.push(e.operationType);
      if (e.operationType === 'invalidate') break;
    }
    assert.deepEqual(types.slice(-2), ['dropDatabase', 'invalidate']);
  });

  it('fails the stream with 280 when the user pipeline removes the resume token, without failing the write', async () => {
    const stream = await watch([{ $project: { _id: 0 } }]);
    const write = await suite.db.collection('c').insertOne({ a: 1 });
    assert.ok(write.acknowledged);
    await assert.rejects(nextEvent(stream), (e: MongoServerError) => e.code === 280);
    assert.equal(await suite.db.collection('c').countDocuments(), 1);
  });

  it('rejects a malformed resume token and an unsupported stage after $changeStream', async () => {
    await assert.rejects(
      (async () => {
        const s = suite.db.collection('c').watch([], { resumeAfter: { _data: 'zz' } });
        streams.push(s);
        await s.tryNext();
      })(),
      (e: MongoServerError) => typeof e.code === 'number' && e.code !== 0,
    );
    await assert.rejects(
      (async () => {
        const s = suite.db.collection('c').watch([{ $group: { _id: null } }]);
        streams.push(s);
        await s.tryNext();
      })(),
      (e: MongoServerError) => typeof e.code === 'number',
    );
  });
});

describe('minimongod conformance: bounded change-stream history', function () {
  this.timeout(20_000);
  let target: ConformanceTarget;
  before(async function () {
    if (process.env['MINIMONGOD_CONFORMANCE_URL'] !== undefined) this.skip();
    target = await openTarget({ changeStreamHistory: 5 });
  });
  after(async () => {
    await target?.close();
  });

  it('answers 286 ChangeStreamHistoryLost when resuming from before the kept history', async () => {
    const db = target.client.db(uniqueDbName('hist'));
    const stream = db.collection('c').watch();
    await stream.tryNext();
    await db.collection('c').insertOne({ _id: 0 as never });
    const first = await stream.next();
    await stream.close();
    for (let i = 1; i <= 10; i += 1) await db.collection('c').insertOne({ _id: i as never });
    const resumed = db.collection('c').watch([], { resumeAfter: first._id });
    await assert.rejects(resumed.tryNext(), (e: MongoServerError) => e.code === 286);
    await resumed.close();
  });
});
