import assert from 'node:assert/strict';
import { MinimongoError } from './errors';
import { Matcher } from './matcher';
import { compileProjection, type FieldSpecifier } from './projection';
import type { Document } from './value-types';

const doc: Document = { _id: 'x', a: 1, b: { c: 2, d: 3 }, list: [{ k: 1, v: 2 }, { k: 3 }, 7], secret: 's' };

// [name, fields, expected]
const rows: Array<[string, FieldSpecifier, Document]> = [
  ['inclusion keeps _id', { a: 1 }, { _id: 'x', a: 1 }],
  ['inclusion without _id', { a: 1, _id: 0 }, { a: 1 }],
  ['nested inclusion', { 'b.c': 1 }, { _id: 'x', b: { c: 2 } }],
  ['inclusion through an array keeps projected documents only', { 'list.k': 1 }, { _id: 'x', list: [{ k: 1 }, { k: 3 }] }],
  ['exclusion', { secret: 0, a: 0 }, { _id: 'x', b: { c: 2, d: 3 }, list: [{ k: 1, v: 2 }, { k: 3 }, 7] }],
  ['nested exclusion', { 'b.d': 0, secret: false }, { _id: 'x', a: 1, b: { c: 2 }, list: [{ k: 1, v: 2 }, { k: 3 }, 7] }],
  ['exclusion through an array', { 'list.v': 0, b: 0, secret: 0 }, { _id: 'x', a: 1, list: [{ k: 1 }, { k: 3 }, 7] }],
  ['only _id excluded', { _id: 0 }, { a: 1, b: { c: 2, d: 3 }, list: [{ k: 1, v: 2 }, { k: 3 }, 7], secret: 's' }],
  ['only _id included', { _id: 1 }, { _id: 'x' }],
  ['missing fields are absent', { nope: 1 }, { _id: 'x' }],
  ['nested inclusion through a scalar keeps an empty document', { 'b.c.d': 1, _id: 0 }, { b: {} }],
];

describe('compileProjection', () => {
  for (const [name, fields, expected] of rows) {
    it(name, () => {
      assert.deepEqual(compileProjection(fields)(doc), expected);
    });
  }

  it('projects through nested arrays, keeping their shape', () => {
    const nested = {
      a: [
        [
          { b: 1, c: 2 },
          { b: 2, c: 4 },
        ],
        { b: 3, c: 5 },
        [{ b: 4, c: 9 }],
      ],
    };
    assert.deepEqual(compileProjection({ 'a.b': 1, _id: 0 })(nested), { a: [[{ b: 1 }, { b: 2 }], { b: 3 }, [{ b: 4 }]] });
    assert.deepEqual(compileProjection({ 'a.b': 0 })(nested), { a: [[{ c: 2 }, { c: 4 }], { c: 5 }, [{ c: 9 }]] });
  });

  it('returns a deep copy that shares nothing with the input', () => {
    const source: Document = { a: { x: 42 }, b: { y: { z: 33 } }, c: 'asdf' };
    const included = compileProjection({ a: 1, 'b.y': 1 })(source);
    const excluded = compileProjection({ c: 0 })(source);
    (source.a as Document).x = 0;
    ((source.b as Document).y as Document).z = 0;
    assert.deepEqual(included, { a: { x: 42 }, b: { y: { z: 33 } } });
    assert.deepEqual(excluded, { a: { x: 42 }, b: { y: { z: 33 } } });
  });

  it('returns a copy when there is no projection', () => {
    const out = compileProjection(undefined)(doc);
    assert.deepEqual(out, doc);
    assert.notEqual(out, doc);
  });

  for (const [name, fields, message] of [
    ['mixed inclusion and exclusion', { a: 1, b: 0 }, /cannot currently mix including and excluding/],
    ['operators', { list: { $slice: 1 } }, /doesn't support operators in projections/],
    ['$ paths', { 'list.$': 1 }, /doesn't support operators in projections/],
    ['non-numeric values', { a: 'yes' }, /should be one of 1, 0, true, or false/],
    ['colliding paths', { b: 1, 'b.c': 1 }, /using both of them may trigger unexpected behavior/],
    ['_id included beside exclusions', { _id: 1, a: 0 }, /cannot currently mix including and excluding/],
  ] as Array<[string, unknown, RegExp]>) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => compileProjection(fields as FieldSpecifier),
        (error: unknown) => error instanceof MinimongoError && error.code === 'minimongo.bad-projection' && message.test(error.message),
      );
    });
  }

  describe("operator projections under 'mongodb' semantics", () => {
    const mongodb = (fields: unknown, matcher?: Matcher) =>
      compileProjection(fields as FieldSpecifier, { semantics: 'mongodb', ...(matcher !== undefined ? { matcher } : {}) });
    const source: Document = { _id: 'x', a: 1, list: [{ k: 1 }, { k: 2, v: 1 }, { k: 2, v: 2 }], n: { arr: [1, 2, 3] } };

    it('slices arrays, nested ones too, without touching the input', () => {
      assert.deepEqual(mongodb({ 'n.arr': { $slice: -2 } })(source), { ...source, n: { arr: [2, 3] } });
      assert.deepEqual(mongodb({ 'n.arr': { $slice: [1, 1] }, a: 1 })(source), { _id: 'x', a: 1, n: { arr: [2] } });
      assert.deepEqual(source['n'], { arr: [1, 2, 3] });
    });

    it('keeps the first element $elemMatch matches, after the other fields', () => {
      assert.deepEqual(mongodb({ list: { $elemMatch: { k: 2 } }, a: 1 })(source), { _id: 'x', a: 1, list: [{ k: 2, v: 1 }] });
      assert.deepEqual(mongodb({ list: { $elemMatch: { k: 9 } } })(source), { _id: 'x' });
    });

    it('keeps the element the selector matched for the positional $', () => {
      const matcher = new Matcher({ list: { $elemMatch: { k: 2, v: 2 } } }, { semantics: 'mongodb' });
      assert.deepEqual(mongodb({ 'list.$': 1 }, matcher)(source), { _id: 'x', list: [{ k: 2, v: 2 }] });
      assert.throws(() => mongodb({ 'list.$': 1 })(source), /couldn't find a matching element/);
    });

    for (const [name, fields, message] of [
      ['mixed modes', { a: 1, b: 0 }, /Cannot do exclusion on field b in inclusion projection/],
      ['a positional $ beside exclusions', { a: 0, 'list.$': 1 }, /Cannot do inclusion on field list.\$ in exclusion projection/],
      ['two positional projections', { 'list.$': 1, 'n.arr.$': 1 }, /more than one positional projection/],
      ['$elemMatch on a nested field', { 'n.arr': { $elemMatch: { $gt: 1 } } }, /nested field/],
      ['a non-positive $slice limit', { list: { $slice: [1, 0] } }, /\$slice limit must be positive/],
      ['unknown operators', { list: { $first: 1 } }, /Unsupported projection option/],
    ] as Array<[string, unknown, RegExp]>) {
      it(`rejects ${name}`, () => {
        assert.throws(
          () => mongodb(fields),
          (error: unknown) => error instanceof MinimongoError && message.test(error.message),
        );
      });
    }
  });
});
