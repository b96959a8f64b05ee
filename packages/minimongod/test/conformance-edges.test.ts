import assert from 'node:assert/strict';
import type { MongoServerError } from 'mongodb';
import { conformanceSuite } from './conformance-target';

/** Less travelled corners of the commands, through the driver only. */
describe('minimongod conformance: edges', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('edge');

  it('enforces unique multikey indexes across documents but not within one', async () => {
    const c = suite.db.collection('tags');
    await c.createIndex({ tags: 1 }, { unique: true });
    await c.insertOne({ _id: 1 as never, tags: ['a', 'b', 'a'] });
    await assert.rejects(c.insertOne({ _id: 2 as never, tags: ['c', 'b'] }), (e: MongoServerError) => e.code === 11000);
    await c.insertOne({ _id: 3 as never, tags: ['c'] });
    assert.equal(await c.countDocuments({ tags: 'a' }), 1);
  });

  it('creates the same index twice without error and drops every index with *', async () => {
    const c = suite.db.collection('idx');
    assert.equal(await c.createIndex({ a: 1 }), 'a_1');
    assert.equal(await c.createIndex({ a: 1 }), 'a_1');
    await c.createIndex({ b: -1 }, { name: 'custom' });
    assert.deepEqual((await c.listIndexes().toArray()).map((i) => i['name']).sort(), ['_id_', 'a_1', 'custom']);
    await c.dropIndexes();
    assert.deepEqual(
      (await c.listIndexes().toArray()).map((i) => i['name']),
      ['_id_'],
    );
  });

  it('renames over an existing collection only with dropTarget', async () => {
    await suite.db.collection('src').insertOne({ from: 'src' });
    await suite.db.collection('dst').insertOne({ from: 'dst' });
    await assert.rejects(suite.db.collection('src').rename('dst'), (e: MongoServerError) => e.code === 48);
    await suite.db.collection('src').rename('dst', { dropTarget: true });
    assert.deepEqual(
      await suite.db
        .collection('dst')
        .find({}, { projection: { _id: 0 } })
        .toArray(),
      [{ from: 'src' }],
    );
    await assert.rejects(suite.db.collection('nope').rename('x'), (e: MongoServerError) => e.code === 26);
  });

  it('upserts with arrayFilters and $setOnInsert, and reports upserted ids in bulk writes', async () => {
    const c = suite.db.collection('bulk');
    const result = await c.bulkWrite([
      { insertOne: { document: { _id: 1, list: [{ k: 1, v: 0 }] } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { 'list.$[e].v': 5 } }, arrayFilters: [{ 'e.k': 1 }] } },
      { updateOne: { filter: { _id: 2 }, update: { $setOnInsert: { created: true }, $set: { n: 1 } }, upsert: true } },
      { deleteOne: { filter: { _id: 99 } } },
      { replaceOne: { filter: { _id: 3 }, replacement: { r: true }, upsert: true } },
    ] as never[]);
    assert.equal(result.insertedCount, 1);
    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 1);
    assert.equal(result.upsertedCount, 2);
    assert.deepEqual(Object.values(result.upsertedIds).sort(), [2, 3]);
    assert.equal(result.deletedCount, 0);
    assert.deepEqual(await c.findOne({ _id: 1 as never }), { _id: 1, list: [{ k: 1, v: 5 }] });
    assert.deepEqual(await c.findOne({ _id: 2 as never }), { _id: 2, created: true, n: 1 });
  });

  it('returns listCollections entries that filter by name and type', async () => {
    await suite.db.createCollection('alpha');
    await suite.db.createCollection('beta');
    const names = (await suite.db.listCollections({ type: 'collection', name: { $regex: '^a' } }).toArray()).map((c) => c.name);
    assert.deepEqual(names, ['alpha']);
    const full = await suite.db.listCollections({ name: 'beta' }).toArray();
    assert.equal((full[0] as { info?: { uuid?: unknown } }).info?.uuid !== undefined, true);
  });

  it('sorts, skips and limits a cursor consistently across getMore batches', async () => {
    const c = suite.db.collection('pages');
    await c.insertMany(Array.from({ length: 57 }, (_, i) => ({ i, g: i % 3 })));
    const page = await c
      .find({ g: { $ne: 1 } })
      .sort({ g: -1, i: 1 })
      .skip(5)
      .limit(30)
      .batchSize(7)
      .toArray();
    assert.equal(page.length, 30);
    const all = (await c.find({ g: { $ne: 1 } }).toArray()).sort((a, b) => b['g'] - a['g'] || a['i'] - b['i']);
    assert.deepEqual(
      page.map((d) => d['i']),
      all.slice(5, 35).map((d) => d['i']),
    );
  });

  it('deletes with an index-assisted filter and leaves the index consistent', async () => {
    const c = suite.db.collection('del');
    await c.createIndex({ room: 1 });
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ room: `r${i % 4}`, i })));
    assert.equal((await c.deleteMany({ room: 'r1' })).deletedCount, 5);
    assert.equal(await c.countDocuments({ room: 'r1' }), 0);
    await c.updateMany({ room: 'r2' }, { $set: { room: 'r1' } });
    assert.equal(await c.countDocuments({ room: 'r1' }), 5);
    assert.equal(await c.countDocuments({ room: 'r2' }), 0);
  });
});
