import assert from 'node:assert/strict';
import { EJSON, ObjectID } from '@perseid/ejson';
import { MinimongoError } from './errors';
import { Sorter, type SortSpecifier } from './sorter';
import { compareValues, type Document } from './value-types';

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
    assert.deepEqual(
      order((a, b) => (b._id as number) - (a._id as number), people),
      [3, 2, 1],
    );
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

  it('takes keys read through the same array from the same element', () => {
    const docs = [
      {
        _id: 'second',
        a: [
          { x: 0, y: 5 },
          { x: 1, y: 3 },
        ],
      },
      { _id: 'first', a: [{ x: 0, y: 4 }] },
    ];
    assert.deepEqual(order({ 'a.x': 1, 'a.y': 1 }, docs), ['first', 'second']);
  });

  it('uses the minimum (ascending) or maximum (descending) across array documents and leaf arrays', () => {
    const docs = [
      { _id: 'd1', a: { x: [1, 4] } },
      { _id: 'd2', a: [{ x: [2] }, { x: 3 }] },
      { _id: 'd3', a: { x: 0 } },
      { _id: 'd4', a: { x: 2.5 } },
      { _id: 'd5', a: { x: 5 } },
    ];
    assert.deepEqual(order({ 'a.x': 1 }, docs), ['d3', 'd1', 'd2', 'd4', 'd5']);
    assert.deepEqual(order({ 'a.x': -1 }, docs), ['d5', 'd1', 'd2', 'd4', 'd3']);
  });

  it('does not expand arrays nested in arrays, and compares an indexed array as a whole', () => {
    const docs = [
      { _id: 'p', a: [5, [19, 3], 18] },
      { _id: 'q', a: [1, [10, 15], 20] },
    ];
    assert.deepEqual(order({ a: 1 }, docs), ['q', 'p'], 'minimum elements 1 < 5');
    assert.deepEqual(order({ a: -1 }, docs), ['p', 'q'], 'maximum elements are the arrays: [19, 3] > [10, 15]');
    assert.deepEqual(order({ 'a.1': 1 }, docs), ['q', 'p'], '[10, 15] < [19, 3]');
  });

  it('sorts scalars and missing values under a dotted key', () => {
    const docs = [
      { _id: 'obj', a: { b: 2 } },
      { _id: 'scalar', a: 1 },
      { _id: 'deep', a: { b: { c: 1 } } },
      { _id: 'none', c: 1 },
    ];
    assert.deepEqual(order({ 'a.b': -1 }, docs), ['deep', 'obj', 'scalar', 'none']);
  });

  it('compareValues orders values of every BSON type as Meteor does', () => {
    const values = [
      null,
      1,
      2.2,
      3,
      '03',
      '1',
      '11',
      '2',
      'a',
      'aaa',
      {},
      { a: 2 },
      { a: 3 },
      { a: 3, b: 4 },
      { b: 4 },
      { b: 4, a: 3 },
      { b: {} },
      { b: [1, 2, 3] },
      [1, 2],
      [1, 2, 3],
      [1, 2, 4],
      [1, 2, '4'],
      [1, 2, [4]],
      new Uint8Array([128]),
      new Uint8Array([0, 42]),
      new Uint8Array([0, 50]),
      new ObjectID('1234567890abcd1234567890'),
      new ObjectID('abcd1234567890abcd123456'),
      false,
      true,
      new Date(1),
      new Date(2),
    ];
    for (let i = 0; i + 1 < values.length; i++) {
      const lower = values[i];
      const higher = values[i + 1];
      assert.ok(compareValues(lower, higher) < 0, `${i}: ${JSON.stringify(lower)} < ${JSON.stringify(higher)}`);
      assert.ok(compareValues(higher, lower) > 0);
      assert.equal(compareValues(lower, EJSON.clone(lower)), 0);
    }
  });

  it('with a selector, sorts arrays by the elements the selector accepts', () => {
    const docs = [
      { _id: 'low-and-high', a: { x: [1, 4] } },
      { _id: 'two', a: [{ x: [2] }, { x: 3 }] },
      { _id: 'two-and-a-half', a: { x: 2.5 } },
      { _id: 'five', a: { x: 5 } },
    ];
    const sort = (spec: SortSpecifier, selector: unknown): unknown[] => [...docs].sort(new Sorter(spec, selector).getComparator()).map((d) => d._id);
    assert.deepEqual(sort({ 'a.x': 1 }, {}), ['low-and-high', 'two', 'two-and-a-half', 'five']);
    // 1 fails { $gt: 1 }, so [1, 4] sorts by 4.
    assert.deepEqual(sort({ 'a.x': 1 }, { 'a.x': { $gt: 1 } }), ['two', 'two-and-a-half', 'low-and-high', 'five']);
  });

  it('an empty specification keeps everything equal', () => {
    assert.equal(new Sorter({}).getComparator()({ a: 1 }, { a: 2 }), 0);
  });

  for (const [name, spec] of [
    ['a bare string', 'a'],
    ['a number', 123],
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
