import assert from 'node:assert/strict';
import { Decimal128, Long, type MongoServerError, ObjectId, type Document } from 'mongodb';
import { conformanceSuite } from './conformance-target';

/** CRUD, cursors and query semantics, through the official driver only. */
describe('minimongod conformance: CRUD', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('crud');

  it('answers the handshake as a replica-set primary and the admin commands', async () => {
    const hello = await suite.db.admin().command({ hello: 1 });
    assert.equal(hello['isWritablePrimary'], true);
    assert.equal(typeof hello['setName'], 'string');
    assert.ok(Array.isArray(hello['hosts']) && hello['hosts'].length > 0);
    assert.ok(hello['maxWireVersion'] >= 9);
    assert.equal(hello['topologyVersion'] === undefined || suite.target.isReal, true);
    assert.deepEqual((await suite.db.command({ ping: 1 }))['ok'], 1);
    const legacy = await suite.db.admin().command({ isMaster: 1 });
    assert.equal(legacy['ismaster'], true);
    const info = await suite.db.admin().buildInfo();
    assert.match(String(info['version']), /^\d+\.\d+/);
    const status = await suite.db.admin().command({ serverStatus: 1 });
    assert.equal(status['ok'], 1);
    await suite.db.collection('s').insertOne({ a: 1 });
    const stats = await suite.db.command({ dbStats: 1 });
    assert.equal(stats['objects'], 1);
    assert.ok(stats['dataSize'] >= 20 && stats['dataSize'] < 100, `dataSize ${stats['dataSize']} is the BSON size of {_id: ObjectId, a: 1}`);
    const collStats = await suite.db.command({ collStats: 's' });
    assert.equal(collStats['count'], 1);
    const dbs = await suite.db.admin().listDatabases();
    assert.ok(dbs.databases.some((d) => d.name === suite.db.databaseName));
    for (const command of ['connectionStatus', 'whatsmyuri', 'hostInfo', 'getCmdLineOpts']) {
      assert.equal((await suite.db.admin().command({ [command]: 1 }))['ok'], 1, command);
    }
    assert.equal((await suite.db.admin().command({ getLog: 'startupWarnings' }))['ok'], 1);
    assert.equal((await suite.db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 }))['ok'], 1);
    for (const command of ['killSessions', 'refreshSessions', 'endSessions']) {
      assert.equal((await suite.db.admin().command({ [command]: [] }))['ok'], 1, command);
    }
    const explained = await suite.db.collection('s').find({ a: 1 }).explain();
    assert.ok(explained !== null && typeof explained === 'object');
  });

  it('rejects an unknown command with 59 CommandNotFound', async () => {
    await assert.rejects(suite.db.command({ noSuchCommandHere: 1 }), (e: MongoServerError) => e.code === 59);
  });

  it('inserts, finds with filter/sort/skip/limit/projection, and keeps BSON types', async () => {
    const c = suite.db.collection('people');
    await c.insertMany([
      { _id: 1 as never, name: 'ann', age: 31, big: Long.fromString('9007199254740993'), tags: ['a', 'b'] },
      { _id: 2 as never, name: 'bob', age: 25, tags: ['b'] },
      { _id: 3 as never, name: 'cy', age: 40, nested: { x: { y: 1 } } },
    ]);
    const sorted = await c.find({ age: { $gt: 20 } }, { sort: { age: -1 }, skip: 1, limit: 1, projection: { name: 1, _id: 0 } }).toArray();
    assert.deepEqual(sorted, [{ name: 'ann' }]);
    assert.deepEqual(
      (await c.find({ tags: 'b' }).toArray()).map((d) => d._id),
      [1, 2],
    );
    assert.deepEqual(
      (await c.find({ 'nested.x.y': 1 }).toArray()).map((d) => d._id),
      [3],
    );
    const raw = await c.findOne({ _id: 1 as never }, { promoteLongs: false });
    assert.ok(raw?.['big'] instanceof Long);
    assert.equal((raw?.['big'] as Long | undefined)?.toString(), '9007199254740993');
  });

  it('compares int32, int64, double and decimal by value', async () => {
    const c = suite.db.collection('nums');
    await c.insertMany([
      { _id: 'long' as never, n: Long.fromNumber(5) },
      { _id: 'int' as never, n: 5 },
      { _id: 'double' as never, n: 5.5 },
      { _id: 'dec' as never, n: Decimal128.fromString('7') },
    ]);
    assert.deepEqual((await c.find({ n: 5 }).toArray()).map((d) => d._id).sort(), ['int', 'long']);
    assert.deepEqual((await c.find({ n: Long.fromNumber(5) }).toArray()).map((d) => d._id).sort(), ['int', 'long']);
    assert.deepEqual(
      (
        await c
          .find({ n: { $gt: 5 } })
          .sort({ n: 1 })
          .toArray()
      ).map((d) => d._id),
      ['double', 'dec'],
    );
    await c.updateOne({ _id: 'long' as never }, { $inc: { n: 2 } });
    const after = await c.findOne({ _id: 'long' as never }, { promoteLongs: false });
    assert.ok(after?.['n'] instanceof Long, 'a Long stays a Long after $inc');
    assert.equal((after?.['n'] as Long | undefined)?.toNumber(), 7);
    const [sum] = await c.aggregate([{ $group: { _id: null, total: { $sum: '$n' } } }]).toArray();
    assert.equal(Number(sum?.['total']), 7 + 5 + 5.5 + 7);
  });

  it('sorts across BSON types in MongoDB order', async () => {
    const c = suite.db.collection('mixed');
    const oid = new ObjectId();
    await c.insertMany([
      { _id: 1 as never, v: 'str' },
      { _id: 2 as never, v: 10 },
      { _id: 3 as never, v: null },
      { _id: 4 as never, v: oid },
      { _id: 5 as never, v: new Date(0) },
      { _id: 6 as never, v: true },
      { _id: 7 as never, v: { a: 1 } },
    ]);
    const order = (await c.find({}).sort({ v: 1 }).toArray()).map((d) => d._id);
    assert.deepEqual(order, [3, 2, 1, 7, 4, 6, 5]);
  });

  it('matches null through dotted paths as MongoDB does (missing anywhere along the path)', async () => {
    const c = suite.db.collection('nulls');
    await c.insertMany([
      { _id: 1, a: null },
      { _id: 2 },
      { _id: 3, a: 5 },
      { _id: 4, a: [{ b: 1 }, {}] },
      {
        _id: 7,
        a: [
          { b: 1, c: 2 },
          { b: 2, c: 1 },
        ],
      },
      { _id: 8, a: { b: null } },
    ] as never[]);
    const ids = async (filter: Document): Promise<unknown[]> => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    assert.deepEqual(await ids({ 'a.b': null }), [1, 2, 3, 4, 8]);
    assert.deepEqual(await ids({ 'a.b': { $ne: null } }), [7]);
    assert.deepEqual(await ids({ a: null }), [1, 2]);
    assert.deepEqual(await ids({ 'a.b': { $in: [null, 2] } }), [1, 2, 3, 4, 7, 8]);
    assert.deepEqual(await ids({ 'a.b': { $nin: [null] } }), [7]);
    assert.deepEqual(await ids({ 'a.c': { $in: [2] } }), [7]);
    // null and missing share the bottom of the BSON order: $lte/$gte null select what null does.
    assert.deepEqual(await ids({ a: { $lte: null } }), [1, 2]);
    assert.deepEqual(await ids({ a: { $gte: null } }), [1, 2]);
    assert.deepEqual(await ids({ 'a.b': { $gte: null } }), [1, 2, 3, 4, 8]);
    assert.deepEqual(await ids({ a: { $lt: null } }), []);
    assert.deepEqual(await ids({ a: { $gt: null } }), []);
    assert.deepEqual(await ids({ a: { $not: { $lte: null } } }), [3, 4, 7, 8]);
  });

  it('accepts a hint naming an existing index by name or key pattern, and refuses one that names none (2)', async () => {
    const c = suite.db.collection('hinted');
    await c.insertMany([
      { _id: 1, a: 2 },
      { _id: 2, a: 1 },
      { _id: 3, a: 3 },
    ] as never[]);
    await c.createIndex({ a: 1 }, { name: 'by_a' });
    const ids = (docs: Document[]): unknown[] => docs.map((d) => d._id);
    assert.deepEqual(ids(await c.find({ a: { $gte: 2 } }, { hint: 'by_a', sort: { a: 1 } }).toArray()), [1, 3]);
    assert.deepEqual(ids(await c.find({}, { hint: { a: 1 }, sort: { a: -1 } }).toArray()), [3, 1, 2]);
    assert.deepEqual(ids(await c.find({}, { hint: { $natural: 1 } }).toArray()), [1, 2, 3]);
    const refused = (e: MongoServerError): boolean => e.code === 2 && /hint provided does not correspond to an existing index/.test(e.message);
    await assert.rejects(c.find({}, { hint: 'no_such_index' }).toArray(), refused);
    await assert.rejects(c.find({}, { hint: { a: -1 } }).toArray(), refused);
    await assert.rejects(c.find({}, { hint: { b: 1 } }).toArray(), refused);
  });

  it('compares embedded documents field by field in order, in filters and $in/$nin', async () => {
    const c = suite.db.collection('order');
    await c.insertMany([
      { _id: 1 as never, a: { x: 1, y: 2 } },
      { _id: 2 as never, a: { y: 2, x: 1 } },
    ]);
    const ids = async (filter: Document): Promise<unknown[]> => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    assert.deepEqual(await ids({ a: { x: 1, y: 2 } }), [1]);
    assert.deepEqual(await ids({ a: { $in: [{ y: 2, x: 1 }] } }), [2]);
    assert.deepEqual(await ids({ a: { $nin: [{ x: 1, y: 2 }] } }), [2]);
  });

  it('matches $mod on numbers only and $all on a field holding the value itself', async () => {
    const c = suite.db.collection('mod');
    await c.insertMany([
      { _id: 1 as never, v: 4 },
      { _id: 2 as never, v: null },
      { _id: 3 as never, v: false },
      { _id: 4 as never, v: '' },
      { _id: 5 as never, v: [3, 6] },
    ]);
    const ids = async (filter: Document): Promise<unknown[]> => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    assert.deepEqual(await ids({ v: { $mod: [2, 0] } }), [1, 5]);
    assert.deepEqual(await ids({ v: { $all: [4] } }), [1]);
  });

  it('keeps included fields in the document’s order, not the projection’s', async () => {
    const c = suite.db.collection('porder');
    await c.insertOne({ _id: 1 as never, a: 1, n: { x: 1, y: 2 }, b: 2 });
    const projected = await c.findOne({}, { projection: { b: 1, 'n.y': 1, 'n.x': 1, a: 1 } });
    assert.deepEqual(Object.keys(projected ?? {}), ['_id', 'a', 'n', 'b']);
    assert.deepEqual(Object.keys(projected?.['n'] ?? {}), ['x', 'y']);
  });

  it('answers $type as the server does where Meteor’s client differs: integers are not doubles, an array is an array', async () => {
    const c = suite.db.collection('typed');
    await c.insertMany([
      { _id: 1 as never, v: 1 },
      { _id: 2 as never, v: 1.5 },
      { _id: 3 as never, v: [1] },
      { _id: 0 as never, v: 'zero' },
    ]);
    const ids = async (filter: Document): Promise<unknown[]> => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    assert.deepEqual(await ids({ v: { $type: 'double' } }), [2]);
    assert.deepEqual(await ids({ v: { $type: 'int' } }), [1, 3]);
    assert.deepEqual(await ids({ v: { $type: 'array' } }), [3]);
    // A falsy _id selects by its value (Meteor's client selects nothing, a guard for removes).
    assert.deepEqual(await ids({ _id: 0 }), [0]);
  });

  it('matches $type by BSON type, including ObjectId, and keeps _id first in projections', async () => {
    const c = suite.db.collection('types');
    const oid = new ObjectId();
    await c.insertMany([
      { _id: 1 as never, v: oid, w: 1 },
      { _id: 2 as never, v: 'text', w: 1 },
      { _id: 3 as never, v: ['text'], w: 1 },
      { _id: 4 as never, v: 2.5, w: 1 },
      { _id: 5 as never, v: null, w: 1 },
    ]);
    const ids = async (filter: Document): Promise<unknown[]> => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    assert.deepEqual(await ids({ v: { $type: 'objectId' } }), [1]);
    assert.deepEqual(await ids({ v: { $type: 'string' } }), [2, 3]);
    assert.deepEqual(await ids({ v: { $type: 'array' } }), [3]);
    assert.deepEqual(await ids({ v: { $type: ['double', 'null'] } }), [4, 5]);
    assert.deepEqual(await ids({ v: { $type: 'number' } }), [4]);
    await assert.rejects(c.find({ v: { $type: 'nonsense' } }).toArray(), (e: MongoServerError) => e.code === 2);
    const projected = await c.findOne({ _id: 1 as never }, { projection: { w: 1 } });
    assert.deepEqual(Object.keys(projected ?? {}), ['_id', 'w']);
    const sorted = await c.aggregate([{ $match: { _id: { $in: [1, 2, 4, 5] } } }, { $sort: { v: -1 } }, { $project: { _id: 1 } }]).toArray();
    assert.deepEqual(
      sorted.map((d) => d._id),
      [1, 2, 4, 5],
      'aggregate $sort uses BSON order: ObjectId > string > number > null',
    );
  });

  it('projects nested fields, exclusions, $slice, $elemMatch and the positional $', async () => {
    const c = suite.db.collection('proj');
    await c.insertOne({ _id: 1 as never, profile: { name: 'n', age: 3 }, a: 1, arr: [1, 2, 3, 4], docs: [{ k: 1 }, { k: 2 }], secret: 's' });
    const one = (projection: Document, filter: Document = { _id: 1 }) => c.findOne(filter, { projection });
    assert.deepEqual(await one({ 'profile.name': 1 }), { _id: 1, profile: { name: 'n' } });
    assert.deepEqual(await one({ secret: 0, 'profile.age': 0, arr: 0, docs: 0 }), { _id: 1, profile: { name: 'n' }, a: 1 });
    assert.deepEqual(await one({ arr: { $slice: 2 } }), { _id: 1, profile: { name: 'n', age: 3 }, a: 1, arr: [1, 2], docs: [{ k: 1 }, { k: 2 }], secret: 's' });
    assert.deepEqual(await one({ arr: { $slice: -1 }, a: 1 }), { _id: 1, a: 1, arr: [4] });
    assert.deepEqual(await one({ arr: { $slice: [1, 2] }, a: 1 }), { _id: 1, a: 1, arr: [2, 3] });
    assert.deepEqual(await one({ docs: { $elemMatch: { k: 2 } } }), { _id: 1, docs: [{ k: 2 }] });
    assert.deepEqual(await one({ 'docs.$': 1 }, { 'docs.k': 2 }), { _id: 1, docs: [{ k: 2 }] });
    await assert.rejects(one({ a: 1, secret: 0 }), (e: MongoServerError) => typeof e.code === 'number');
  });

  it('never lets a read change stored documents (projections, pipelines, change streams)', async () => {
    const c = suite.db.collection('immutable');
    const original = { _id: 1, profile: { name: 'n', age: 3 }, tags: ['a', 'b'], docs: [{ k: 1, v: 1 }] };
    await c.insertOne({ ...original, profile: { ...original.profile } } as never);
    const stream = c.watch([{ $project: { 'fullDocument.profile.age': 0 } }], { fullDocument: 'updateLookup', maxAwaitTimeMS: 20 });
    await stream.tryNext();
    await c.findOne({ _id: 1 as never }, { projection: { 'profile.age': 0, 'docs.v': 0 } });
    await c.aggregate([{ $unset: ['profile.name', 'docs.k'] }, { $addFields: { 'profile.extra': 1 } }, { $project: { tags: 0 } }]).toArray();
    await c.aggregate([{ $lookup: { from: 'immutable', localField: '_id', foreignField: '_id', as: 'self' } }, { $unset: 'self.profile' }]).toArray();
    await c.updateOne({ _id: 1 as never }, { $set: { touched: true } });
    await stream.next();
    await stream.close();
    assert.deepEqual(await c.findOne({ _id: 1 as never }), { ...original, touched: true });
  });

  it('pages through a large result with getMore and honours batchSize', async () => {
    const c = suite.db.collection('many');
    await c.insertMany(Array.from({ length: 350 }, (_, i) => ({ i })));
    const all = await c.find({}, { batchSize: 40 }).sort({ i: 1 }).toArray();
    assert.equal(all.length, 350);
    assert.deepEqual(
      all.slice(0, 3).map((d) => d['i']),
      [0, 1, 2],
    );
    const cursor = c.find({}, { batchSize: 10 });
    assert.ok(await cursor.next());
    await cursor.close();
    assert.equal(await c.countDocuments({ i: { $gte: 100 } }), 250);
    assert.equal(await c.countDocuments({}, { skip: 300, limit: 10 }), 10);
    assert.equal(await c.estimatedDocumentCount(), 350);
  });

  it('reports duplicate keys per index in ordered and unordered batches', async () => {
    const c = suite.db.collection('dups');
    await c.insertOne({ _id: 1 as never });
    await assert.rejects(c.insertOne({ _id: 1 as never }), (e: MongoServerError) => e.code === 11000);
    const ordered = await c.insertMany([{ _id: 2 }, { _id: 1 }, { _id: 3 }] as never[], { ordered: true }).catch((e: unknown) => e);
    assert.equal((ordered as { code?: number }).code, 11000);
    assert.equal(await c.countDocuments({}), 2);
    const unordered = await c
      .insertMany([{ _id: 4 }, { _id: 1 }, { _id: 5 }] as never[], { ordered: false })
      .catch((e: { writeErrors?: unknown[] | { index: number } }) => e);
    assert.equal(await c.countDocuments({}), 4);
    assert.ok(unordered !== undefined);
  });

  it('applies update operators, positional paths, arrayFilters and upserts', async () => {
    const c = suite.db.collection('upd');
    await c.insertOne({
      _id: 1 as never,
      a: 1,
      arr: [
        { k: 1, v: 0 },
        { k: 2, v: 0 },
      ],
      list: [1, 2, 3],
      s: 'x',
    });
    const r1 = await c.updateOne({ _id: 1 as never }, { $set: { b: 2 }, $unset: { s: '' }, $inc: { a: 4 }, $push: { list: { $each: [4, 5] } } } as never);
    assert.equal(r1.matchedCount, 1);
    assert.equal(r1.modifiedCount, 1);
    await c.updateOne({ _id: 1 as never, 'arr.k': 2 }, { $set: { 'arr.$.v': 9 } });
    await c.updateOne({ _id: 1 as never }, { $set: { 'arr.$[e].w': true } }, { arrayFilters: [{ 'e.k': 1 }] });
    await c.updateOne({ _id: 1 as never }, { $inc: { 'arr.$[].v': 1 } });
    await c.updateOne({ _id: 1 as never }, {
      $pull: { list: { $gte: 4 } },
      $addToSet: { tags: 'x' },
      $min: { a: 3 },
      $max: { hi: 10 },
      $mul: { b: 3 },
    } as never);
    await c.updateOne({ _id: 1 as never }, { $rename: { hi: 'high' }, $pop: { list: -1 }, $currentDate: { at: true } });
    const doc = await c.findOne({ _id: 1 as never });
    assert.deepEqual(doc?.['arr'], [
      { k: 1, v: 1, w: true },
      { k: 2, v: 10 },
    ]);
    assert.deepEqual(doc?.['list'], [2, 3]);
    assert.deepEqual(doc?.['tags'], ['x']);
    assert.equal(doc?.['a'], 3);
    assert.equal(doc?.['b'], 6);
    assert.equal(doc?.['high'], 10);
    assert.ok(doc?.['at'] instanceof Date);
    assert.equal(doc?.['s'], undefined);
    const up = await c.updateOne({ name: 'new', n: { $eq: 3 } }, { $set: { x: 1 }, $setOnInsert: { created: true } }, { upsert: true });
    assert.equal(up.upsertedCount, 1);
    const inserted = await c.findOne({ _id: up.upsertedId as never });
    assert.deepEqual({ ...inserted, _id: undefined }, { _id: undefined, name: 'new', n: 3, x: 1, created: true });
    const again = await c.updateOne({ name: 'new' }, { $set: { x: 1 }, $setOnInsert: { created: false } }, { upsert: true });
    assert.equal(again.matchedCount, 1);
    assert.equal(again.modifiedCount, 0);
    const replacedUpsert = await c.replaceOne({ name: 'by-replace' }, { name: 'by-replace', v: 1 }, { upsert: true });
    assert.equal(replacedUpsert.upsertedCount, 1);
    assert.ok(replacedUpsert.upsertedId instanceof ObjectId, 'an upserted replacement gets a generated _id');
    await c.deleteOne({ name: 'by-replace' });
    const many = await c.updateMany({}, { $set: { all: true } });
    assert.equal(many.matchedCount, 2);
  });

  it('applies update modifiers and refuses updates MongoDB refuses', async () => {
    const c = suite.db.collection('mods');
    await c.insertOne({ _id: 1 as never, arr: [3, 1], tags: ['a'], docs: [{ k: 1 }, { k: 2 }], s: 'str', l: [1, 2, 3] });
    await c.updateOne({ _id: 1 as never }, { $push: { arr: { $each: [5, 0], $sort: 1, $slice: 3 }, tags: { $each: ['z'], $position: 0 } } } as never);
    await c.updateOne({ _id: 1 as never }, { $addToSet: { tags: { $each: ['a', 'b'] } }, $pull: { docs: { k: 1 } }, $unset: { 'l.1': '' } } as never);
    await c.updateOne({ _id: 1 as never }, { $currentDate: { at: { $type: 'timestamp' }, day: true }, $mul: { missing: 5 }, $min: { low: 3 } } as never);
    const doc = await c.findOne({ _id: 1 as never });
    assert.deepEqual(doc?.['arr'], [0, 1, 3]);
    assert.deepEqual(doc?.['tags'], ['z', 'a', 'b']);
    assert.deepEqual(doc?.['docs'], [{ k: 2 }]);
    assert.deepEqual(doc?.['l'], [1, null, 3]);
    assert.equal(doc?.['at']?._bsontype, 'Timestamp');
    assert.ok(doc?.['day'] instanceof Date);
    assert.equal(doc?.['missing'], 0);
    assert.equal(doc?.['low'], 3);
    await assert.rejects(c.updateOne({ _id: 1 as never }, { $inc: { s: 1 } }), (e: MongoServerError) => e.code === 14);
    await assert.rejects(c.updateOne({ _id: 1 as never }, { $inc: { n: 'x' } } as never), (e: MongoServerError) => e.code === 14);
    await assert.rejects(c.updateOne({ _id: 1 as never }, { $set: { 's.deep': 1 } }), (e: MongoServerError) => e.code === 28);
    await assert.rejects(c.updateOne({ _id: 1 as never }, { $set: { a: 1 }, $unset: { a: '' } }), (e: MongoServerError) => e.code === 40);
    assert.equal((await c.findOne({ _id: 1 as never }))?.['s'], 'str', 'a refused update changes nothing');
  });

  it('replaces documents, runs pipeline updates, and protects _id', async () => {
    const c = suite.db.collection('rep');
    await c.insertOne({ _id: 1 as never, a: 1, b: 2 });
    await c.replaceOne({ _id: 1 as never }, { c: 3 });
    assert.deepEqual(await c.findOne({ _id: 1 as never }), { _id: 1, c: 3 });
    await c.updateOne({ _id: 1 as never }, [{ $set: { d: { $add: ['$c', 1] } } }]);
    assert.deepEqual(await c.findOne({ _id: 1 as never }), { _id: 1, c: 3, d: 4 });
    await assert.rejects(c.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }), (e: MongoServerError) => e.code === 66);
    await assert.rejects(c.updateOne({ _id: 1 as never }, { $bogus: { a: 1 } } as never), (e: MongoServerError) => e.code === 9);
  });

  it('deletes one or many, and findAndModify returns old or new documents', async () => {
    const c = suite.db.collection('del');
    await c.insertMany([
      { k: 1, v: 'a' },
      { k: 1, v: 'b' },
      { k: 2, v: 'c' },
    ]);
    assert.equal((await c.deleteOne({ k: 1 })).deletedCount, 1);
    assert.equal((await c.deleteMany({ k: { $in: [1, 2] } })).deletedCount, 2);
    await c.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 5 },
    ] as never[]);
    const before = await c.findOneAndUpdate({}, { $inc: { n: 1 } }, { sort: { n: -1 }, returnDocument: 'before' });
    assert.deepEqual(before, { _id: 2, n: 5 });
    const afterDoc = await c.findOneAndUpdate({ _id: 1 as never }, { $inc: { n: 1 } }, { returnDocument: 'after', projection: { n: 1 } });
    assert.deepEqual(afterDoc, { _id: 1, n: 2 });
    const upserted = await c.findOneAndUpdate({ _id: 9 as never }, { $set: { n: 0 } }, { upsert: true, returnDocument: 'after' });
    assert.deepEqual(upserted, { _id: 9, n: 0 });
    const replaced = await c.findOneAndReplace({ _id: 9 as never }, { m: 1 }, { returnDocument: 'after' });
    assert.deepEqual(replaced, { _id: 9, m: 1 });
    const removed = await c.findOneAndDelete({ _id: 9 as never });
    assert.deepEqual(removed, { _id: 9, m: 1 });
    assert.equal(await c.findOneAndDelete({ _id: 9 as never }), null);
  });

  it('answers distinct over arrays and nested paths', async () => {
    const c = suite.db.collection('dist');
    await c.insertMany([
      { t: ['a', 'b'], n: { x: 1 } },
      { t: 'b', n: { x: 2 } },
      { t: 'c', n: { x: 1 } },
    ]);
    assert.deepEqual((await c.distinct('t')).sort(), ['a', 'b', 'c']);
    assert.deepEqual((await c.distinct('n.x', { t: 'b' })).sort(), [1, 2]);
  });

  it('rejects a document over 16 MiB with 10334 (or the driver refuses it first)', async () => {
    const c = suite.db.collection('huge');
    const big = 'x'.repeat(16 * 1024 * 1024);
    await assert.rejects(
      c.insertOne({ big }),
      (e: { code?: number; name?: string }) => e.code === 10334 || e.name === 'MongoInvalidArgumentError' || e.name === 'BSONError',
    );
    await assert.rejects(
      suite.db.command({ insert: 'huge', documents: [{ big: 'y'.repeat(16 * 1024 * 1024 - 100), more: 'z'.repeat(2000) }] }).then((r) => {
        const errors = r['writeErrors'] as Array<{ code: number }> | undefined;
        if (errors !== undefined) throw Object.assign(new Error('write error'), { code: errors[0]?.code });
        return r;
      }),
      (e: { code?: number }) => e.code === 10334,
    );
  });

  it('fails type-checked fields with a clear error instead of crashing', async () => {
    await assert.rejects(suite.db.command({ find: 'x', filter: 5 }), (e: MongoServerError) => e.code === 14);
    await assert.rejects(suite.db.command({ insert: 'x', documents: 'nope' }), (e: MongoServerError) => e.code === 14);
    await assert.rejects(suite.db.command({ find: 'x', filter: { a: { $in: 5 } } }), (e: MongoServerError) => e.code === 2);
    assert.equal((await suite.db.command({ ping: 1 }))['ok'], 1);
  });
});
