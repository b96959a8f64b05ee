import assert from 'node:assert/strict';
import { MongoServerError, type Document } from 'mongodb';
import { conformanceSuite } from './conformance-target';

/**
 * The document an upsert inserts, seeded from its query, and the `_id` rules around it; the
 * same rules minimongo applies on the client (test/meteor-expectations.ts), so a method's
 * simulation and the server insert the same document.
 */
describe('minimongod conformance: upsert seeding and _id', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('seed');

  const seeded: Array<[string, Document, Document]> = [
    ['one-element $all', { a: { $all: ['x'] } }, { a: 'x', b: 1 }],
    ['every $and clause', { $and: [{ a: 1 }, { $and: [{ 'c.d': 2 }] }] }, { a: 1, c: { d: 2 }, b: 1 }],
    ['the clause of a one-branch $or', { $or: [{ 'k.foo': { $all: ['bar'] } }] }, { k: { foo: 'bar' }, b: 1 }],
    ['nothing from a many-branch $or', { $or: [{ a: 1 }, { c: 2 }] }, { b: 1 }],
    ['$eq, not other operators', { a: { $eq: 5 }, c: { $gt: 1 }, d: /x/ }, { a: 5, b: 1 }],
  ];
  for (const [name, query, expected] of seeded) {
    it(`seeds ${name}`, async () => {
      const c = suite.db.collection('c');
      await c.updateOne(query, { $set: { b: 1 } }, { upsert: true });
      assert.deepEqual(await c.findOne({}, { projection: { _id: 0 } }), expected);
    });
  }

  const ambiguous: Array<[string, Document]> = [
    ['a path pinned twice by $all', { a: { $all: ['x', 'y'] } }],
    ['a path pinned twice through $and', { a: 1, $and: [{ a: 2 }] }],
    ['a path pinned beneath another', { a: 1, 'a.b': 2 }],
  ];
  for (const [name, query] of ambiguous) {
    it(`refuses an upsert with ${name} and inserts nothing`, async () => {
      const c = suite.db.collection('c');
      await assert.rejects(
        c.updateOne(query, { $set: { b: 1 } }, { upsert: true }),
        (error: unknown) => error instanceof MongoServerError && error.code === 54,
      );
      assert.equal(await c.countDocuments({}), 0);
    });
  }

  it('keeps the _id an upsert query pins: repeating it is fine, changing it is refused', async () => {
    const c = suite.db.collection<{ _id: string; z?: number; b?: number }>('c');
    await c.updateOne({ _id: 'one' }, { $setOnInsert: { _id: 'one', z: 1 } }, { upsert: true });
    assert.deepEqual(await c.findOne({}), { _id: 'one', z: 1 });
    await c.deleteMany({});
    for (const write of [
      () => c.updateOne({ _id: 'one' }, { $setOnInsert: { _id: 'two' } }, { upsert: true }),
      () => c.replaceOne({ _id: 'one' }, { _id: 'two', b: 1 } as never, { upsert: true }),
    ]) {
      await assert.rejects(write(), (error: unknown) => error instanceof MongoServerError && error.code === 66);
    }
    assert.equal(await c.countDocuments({}), 0);
  });

  it('accepts $set of _id to the value it has, refuses another value', async () => {
    const c = suite.db.collection<{ _id: number; a?: number }>('c');
    await c.insertOne({ _id: 4, a: 1 });
    await c.updateOne({ _id: 4 }, { $set: { _id: 4, a: 2 } });
    assert.deepEqual(await c.findOne({}), { _id: 4, a: 2 });
    await assert.rejects(c.updateOne({ _id: 4 }, { $set: { _id: 5 } }), (error: unknown) => error instanceof MongoServerError && error.code === 66);
  });
});
