import assert from 'node:assert/strict';
import { MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import { encodeOpMsgRequest } from '../src/wire-codec';
import { startMinimongod, type MinimongodHandle } from '../src/index';
import { RawWireClient } from './raw-wire-client';

/** `{ s: { s: … innermost } }` with `levels` documents, built without recursion. */
function nested(levels: number, innermost: Document = { s: 1 }): Document {
  let doc: Document = innermost;
  for (let i = 1; i < levels; i += 1) doc = { s: doc };
  return doc;
}

function dottedPath(parts: number): string {
  return Array.from({ length: parts }, () => 'a').join('.');
}

const OVERFLOW = 15;

function isOverflow(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof MongoServerError, `a server error, got ${String(error)}`);
    assert.equal(error.code, OVERFLOW);
    assert.match(error.message, pattern);
    return true;
  };
}

/** BSON bytes of `{ insert: 'c', $db: 'deep', documents: [ { s: { s: … } } ] }` written by hand (no recursive encoder). */
function deepInsertBytes(levels: number): Buffer {
  const element = (type: number, name: string, value: Buffer): Buffer => Buffer.concat([Buffer.from([type]), Buffer.from(`${name}\0`), value]);
  const document = (elements: Buffer[]): Buffer => {
    const body = Buffer.concat([...elements, Buffer.from([0])]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(body.length + 4, 0);
    return Buffer.concat([size, body]);
  };
  const string = (value: string): Buffer => {
    const bytes = Buffer.from(`${value}\0`);
    const size = Buffer.alloc(4);
    size.writeInt32LE(bytes.length, 0);
    return Buffer.concat([size, bytes]);
  };
  // Written front to back into one buffer: each outer level is a length, `03 's' 00`, and a
  // terminating zero after the innermost `{ s: 1 }`.
  const inner = Buffer.alloc(12 + 8 * (levels - 1));
  let pos = 0;
  for (let level = levels; level > 1; level -= 1) {
    inner.writeInt32LE(12 + 8 * (level - 1), pos);
    inner.set([0x03, 0x73, 0], pos + 4);
    pos += 7;
  }
  inner.writeInt32LE(12, pos);
  inner.set([0x10, 0x73, 0, 1, 0, 0, 0, 0], pos + 4);
  return document([
    element(0x02, 'insert', string('c')),
    element(0x02, '$db', string('deep')),
    element(0x04, 'documents', document([element(0x03, '0', inner)])),
  ]);
}

describe('minimongod nesting depth (MongoDB refuses documents past 100 levels with Overflow)', function () {
  this.timeout(30_000);
  let server: MinimongodHandle;
  let client: MongoClient;
  let coll: Collection;
  before(async () => {
    server = await startMinimongod({ quiet: true });
    client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5000 });
    coll = client.db('deep').collection('c');
  });
  after(async () => {
    await client.close();
    await server.stop();
  });
  beforeEach(async () => {
    await coll.deleteMany({});
  });

  it('stores a document of 100 levels and refuses 101, in documents and arrays alike', async () => {
    await coll.insertOne({ _id: 'hundred' as never, ...nested(100) });
    await assert.rejects(
      coll.insertOne({ _id: 'over' as never, ...nested(101) }),
      isOverflow(/cannot insert document because it exceeds 100 levels of nesting/),
    );
    let array: unknown = 1;
    for (let i = 0; i < 100; i += 1) array = [array];
    await assert.rejects(coll.insertOne({ a: array }), isOverflow(/100 levels of nesting/));
    // Empty documents do not count toward the depth, as in mongod.
    await coll.insertOne({ _id: 'empty-tail' as never, ...nested(100, { s: 1, e: {}, f: [] }) });
    assert.deepEqual(
      (await coll.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id),
      ['hundred', 'empty-tail'],
    );
  });

  it('refuses 5,000- and 20,000-deep documents with Overflow, stores nothing, and keeps serving every connection', async () => {
    const other = new MongoClient(server.url, { serverSelectionTimeoutMS: 5000 });
    try {
      for (const levels of [5_000, 20_000]) {
        await assert.rejects(coll.insertOne({ deep: nested(levels) }), isOverflow(/nest/));
      }
      assert.equal(await coll.countDocuments(), 0);
      await other.db('deep').collection('c').insertOne({ after: true });
      assert.equal(await coll.countDocuments({ after: true }), 1);
    } finally {
      await other.close();
    }
  });

  it('answers a 20,000-deep message sent as raw bytes with Overflow on the same connection, which stays usable', async () => {
    const raw = await RawWireClient.connect(server.port);
    try {
      const body = deepInsertBytes(20_000);
      const header = Buffer.alloc(16);
      const flags = Buffer.alloc(4);
      const message = Buffer.concat([header, flags, Buffer.from([0]), body]);
      message.writeInt32LE(message.length, 0);
      message.writeInt32LE(41, 4);
      message.writeInt32LE(2013, 12);
      raw.send(message);
      const reply = await raw.nextReply();
      assert.ok(reply !== null, 'answered, connection not dropped');
      assert.equal(reply.responseTo, 41);
      assert.equal(reply.doc['ok'], 0);
      assert.equal(reply.doc['code'], OVERFLOW);
      assert.match(String(reply.doc['errmsg']), /exceeds maximum nested object depth/);
      raw.send(encodeOpMsgRequest(42, { ping: 1, $db: 'admin' }));
      const pong = await raw.nextReply();
      assert.equal(pong?.responseTo, 42);
      assert.equal(pong?.doc['ok'], 1);
    } finally {
      raw.close();
    }
    assert.equal(await coll.countDocuments(), 0);
  });

  it('refuses updates, replacements and upserts whose result would pass 100 levels, leaving the document as it was', async () => {
    await coll.insertOne({ _id: 1 as never, v: 'original' });
    const tooDeep = isOverflow(/Document exceeds maximum nesting depth of 100/);
    await assert.rejects(coll.updateOne({ _id: 1 as never }, { $set: { x: nested(100) } }), tooDeep);
    await assert.rejects(coll.updateOne({ _id: 1 as never }, { $set: { [dottedPath(101)]: 1 } }), tooDeep);
    await assert.rejects(coll.updateOne({ _id: 1 as never }, { $set: { [dottedPath(20_000)]: 1 } }), tooDeep);
    await assert.rejects(coll.updateOne({ _id: 1 as never }, { $push: { [dottedPath(20_000)]: 1 } } as Document), tooDeep);
    await assert.rejects(coll.updateOne({ _id: 1 as never }, [{ $set: { x: { $literal: nested(100) } } }]), tooDeep);
    await assert.rejects(coll.replaceOne({ _id: 1 as never }, { x: nested(100) }), tooDeep);
    await assert.rejects(coll.findOneAndUpdate({ _id: 1 as never }, { $set: { x: nested(100) } }), tooDeep);
    await assert.rejects(coll.updateOne({ _id: 2 as never }, { $setOnInsert: { x: nested(100) } }, { upsert: true }), tooDeep);
    await assert.rejects(coll.updateOne({ [dottedPath(101)]: 1 }, { $set: { y: 1 } }, { upsert: true }), tooDeep);
    await assert.rejects(coll.updateOne({ [dottedPath(20_000)]: 1 }, { $set: { y: 1 } }, { upsert: true }), isOverflow(/FieldPath is too long/));
    // Nothing is stored that deep, so removing through such a path changes nothing.
    const unset = await coll.updateOne({ _id: 1 as never }, { $unset: { [dottedPath(20_000)]: 1 } });
    assert.equal(unset.modifiedCount, 0);
    assert.deepEqual(await coll.find({}).toArray(), [{ _id: 1, v: 'original' }]);
    // The limit itself is allowed.
    await coll.updateOne({ _id: 1 as never }, { $set: { [dottedPath(100)]: 1 } });
    await coll.updateOne({ _id: 1 as never }, { $set: { x: nested(99) } });
  });

  it('answers filters, sorts, projections and pipelines naming 20,000-part paths without overflowing its stack', async () => {
    await coll.insertOne({ _id: 1 as never, a: 1 });
    const path = dottedPath(20_000);
    assert.equal(
      (
        await coll
          .find({})
          .sort({ [path]: 1 })
          .toArray()
      ).length,
      1,
    );
    const tooLong = isOverflow(/FieldPath is too long/);
    await assert.rejects(coll.findOne({ [path]: 1 }), tooLong);
    await assert.rejects(coll.countDocuments({ [path]: { $exists: false } }), tooLong);
    await assert.rejects(coll.findOne({ $or: [{ a: 1 }, { a: { $elemMatch: { [path]: 1 } } }] }), tooLong);
    await assert.rejects(coll.findOne({ $expr: { $eq: [`$${path}`, 1] } }), tooLong);
    // The limit itself is a path of 200 parts, which any of these may name.
    assert.equal(await coll.findOne({ [dottedPath(200)]: { $exists: true } }), null);
    assert.equal(await coll.countDocuments({ [dottedPath(200)]: { $exists: false } }), 1);
    await assert.rejects(coll.findOne({}, { projection: { [path]: 1 } }), tooLong);
    await assert.rejects(coll.aggregate([{ $group: { _id: `$${path}` } }]).toArray(), tooLong);
    await assert.rejects(coll.aggregate([{ $project: { [path]: 1 } }]).toArray(), tooLong);
    // An expression may build a value deeper than anything it was given.
    const build = { $reduce: { input: { $range: [0, 20_000] }, initialValue: 1, in: { a: '$$value' } } };
    await assert.rejects(coll.aggregate([{ $project: { x: build } }]).toArray(), isOverflow(/maximum nested object depth/));
    await assert.rejects(coll.updateOne({ _id: 1 as never }, [{ $set: { x: build } }]), isOverflow(/nest/));
    await coll.createIndex({ [path]: 1 });
    await coll.insertOne({ _id: 2 as never, a: 2 });
    assert.equal(await coll.countDocuments(), 2);
    await coll.dropIndexes();
  });
});
