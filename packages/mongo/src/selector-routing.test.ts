import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { selectorRouting } from './selector-routing';
import { routingKey } from './shared-change-stream';

describe('selectorRouting', () => {
  it('pins the first top-level literal, $eq or $in of literals', () => {
    assert.deepEqual(selectorRouting({ channelId: 'c1', threadId: null }), { field: 'channelId', values: [routingKey('c1')] });
    assert.deepEqual(selectorRouting({ n: { $eq: 3 } }), { field: 'n', values: [routingKey(3)] });
    const oid = new ObjectID('0123456789abcdef01234567');
    assert.deepEqual(selectorRouting({ _id: { $in: ['a', oid] } }), { field: '_id', values: [routingKey('a'), routingKey(oid)] });
  });

  it('does not route what a document could match without carrying the value', () => {
    for (const selector of [
      {},
      { n: { $gt: 1 } },
      { 'a.b': 'x' },
      { $or: [{ a: 1 }, { b: 2 }] },
      { a: null },
      { a: { $in: [] } },
      { a: { $in: [{ nested: 1 }] } },
      { a: { $eq: 1, $ne: 2 } },
      { a: new Date(0) },
    ]) {
      assert.deepEqual(selectorRouting(selector), { field: null, values: [] }, JSON.stringify(selector));
    }
  });

  it('skips unroutable fields and uses a later routable one', () => {
    assert.deepEqual(selectorRouting({ n: { $gt: 1 }, room: 'r' }), { field: 'room', values: [routingKey('r')] });
  });
});
