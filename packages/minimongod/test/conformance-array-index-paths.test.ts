import assert from 'node:assert/strict';
import { conformanceSuite } from './conformance-target';

/** Update paths whose numeric parts meet arrays: MongoDB reads them as base-10 indices. */
describe('minimongod conformance: array index paths in updates', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('index');

  it('reads a leading-zero index as the element it numbers', async () => {
    const c = suite.db.collection('c');
    await c.insertOne({ a: [1, { a: 98 }, 3], b: [1, 2, 3], o: { '01': 'kept' } });
    await c.updateOne({}, { $set: { 'a.01.b': 99, 'b.01': 20, 'o.01': 'field' } });
    assert.deepEqual(await c.findOne({}, { projection: { _id: 0 } }), { a: [1, { a: 98, b: 99 }, 3], b: [1, 20, 3], o: { '01': 'field' } });
    await c.updateOne({}, { $inc: { 'b.002': 5 } });
    assert.deepEqual((await c.findOne({}))?.['b'], [1, 20, 8]);
  });
});
