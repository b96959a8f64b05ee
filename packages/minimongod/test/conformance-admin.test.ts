import assert from 'node:assert/strict';
import { Long, MongoClient, MongoServerError } from 'mongodb';
import { conformanceSuite } from './conformance-target';

/** Collections, indexes, sessions, transactions and retryable writes, through the driver. */
describe('minimongod conformance: collections, indexes, sessions', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('admin');

  it('creates, lists, renames and drops collections with MongoDB error codes', async () => {
    await suite.db.createCollection('a');
    await assert.rejects(suite.db.createCollection('a'), (e: MongoServerError) => e.code === 48);
    await suite.db.collection('b').insertOne({ x: 1 });
    const names = (await suite.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    assert.deepEqual(names, ['a', 'b']);
    const filtered = await suite.db.listCollections({ name: 'b' }).toArray();
    assert.equal(filtered.length, 1);
    assert.equal(filtered[0]?.type, 'collection');
    await suite.db.collection('b').rename('c');
    assert.equal(await suite.db.collection('c').countDocuments(), 1);
    assert.equal(await suite.db.collection('b').countDocuments(), 0);
    assert.equal(await suite.db.collection('c').drop(), true);
    await assert.rejects(suite.db.command({ drop: 'never-existed' }), (e: MongoServerError) => e.code === 26);
    await suite.db.dropDatabase();
    assert.deepEqual(await suite.db.listCollections().toArray(), []);
  });

  it('creates unique, compound, sparse and partial indexes and enforces them', async () => {
    const c = suite.db.collection('idx');
    assert.equal(await c.createIndex({ email: 1 }, { unique: true }), 'email_1');
    await c.createIndex({ a: 1, b: -1 });
    await c.createIndex({ nick: 1 }, { unique: true, sparse: true });
    await c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    const names = (await c.listIndexes().toArray()).map((i) => i['name']).sort();
    assert.deepEqual(names, ['_id_', 'a_1_b_-1', 'code_1', 'email_1', 'nick_1']);
    await c.insertOne({ email: 'a@x' });
    const dup = await c.insertOne({ email: 'a@x' }).catch((e: MongoServerError) => e);
    assert.equal((dup as MongoServerError).code, 11000);
    assert.deepEqual((dup as MongoServerError)['keyPattern'], { email: 1 });
    assert.deepEqual((dup as MongoServerError)['keyValue'], { email: 'a@x' });
    // sparse: many documents without `nick` are fine
    await c.insertOne({ email: 'b@x' });
    // partial: duplicates outside the filter are fine, inside are not
    await c.insertMany([
      { email: 'c@x', code: 1 },
      { email: 'd@x', code: 1 },
    ]);
    await c.insertOne({ email: 'e@x', code: 2, active: true });
    await assert.rejects(c.insertOne({ email: 'f@x', code: 2, active: true }), (e: MongoServerError) => e.code === 11000);
    await assert.rejects(c.updateOne({ email: 'b@x' }, { $set: { email: 'a@x' } }), (e: MongoServerError) => e.code === 11000);
    await assert.rejects(c.createIndex({ code: 1 }, { unique: true }), (e: MongoServerError) => e.code === 11000 || e.code === 85 || e.code === 86);
    await c.dropIndex('a_1_b_-1');
    await assert.rejects(c.dropIndex('nope_1'), (e: MongoServerError) => e.code === 27);
    await assert.rejects(suite.db.collection('missing').listIndexes().toArray(), (e: MongoServerError) => e.code === 26);
    const found = await c.find({ email: 'e@x' }).toArray();
    assert.equal(found.length, 1);
  });

  it('removes documents past their TTL', async function () {
    if (suite.target.isReal) this.skip();
    const c = suite.db.collection('ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 0 });
    const indexes = await c.listIndexes().toArray();
    assert.equal(indexes.find((i) => i['name'] === 'at_1')?.['expireAfterSeconds'], 0);
  });

  it('refuses transactions with 263 or 115 and no TransientTransactionError label', async function () {
    if (suite.target.isReal) this.skip();
    const session = suite.target.client.startSession();
    try {
      session.startTransaction();
      const error = await suite.db
        .collection('t')
        .insertOne({ a: 1 }, { session })
        .catch((e: MongoServerError) => e);
      assert.ok(error instanceof MongoServerError);
      assert.ok(error.code === 263 || error.code === 115);
      assert.match(error.message, /minimongod/);
      assert.equal(error.hasErrorLabel('TransientTransactionError'), false);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    assert.equal(await suite.db.collection('t').countDocuments(), 0);
  });

  it('answers a retried write from the cache and refuses an older txnNumber with 225', async () => {
    // A client of its own: the made-up txnNumbers must not reach the shared client's session pool.
    const client = new MongoClient(suite.target.url);
    const session = client.startSession();
    const sdb = client.db(suite.db.databaseName);
    try {
      const insert = (txn: number, id: number) => sdb.command({ insert: 'r', documents: [{ _id: id }], txnNumber: Long.fromNumber(txn) }, { session });
      const first = await insert(1_000_005, 1);
      assert.equal(first['n'], 1);
      const retried = await insert(1_000_005, 1);
      assert.equal(retried['n'], 1);
      assert.equal(retried['writeErrors'], undefined, 'a retry is answered from the cache, not re-applied');
      await assert.rejects(insert(1_000_003, 2), (e: MongoServerError) => e.code === 225);
      assert.equal(await suite.db.collection('r').countDocuments(), 1);
    } finally {
      await session.endSession();
      await client.close();
    }
  });

  it('stamps replies with operationTime and $clusterTime that advance with writes', async () => {
    const r1 = await suite.db.command({ insert: 'ot', documents: [{ a: 1 }] });
    const r2 = await suite.db.command({ insert: 'ot', documents: [{ a: 2 }] });
    assert.equal(r1['operationTime']?._bsontype, 'Timestamp');
    assert.ok((r2['operationTime'] as Long).greaterThan(r1['operationTime'] as Long));
    assert.equal(r2['$clusterTime']?.clusterTime?._bsontype, 'Timestamp');
  });

  it('runs the aggregation stages apps use', async () => {
    const c = suite.db.collection('agg');
    const other = suite.db.collection('users');
    await other.insertMany([
      { _id: 'u1', name: 'Ann' },
      { _id: 'u2', name: 'Bob' },
    ] as never[]);
    await c.insertMany([
      { user: 'u1', room: 'a', n: 1, tags: ['x', 'y'] },
      { user: 'u2', room: 'a', n: 2, tags: ['y'] },
      { user: 'u1', room: 'b', n: 3, tags: [] },
    ]);
    const grouped = await c
      .aggregate([{ $match: { n: { $gte: 1 } } }, { $group: { _id: '$room', total: { $sum: '$n' }, users: { $addToSet: '$user' } } }, { $sort: { _id: 1 } }])
      .toArray();
    assert.deepEqual(
      grouped.map((g) => [g._id, g['total']]),
      [
        ['a', 3],
        ['b', 3],
      ],
    );
    const unwound = await c.aggregate([{ $unwind: '$tags' }, { $sortByCount: '$tags' }]).toArray();
    assert.deepEqual(unwound, [
      { _id: 'y', count: 2 },
      { _id: 'x', count: 1 },
    ]);
    const joined = await c
      .aggregate([
        { $match: { n: 3 } },
        { $lookup: { from: 'users', localField: 'user', foreignField: '_id', as: 'u' } },
        { $project: { _id: 0, name: { $first: '$u.name' } } },
      ])
      .toArray();
    assert.deepEqual(joined, [{ name: 'Ann' }]);
    const faceted = await c
      .aggregate([{ $facet: { count: [{ $count: 'n' }], top: [{ $sort: { n: -1 } }, { $limit: 1 }, { $replaceRoot: { newRoot: { best: '$n' } } }] } }])
      .toArray();
    assert.deepEqual(faceted, [{ count: [{ n: 3 }], top: [{ best: 3 }] }]);
    const shaped = await c
      .aggregate([
        { $sort: { n: 1 } },
        { $skip: 1 },
        { $limit: 1 },
        { $addFields: { double: { $multiply: ['$n', 2] } } },
        { $set: { s: { $concat: ['$room', '!'] } } },
        { $unset: ['tags', '_id'] },
      ])
      .toArray();
    assert.deepEqual(shaped, [{ user: 'u2', room: 'a', n: 2, double: 4, s: 'a!' }]);
    const sample = await c.aggregate([{ $sample: { size: 2 } }]).toArray();
    assert.equal(sample.length, 2);
    await assert.rejects(c.aggregate([{ $noSuchStage: {} }]).toArray(), (e: MongoServerError) => e.code === 40324);
  });
});
