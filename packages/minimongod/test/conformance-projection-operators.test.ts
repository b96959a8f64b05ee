import assert from 'node:assert/strict';
import type { Document, MongoServerError } from 'mongodb';
import { Int32, Long } from 'mongodb';
import { conformanceSuite } from './conformance-target';

/** Operator projections in find (`$slice`, `$elemMatch`, the positional `$`), through the official driver. */
describe('minimongod conformance: projection operators', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('projection-operators');

  const seeded = async (): Promise<(projection: Document, filter?: Document) => Promise<Document | null>> => {
    const c = suite.db.collection('ops');
    await c.deleteMany({});
    await c.insertOne({
      _id: 1 as never,
      a: 1,
      docs: [
        { k: 1, v: 'x' },
        { k: 2, v: 'y' },
        { k: 2, v: 'z' },
      ],
      n: { arr: [1, 2, 3], keep: true },
      z: 'last',
    });
    return (projection, filter = { _id: 1 }) => c.findOne(filter, { projection });
  };

  it('slices a nested array and keeps every other field when $slice stands alone', async () => {
    const one = await seeded();
    assert.deepEqual(await one({ 'n.arr': { $slice: 1 } }), {
      _id: 1,
      a: 1,
      docs: [
        { k: 1, v: 'x' },
        { k: 2, v: 'y' },
        { k: 2, v: 'z' },
      ],
      n: { arr: [1], keep: true },
      z: 'last',
    });
    assert.deepEqual(await one({ _id: 0, 'n.arr': { $slice: [-2, 1] }, a: 1 }), { a: 1, n: { arr: [2] } });
    assert.deepEqual(await one({ 'n.arr': { $slice: -5 }, z: 1 }), { _id: 1, n: { arr: [1, 2, 3] }, z: 'last' });
    assert.deepEqual(await one({ 'n.arr': { $slice: new Long(2) }, z: 1 }), { _id: 1, n: { arr: [1, 2] }, z: 'last' });
  });

  it('puts the $elemMatch field after the other inclusions and drops it when nothing matches', async () => {
    const one = await seeded();
    assert.deepEqual(await one({ docs: { $elemMatch: { k: 2 } }, z: 1, a: 1 }), { _id: 1, a: 1, z: 'last', docs: [{ k: 2, v: 'y' }] });
    assert.deepEqual(await one({ docs: { $elemMatch: { k: new Int32(9) } }, a: 1 }), { _id: 1, a: 1 });
  });

  it('binds the positional $ to the element the query matched, with its other conditions', async () => {
    const one = await seeded();
    assert.deepEqual(await one({ 'docs.$': 1 }, { 'docs.v': 'z' }), { _id: 1, docs: [{ k: 2, v: 'z' }] });
    assert.deepEqual(await one({ 'docs.$': 1, a: 1 }, { docs: { $elemMatch: { k: new Long(2), v: 'y' } } }), { _id: 1, a: 1, docs: [{ k: 2, v: 'y' }] });
  });

  it('refuses the mixes MongoDB refuses, with its codes', async () => {
    const one = await seeded();
    const code = (expected: number) => (e: MongoServerError) => e.code === expected;
    await assert.rejects(one({ a: 1, z: 0 }), code(31254));
    await assert.rejects(one({ a: 0, z: 1 }), code(31253));
    await assert.rejects(one({ a: 0, docs: { $elemMatch: { k: 1 } }, 'docs.$': 1 }, { 'docs.k': 1 }), (e: MongoServerError) => typeof e.code === 'number');
    await assert.rejects(one({ 'docs.$': 1, 'n.arr.$': 1 }, { 'docs.k': 1, 'n.arr': 2 }), (e: MongoServerError) => e.code === 2);
    await assert.rejects(one({ 'n.arr': { $elemMatch: { $gt: 1 } } }), (e: MongoServerError) => typeof e.code === 'number');
    await assert.rejects(one({ 'n.arr': { $slice: [1, 0] } }), (e: MongoServerError) => typeof e.code === 'number');
    await assert.rejects(one({ 'n.arr': { $slice: 'two' } }), (e: MongoServerError) => typeof e.code === 'number');
    await assert.rejects(one({ a: { $unknown: 1 } }), (e: MongoServerError) => typeof e.code === 'number');
    // The server keeps answering after each refusal.
    assert.deepEqual(await one({ a: 1 }), { _id: 1, a: 1 });
  });
});
