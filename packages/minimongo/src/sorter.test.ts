import assert from 'node:assert/strict';
import { MinimongoError } from './errors';
import { Sorter, type SortSpecifier } from './sorter';
import type { Document } from './value-types';

function order(spec: SortSpecifier, docs: Document[]): unknown[] {
  return [...docs].sort(new Sorter(spec).getComparator()).map((d) => d._id);
}

describe('Sorter', () => {
  const people = [
    { _id: 1, name: 'b', age: 30 },
    { _id: 2, name: 'a', age: 30 },
    { _id: 3, name: 'c', age: 20 },
  ];

  it('sorts by several keys in object form', () => {
    assert.deepEqual(order({ age: -1, name: 1 }, people), [2, 1, 3]);
  });

  it('accepts the array forms', () => {
    assert.deepEqual(order([['age', 'desc'], 'name'], people), [2, 1, 3]);
    assert.deepEqual(order(['age', ['name', 'asc']], people), [3, 2, 1]);
  });

  it('accepts a comparator function', () => {
    assert.deepEqual(order((a, b) => (b._id as number) - (a._id as number), people), [3, 2, 1]);
  });

  it('puts missing and null values first, then orders across BSON types', () => {
    const docs = [
      { _id: 'str', v: 'x' },
      { _id: 'num', v: 5 },
      { _id: 'missing' },
      { _id: 'bool', v: true },
      { _id: 'date', v: new Date(0) },
      { _id: 'obj', v: { a: 1 } },
    ];
    assert.deepEqual(order({ v: 1 }, docs), ['missing', 'num', 'str', 'obj', 'bool', 'date']);
  });

  it('uses the smallest array element ascending and the largest descending', () => {
    const docs = [
      { _id: 'a', v: [1, 10] },
      { _id: 'b', v: [5] },
      { _id: 'c', v: 3 },
    ];
    assert.deepEqual(order({ v: 1 }, docs), ['a', 'c', 'b']);
    assert.deepEqual(order({ v: -1 }, docs), ['a', 'b', 'c']);
  });

  it('sorts through arrays of documents by a dotted key', () => {
    const docs = [
      { _id: 'a', items: [{ n: 4 }, { n: 9 }] },
      { _id: 'b', items: [{ n: 2 }] },
    ];
    assert.deepEqual(order({ 'items.n': 1 }, docs), ['b', 'a']);
    assert.deepEqual(order({ 'items.n': -1 }, docs), ['a', 'b']);
  });

  for (const [name, spec] of [
    ['a zero direction', { a: 0 }],
    ['a string direction in object form', { a: 'up' }],
    ['an unknown array direction', [['a', 'sideways']]],
    ['a non-string array entry', [5]],
    ['an operator key', { $natural: 1 }],
  ] as Array<[string, unknown]>) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => new Sorter(spec as SortSpecifier),
        (error: unknown) => error instanceof MinimongoError && /Bad sort specification/.test(error.message),
      );
    });
  }
});
