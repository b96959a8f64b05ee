import assert from 'node:assert/strict';
import { ObjectId } from 'bson';
import { OrderedIndex, type OrderedEntry, type RangePosition } from './ordered-index';

function entry(keys: unknown[], seq: number): OrderedEntry {
  return { keys, seq, id: `id${seq}` };
}

/** Position for "first key between lo and hi inclusive" on an ascending first field. */
function between(lo: number, hi: number): RangePosition {
  return (e) => {
    const v = e.keys[0] as number;
    return v < lo ? 'before' : v > hi ? 'after' : 'inside';
  };
}

describe('OrderedIndex', () => {
  it('walks a range forwards and backwards across many chunks, ties in sequence order', () => {
    const index = new OrderedIndex([1]);
    // Inserted out of order, enough to split chunks several times.
    for (let i = 0; i < 5000; i += 1) index.add(entry([(i * 7919) % 1000], i));
    assert.equal(index.size, 5000);
    const forward = [...index.walk(between(10, 12), 'forward')];
    assert.deepEqual([...new Set(forward.map((e) => e.keys[0]))], [10, 11, 12]);
    assert.equal(forward.length, 15);
    for (let i = 1; i < forward.length; i += 1) {
      const a = forward[i - 1] as OrderedEntry;
      const b = forward[i] as OrderedEntry;
      assert.ok((a.keys[0] as number) < (b.keys[0] as number) || a.seq < b.seq);
    }
    const backward = [...index.walk(between(10, 12), 'backward')];
    assert.deepEqual(backward, [...forward].reverse());
    assert.deepEqual([...index.walk(between(2000, 3000), 'forward')], []);
    assert.deepEqual([...index.walk(between(-5, -1), 'backward')], []);
    assert.equal([...index.walk(between(0, 999), 'backward')].length, 5000);
  });

  it('orders by BSON type order and per-field direction, and removes exactly', () => {
    const oid = new ObjectId('000000000000000000000001');
    const index = new OrderedIndex(
      [1, -1],
      [
        entry(['a', new Date(2)], 1),
        entry(['a', new Date(1)], 2),
        entry([null, 5], 3),
        entry([undefined, 4], 4),
        entry([2, 'x'], 5),
        entry([oid, 1], 6),
        entry(['a', 3], 7),
      ],
    );
    const all = [...index.walk(() => 'inside', 'forward')].map((e) => e.seq);
    // null and missing first (by sequence), numbers, strings (second field descending: dates above numbers), ObjectId.
    assert.deepEqual(all, [3, 4, 5, 1, 2, 7, 6]);
    index.remove(entry(['a', new Date(1)], 2));
    index.remove(entry(['zzz'], 99));
    assert.deepEqual(
      [...index.walk(() => 'inside', 'forward')].map((e) => e.seq),
      [3, 4, 5, 1, 7, 6],
    );
  });
});
