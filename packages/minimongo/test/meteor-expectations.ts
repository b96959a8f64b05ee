import { ObjectID } from '@perseid/ejson';
import type { Document } from '../src/value-types';

/**
 * Meteor's published minimongo behaviour, as data: each row is one expectation the Meteor
 * project's own minimongo test-suite (its "modify", upsert and field-name tests) asserts, or
 * one rule Meteor's upsert-document builder documents. The fidelity figure is the share of
 * rows `meteor-expectations.test.ts` finds met.
 *
 * Kinds:
 * - `modify`: insert `doc`, `update(query ?? {}, mod)`, the stored document (without `_id`) equals `expect`
 *   (`expect: 'date-a'` means field `a` holds a Date).
 * - `throws`: the same update throws.
 * - `upsert`: on an empty collection `upsert(query, mod)` stores `expect` (compared without `_id`
 *   unless `expect` names one, which must then be the returned `insertedId` too).
 * - `upsert-throws`: that upsert throws.
 * - `insert-throws`: inserting `doc` throws.
 */
export type Expectation =
  | { readonly kind: 'modify'; readonly doc: Document; readonly query?: unknown; readonly mod: Document; readonly expect: Document | 'date-a' }
  | { readonly kind: 'throws'; readonly doc: Document; readonly query?: unknown; readonly mod: Document }
  | { readonly kind: 'upsert'; readonly query: unknown; readonly mod: Document; readonly expect: Document }
  | { readonly kind: 'upsert-throws'; readonly query: unknown; readonly mod: Document }
  | { readonly kind: 'insert-throws'; readonly doc: Document };

const m = (doc: Document, mod: Document, expect: Document | 'date-a'): Expectation => ({ kind: 'modify', doc, mod, expect });
const mq = (doc: Document, query: unknown, mod: Document, expect: Document): Expectation => ({ kind: 'modify', doc, query, mod, expect });
const x = (doc: Document, mod: Document): Expectation => ({ kind: 'throws', doc, mod });
const xq = (doc: Document, query: unknown, mod: Document): Expectation => ({ kind: 'throws', doc, query, mod });
const u = (query: unknown, mod: Document, expect: Document): Expectation => ({ kind: 'upsert', query, mod, expect });
const ux = (query: unknown, mod: Document): Expectation => ({ kind: 'upsert-throws', query, mod });
const ix = (doc: Document): Expectation => ({ kind: 'insert-throws', doc });

const oid = new ObjectID('0123456789abcdef01234567');
const day = new Date('2017-01-01T00:00:00Z');

/** Selectors that each hold one `$exists` without a prototype (Meteor checks the prototype). */
function bareExists(): Document {
  const value = Object.create(null) as Document;
  value.$exists = true;
  return value;
}

export const REPLACEMENT_AND_KEYS: readonly Expectation[] = [
  m({}, {}, {}),
  m({ a: 12 }, {}, {}),
  m({ a: 12 }, { a: 13 }, { a: 13 }),
  m({ a: 12, b: 99 }, { a: 13 }, { a: 13 }),
  x({ a: 12 }, { a: 13, $set: { b: 13 } }),
  x({ a: 12 }, { $set: { b: 13 }, a: 13 }),
  x({ a: 12 }, { $a: 13 }),
  x({ a: 12 }, { b: { $a: 13 } }),
  x({ a: 12 }, { b: { 'a.b': 13 } }),
  x({ a: 12 }, { b: { '\0a': 13 } }),
  m({}, { $set: { a: 12 } }, { a: 12 }),
  m({}, { $set: { 'a.b': 12 } }, { a: { b: 12 } }),
  m({}, { $set: { 'a.b.c': 12 } }, { a: { b: { c: 12 } } }),
  m({ a: { d: 99 } }, { $set: { 'a.b.c': 12 } }, { a: { d: 99, b: { c: 12 } } }),
  m({}, { $set: { 'a.b.3.c': 12 } }, { a: { b: { 3: { c: 12 } } } }),
  m({ a: { b: [] } }, { $set: { 'a.b.3.c': 12 } }, { a: { b: [null, null, null, { c: 12 }] } }),
  x({ a: [null, null, null] }, { $set: { 'a.1.b': 12 } }),
  x({ a: [null, 1, null] }, { $set: { 'a.1.b': 12 } }),
  x({ a: [null, 'x', null] }, { $set: { 'a.1.b': 12 } }),
  x({ a: [null, [], null] }, { $set: { 'a.1.b': 12 } }),
  m({ a: [null, null, null] }, { $set: { 'a.3.b': 12 } }, { a: [null, null, null, { b: 12 }] }),
  x({ a: [] }, { $set: { 'a.b': 12 } }),
  x({ a: 12 }, { $set: { 'a.b': 99 } }),
  x({ a: 'x' }, { $set: { 'a.b': 99 } }),
  x({ a: true }, { $set: { 'a.b': 99 } }),
  x({ a: null }, { $set: { 'a.b': 99 } }),
  m({ a: {} }, { $set: { 'a.3': 12 } }, { a: { 3: 12 } }),
  m({ a: [] }, { $set: { 'a.3': 12 } }, { a: [null, null, null, 12] }),
  x({}, { $set: { '': 12 } }),
  x({}, { $set: { '.': 12 } }),
  x({}, { $set: { 'a.': 12 } }),
  x({}, { $set: { '. ': 12 } }),
  x({}, { $inc: { '... ': 12 } }),
  x({}, { $set: { 'a..b': 12 } }),
  m({ a: [1, 2, 3] }, { $set: { 'a.01': 99 } }, { a: [1, 99, 3] }),
  m({ a: [1, { a: 98 }, 3] }, { $set: { 'a.01.b': 99 } }, { a: [1, { a: 98, b: 99 }, 3] }),
  m({}, { $set: { '2.a.b': 12 } }, { 2: { a: { b: 12 } } }),
  x({ x: [] }, { $set: { 'x.2..a': 99 } }),
  m({ x: [null, null] }, { $set: { 'x.2.a': 1 } }, { x: [null, null, { a: 1 }] }),
  x({ x: [null, null] }, { $set: { 'x.1.a': 1 } }),
];

export const POSITIONAL: readonly Expectation[] = [
  mq({ a: [{ x: 2 }, { x: 4 }] }, { 'a.x': 4 }, { $set: { 'a.$.z': 9 } }, { a: [{ x: 2 }, { x: 4, z: 9 }] }),
  x({ a: [{ x: 2 }, { x: 4 }] }, { $set: { 'a.$.z': 9 } }),
  xq({ a: [{ x: 2 }, { x: 4 }], b: 5 }, { b: 5 }, { $set: { 'a.$.z': 9 } }),
  xq({ a: [{ x: [2] }] }, { 'a.x': 2 }, { $set: { 'a.$.x.$': 9 } }),
  mq({ a: [5, 6, 7] }, { a: 6 }, { $set: { 'a.$': 9 } }, { a: [5, 9, 7] }),
  mq({ a: [{ b: [{ c: 9 }, { c: 10 }] }, { b: { c: 11 } }] }, { 'a.b.c': 10 }, { $unset: { 'a.$.b': 1 } }, { a: [{}, { b: { c: 11 } }] }),
  mq({ a: [{ b: [{ c: 9 }, { c: 10 }] }, { b: { c: 11 } }] }, { 'a.b.c': 11 }, { $unset: { 'a.$.b': 1 } }, { a: [{ b: [{ c: 9 }, { c: 10 }] }, {}] }),
  mq({ a: [1] }, { 'a.0': 1 }, { $set: { 'a.$': 5 } }, { a: [5] }),
  mq({ a: [9] }, { a: { $mod: [2, 1] } }, { $set: { 'a.$': 5 } }, { a: [5] }),
  xq({ a: [1] }, { $not: { a: 2 } }, { $set: { 'a.$': 5 } }),
  xq({ a: [1] }, { 'a.0': { $ne: 2 } }, { $set: { 'a.$': 5 } }),
  mq({ a: [{ x: 2 }, { x: 4 }] }, { $or: [{ 'a.x': 4 }] }, { $set: { 'a.$.z': 9 } }, { a: [{ x: 2 }, { x: 4, z: 9 }] }),
  xq({ a: [{ x: 2 }, { x: 4 }] }, { $or: [{ 'a.x': 4 }, { 'a.x': 4 }] }, { $set: { 'a.$.z': 9 } }),
  mq({ a: [{ x: 1 }, { x: 3 }] }, { $and: [{ 'a.x': 1 }, { 'a.x': 3 }] }, { $set: { 'a.$.x': 5 } }, { a: [{ x: 1 }, { x: 5 }] }),
  mq({ a: [{ x: 1 }, { x: 3 }] }, { $and: [{ 'a.x': 3 }, { 'a.x': 1 }] }, { $set: { 'a.$.x': 5 } }, { a: [{ x: 5 }, { x: 3 }] }),
  mq({ a: [{ x: 1 }, { y: 3 }] }, { 'a.x': 1, 'a.y': 3 }, { $set: { 'a.$.z': 5 } }, { a: [{ x: 1 }, { y: 3, z: 5 }] }),
  mq({ a: [{ x: 1 }, { y: 1 }, { x: 1, y: 1 }] }, { a: { $elemMatch: { x: 1, y: 1 } } }, { $set: { 'a.$.x': 2 } }, { a: [{ x: 1 }, { y: 1 }, { x: 2, y: 1 }] }),
  mq({ a: [{ b: [{ x: 1 }, { y: 1 }, { x: 1, y: 1 }] }] }, { 'a.b': { $elemMatch: { x: 1, y: 1 } } }, { $set: { 'a.$.b': 3 } }, { a: [{ b: 3 }] }),
  // After `$near`, `$` is the first element holding a point, not the closest one.
  mq({ a: [] }, { 'a.b': { $near: [5, 5] } }, { $set: { 'a.$.b': 'k' } }, { a: [] }),
  mq(
    {
      a: [
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
      ],
    },
    { 'a.b': { $near: [5, 5] } },
    { $set: { 'a.$.b': 'k' } },
    { a: [{ b: 'k' }] },
  ),
  mq(
    {
      a: [
        { b: [1, 1] },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
    { 'a.b': { $near: [5, 5] } },
    { $set: { 'a.$.b': 'k' } },
    {
      a: [
        { b: 'k' },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
  ),
  mq(
    {
      a: [
        { b: [1, 1] },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
    { 'a.b': { $near: [9, 9], $maxDistance: 1 } },
    { $set: { 'a.$.b': 'k' } },
    {
      a: [
        { b: 'k' },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
  ),
  mq(
    {
      a: [
        { b: [1, 1] },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
    { 'a.b': { $near: [9, 9] } },
    { $set: { 'a.$.b': 'k' } },
    {
      a: [
        { b: 'k' },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
  ),
  mq(
    {
      a: [
        { b: [9, 9] },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
    { 'a.b': { $near: [9, 9] } },
    { $set: { 'a.$.b': 'k' } },
    {
      a: [
        { b: 'k' },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    },
  ),
  mq({ a: [{ b: [4, 3] }, { c: [1, 1] }] }, { 'a.c': { $near: [1, 1] } }, { $set: { 'a.$.c': 'k' } }, { a: [{ c: 'k', b: [4, 3] }, { c: [1, 1] }] }),
  mq(
    {
      a: [
        { c: [9, 9] },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [1, 1] },
      ],
    },
    { 'a.b': { $near: [1, 1] } },
    { $set: { 'a.$.b': 'k' } },
    {
      a: [
        { c: [9, 9], b: 'k' },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [1, 1] },
      ],
    },
  ),
  mq(
    {
      a: [
        { c: [9, 9], b: [4, 3] },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [1, 1] },
      ],
    },
    { 'a.b': { $near: [1, 1] } },
    { $set: { 'a.$.b': 'k' } },
    {
      a: [
        { c: [9, 9], b: 'k' },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [1, 1] },
      ],
    },
  ),
];

const numericBound = (op: '$min' | '$max', low: number, high: number): Expectation[] => [
  m({ a: 1, b: 2 }, { [op]: { b: low } }, { a: 1, b: op === '$min' ? low : 2 }),
  m({ a: 1, b: 2 }, { [op]: { b: high } }, { a: 1, b: op === '$min' ? 2 : high }),
  m({ a: 1, b: 2 }, { [op]: { c: 10 } }, { a: 1, b: 2, c: 10 }),
  x({ a: 1 }, { [op]: { a: '10' } }),
  x({ a: 1 }, { [op]: { a: true } }),
  x({ a: 1 }, { [op]: { a: [10] } }),
  x({ a: '1' }, { [op]: { a: 10 } }),
  x({ a: [1] }, { [op]: { a: 10 } }),
  x({ a: {} }, { [op]: { a: 10 } }),
  x({ a: false }, { [op]: { a: 10 } }),
  x({ a: null }, { [op]: { a: 10 } }),
  m({ a: [1, 2] }, { [op]: { 'a.1': op === '$min' ? 1 : 3 } }, { a: [1, op === '$min' ? 1 : 3] }),
  m({ a: [1, 2] }, { [op]: { 'a.1': op === '$min' ? 3 : 1 } }, { a: [1, 2] }),
  m({ a: [1, 2] }, { [op]: { 'a.2': 10 } }, { a: [1, 2, 10] }),
  m({ a: [1, 2] }, { [op]: { 'a.3': 10 } }, { a: [1, 2, null, 10] }),
  m({ a: { b: 2 } }, { [op]: { 'a.b': op === '$min' ? 1 : 3 } }, { a: { b: op === '$min' ? 1 : 3 } }),
  m({ a: { b: 2 } }, { [op]: { 'a.c': 10 } }, { a: { b: 2, c: 10 } }),
  x({}, { [op]: { _id: 1 } }),
];

export const NUMERIC: readonly Expectation[] = [
  m({ a: 1, b: 2 }, { $inc: { a: 10 } }, { a: 11, b: 2 }),
  m({ a: 1, b: 2 }, { $inc: { c: 10 } }, { a: 1, b: 2, c: 10 }),
  x({ a: 1 }, { $inc: { a: '10' } }),
  x({ a: 1 }, { $inc: { a: true } }),
  x({ a: 1 }, { $inc: { a: [10] } }),
  x({ a: '1' }, { $inc: { a: 10 } }),
  x({ a: [1] }, { $inc: { a: 10 } }),
  x({ a: {} }, { $inc: { a: 10 } }),
  x({ a: false }, { $inc: { a: 10 } }),
  x({ a: null }, { $inc: { a: 10 } }),
  m({ a: [1, 2] }, { $inc: { 'a.1': 10 } }, { a: [1, 12] }),
  m({ a: [1, 2] }, { $inc: { 'a.2': 10 } }, { a: [1, 2, 10] }),
  m({ a: [1, 2] }, { $inc: { 'a.3': 10 } }, { a: [1, 2, null, 10] }),
  m({ a: { b: 2 } }, { $inc: { 'a.b': 10 } }, { a: { b: 12 } }),
  m({ a: { b: 2 } }, { $inc: { 'a.c': 10 } }, { a: { b: 2, c: 10 } }),
  x({}, { $inc: { _id: 1 } }),
  m({}, { $currentDate: { a: true } }, 'date-a'),
  m({}, { $currentDate: { a: { $type: 'date' } } }, 'date-a'),
  x({}, { $currentDate: { a: false } }),
  x({}, { $currentDate: { a: {} } }),
  x({}, { $currentDate: { a: { $type: 'timestamp' } } }),
  ...numericBound('$min', 1, 3),
  ...numericBound('$max', 1, 3),
];

export const SET_UNSET: readonly Expectation[] = [
  m({ a: 1, b: 2 }, { $set: { a: 10 } }, { a: 10, b: 2 }),
  m({ a: 1, b: 2 }, { $set: { c: 10 } }, { a: 1, b: 2, c: 10 }),
  m({ a: 1, b: 2 }, { $set: { a: { c: 10 } } }, { a: { c: 10 }, b: 2 }),
  m({ a: [1, 2], b: 2 }, { $set: { a: [3, 4] } }, { a: [3, 4], b: 2 }),
  m({ a: [1, 2, 3], b: 2 }, { $set: { 'a.1': [3, 4] } }, { a: [1, [3, 4], 3], b: 2 }),
  m({ a: [1], b: 2 }, { $set: { 'a.1': 9 } }, { a: [1, 9], b: 2 }),
  m({ a: [1], b: 2 }, { $set: { 'a.2': 9 } }, { a: [1, null, 9], b: 2 }),
  m({ a: { b: 1 } }, { $set: { 'a.c': 9 } }, { a: { b: 1, c: 9 } }),
  m({}, { $set: { 'x._id': 4 } }, { x: { _id: 4 } }),
  x({}, { $set: { _id: 4 } }),
  x({ _id: 4 }, { $set: { _id: 4 } }),
  x({}, { $set: { _id: 'bad' } }),
  x({ a: {} }, { $set: { a: { $a: 1 } } }),
  x({ a: {} }, { $set: { a: { c: [{ b: { $a: 1 } }] } } }),
  x({ a: {} }, { $set: { a: { '\0a': 1 } } }),
  x({ a: {} }, { $set: { a: { 'a.b': 1 } } }),
  x({ a: 'b' }, { $set: { '\0a': 'b' } }),
  m({}, { $unset: { a: 1 } }, {}),
  m({ a: 1 }, { $unset: { a: 1 } }, {}),
  m({ a: 1, b: 2 }, { $unset: { a: 1 } }, { b: 2 }),
  m({ a: 1, b: 2 }, { $unset: { a: 0 } }, { b: 2 }),
  m({ a: 1, b: 2 }, { $unset: { a: false } }, { b: 2 }),
  m({ a: 1, b: 2 }, { $unset: { a: null } }, { b: 2 }),
  m({ a: 1, b: 2 }, { $unset: { a: [1] } }, { b: 2 }),
  m({ a: 1, b: 2 }, { $unset: { a: {} } }, { b: 2 }),
  m({ a: { b: 2, c: 3 } }, { $unset: { 'a.b': 1 } }, { a: { c: 3 } }),
  m({ a: [1, 2, 3] }, { $unset: { 'a.1': 1 } }, { a: [1, null, 3] }),
  m({ a: [1, 2, 3] }, { $unset: { 'a.2': 1 } }, { a: [1, 2, null] }),
  m({ a: [1, 2, 3] }, { $unset: { 'a.x': 1 } }, { a: [1, 2, 3] }),
  m({ a: { b: 1 } }, { $unset: { 'a.b.c.d': 1 } }, { a: { b: 1 } }),
  m({ a: { b: 1 } }, { $unset: { 'a.x.c.d': 1 } }, { a: { b: 1 } }),
  m({ a: { b: { c: 1 } } }, { $unset: { 'a.b.c': 1 } }, { a: { b: {} } }),
  x({}, { $unset: { _id: 1 } }),
];

export const ARRAYS: readonly Expectation[] = [
  m({}, { $push: { a: 1 } }, { a: [1] }),
  m({ a: [] }, { $push: { a: 1 } }, { a: [1] }),
  m({ a: [1] }, { $push: { a: 2 } }, { a: [1, 2] }),
  x({ a: true }, { $push: { a: 1 } }),
  m({ a: [1] }, { $push: { a: [2] } }, { a: [1, [2]] }),
  m({ a: [] }, { $push: { 'a.1': 99 } }, { a: [null, [99]] }),
  m({ a: {} }, { $push: { 'a.x': 99 } }, { a: { x: [99] } }),
  m({}, { $push: { a: { $each: [1, 2, 3] } } }, { a: [1, 2, 3] }),
  m({ a: [] }, { $push: { a: { $each: [1, 2, 3] } } }, { a: [1, 2, 3] }),
  m({ a: [true] }, { $push: { a: { $each: [1, 2, 3] } } }, { a: [true, 1, 2, 3] }),
  m({ a: [true] }, { $push: { a: { $each: [1, 2, 3], $slice: -2 } } }, { a: [2, 3] }),
  m({ a: [false, true] }, { $push: { a: { $each: [1], $slice: -2 } } }, { a: [true, 1] }),
  m({ a: [{ x: 3 }, { x: 1 }] }, { $push: { a: { $each: [{ x: 4 }, { x: 2 }], $slice: -2, $sort: { x: 1 } } } }, { a: [{ x: 3 }, { x: 4 }] }),
  m({}, { $push: { a: { $each: [1, 2, 3], $slice: 0 } } }, { a: [] }),
  m({ a: [1, 2] }, { $push: { a: { $each: [1, 2, 3], $slice: 0 } } }, { a: [] }),
  x({ a: [] }, { $push: { a: { $each: [0], $position: -1 } } }),
  m({ a: [1, 2] }, { $push: { a: { $each: [0], $position: 0 } } }, { a: [0, 1, 2] }),
  m({ a: [1, 2] }, { $push: { a: { $each: [-1, 0], $position: 0 } } }, { a: [-1, 0, 1, 2] }),
  m({ a: [1, 3] }, { $push: { a: { $each: [2], $position: 1 } } }, { a: [1, 2, 3] }),
  m({ a: [1, 4] }, { $push: { a: { $each: [2, 3], $position: 1 } } }, { a: [1, 2, 3, 4] }),
  m({ a: [1, 2] }, { $push: { a: { $each: [3], $position: 3 } } }, { a: [1, 2, 3] }),
  m({ a: [1, 2] }, { $push: { a: { $each: [3], $position: 99 } } }, { a: [1, 2, 3] }),
  m({ a: [1, 2] }, { $push: { a: { $each: [3], $position: 99, $slice: -2 } } }, { a: [2, 3] }),
  m({ a: [{ x: 1 }, { x: 2 }] }, { $push: { a: { $each: [{ x: 3 }], $position: 0, $sort: { x: 1 }, $slice: -3 } } }, { a: [{ x: 1 }, { x: 2 }, { x: 3 }] }),
  m({ a: [{ x: 1 }, { x: 2 }] }, { $push: { a: { $each: [{ x: 3 }], $position: 0, $sort: { x: 1 }, $slice: 0 } } }, { a: [] }),
  x({}, { $push: { $a: 1 } }),
  x({}, { $push: { '\0a': 1 } }),
  x({}, { $push: { a: { $a: 1 } } }),
  x({}, { $push: { a: { $each: [{ $a: 1 }] } } }),
  x({}, { $push: { a: { $each: [{ 'a.b': 1 }] } } }),
  x({}, { $push: { a: { $each: [{ '\0a': 1 }] } } }),
  m({}, { $push: { a: { $each: [{ '': 1 }] } } }, { a: [{ '': 1 }] }),
  m({}, { $push: { a: { $each: [{ ' ': 1 }] } } }, { a: [{ ' ': 1 }] }),
  x({}, { $push: { a: { $each: [{ '.': 1 }] } } }),
  m({}, { $push: { a: { $each: [], $slice: 5 } } }, { a: [] }),
  m({ a: [1, 2, 3] }, { $push: { a: { $each: [], $slice: 1 } } }, { a: [1] }),
  m({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $slice: 1 } } }, { a: [1] }),
  m({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $slice: 2 } } }, { a: [1, 2] }),
  m({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $slice: 4 } } }, { a: [1, 2, 3, 4] }),
  m({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $slice: 5 } } }, { a: [1, 2, 3, 4, 5] }),
  m({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $slice: 10 } } }, { a: [1, 2, 3, 4, 5] }),
  m({}, { $pushAll: { a: [1] } }, { a: [1] }),
  m({ a: [] }, { $pushAll: { a: [1] } }, { a: [1] }),
  m({ a: [1] }, { $pushAll: { a: [2] } }, { a: [1, 2] }),
  m({}, { $pushAll: { a: [1, 2] } }, { a: [1, 2] }),
  m({ a: [] }, { $pushAll: { a: [1, 2] } }, { a: [1, 2] }),
  m({ a: [1] }, { $pushAll: { a: [2, 3] } }, { a: [1, 2, 3] }),
  m({}, { $pushAll: { a: [] } }, { a: [] }),
  m({ a: [] }, { $pushAll: { a: [] } }, { a: [] }),
  m({ a: [1] }, { $pushAll: { a: [] } }, { a: [1] }),
  x({ a: true }, { $pushAll: { a: [1] } }),
  x({ a: [] }, { $pushAll: { a: 1 } }),
  m({ a: [] }, { $pushAll: { 'a.1': [99] } }, { a: [null, [99]] }),
  m({ a: [] }, { $pushAll: { 'a.1': [] } }, { a: [null, []] }),
  m({ a: {} }, { $pushAll: { 'a.x': [99] } }, { a: { x: [99] } }),
  m({ a: {} }, { $pushAll: { 'a.x': [] } }, { a: { x: [] } }),
  x({ a: [1] }, { $pushAll: { a: [{ $a: 1 }] } }),
  x({ a: [1] }, { $pushAll: { a: [{ '\0a': 1 }] } }),
  x({ a: [1] }, { $pushAll: { a: [{ 'a.b': 1 }] } }),
  m({}, { $addToSet: { a: 1 } }, { a: [1] }),
  m({ a: [] }, { $addToSet: { a: 1 } }, { a: [1] }),
  m({ a: [1] }, { $addToSet: { a: 2 } }, { a: [1, 2] }),
  m({ a: [1, 2] }, { $addToSet: { a: 1 } }, { a: [1, 2] }),
  m({ a: [1, 2] }, { $addToSet: { a: 2 } }, { a: [1, 2] }),
  m({ a: [1, 2] }, { $addToSet: { a: 3 } }, { a: [1, 2, 3] }),
  x({ a: true }, { $addToSet: { a: 1 } }),
  m({ a: [1] }, { $addToSet: { a: [2] } }, { a: [1, [2]] }),
  m({}, { $addToSet: { a: { x: 1 } } }, { a: [{ x: 1 }] }),
  m({ a: [{ x: 1 }] }, { $addToSet: { a: { x: 1 } } }, { a: [{ x: 1 }] }),
  m({ a: [{ x: 1 }] }, { $addToSet: { a: { x: 2 } } }, { a: [{ x: 1 }, { x: 2 }] }),
  m({ a: [{ x: 1, y: 2 }] }, { $addToSet: { a: { x: 1, y: 2 } } }, { a: [{ x: 1, y: 2 }] }),
  m(
    { a: [{ x: 1, y: 2 }] },
    { $addToSet: { a: { y: 2, x: 1 } } },
    {
      a: [
        { x: 1, y: 2 },
        { y: 2, x: 1 },
      ],
    },
  ),
  m({ a: [1, 2] }, { $addToSet: { a: { $each: [3, 1, 4] } } }, { a: [1, 2, 3, 4] }),
  m({}, { $addToSet: { a: { $each: [] } } }, { a: [] }),
  m({}, { $addToSet: { a: { $each: [1] } } }, { a: [1] }),
  m({ a: [] }, { $addToSet: { 'a.1': 99 } }, { a: [null, [99]] }),
  m({ a: {} }, { $addToSet: { 'a.x': 99 } }, { a: { x: [99] } }),
  x({}, { $addToSet: { a: { $b: 1 } } }),
  x({}, { $addToSet: { a: { 'a.b': 1 } } }),
  x({}, { $addToSet: { a: { 'a.': 1 } } }),
  x({}, { $addToSet: { a: { '\u0000a': 1 } } }),
  x({ a: [1, 2] }, { $addToSet: { a: { $each: [3, 1, { $a: 1 }] } } }),
  x({ a: [1, 2] }, { $addToSet: { a: { $each: [3, 1, { '\0a': 1 }] } } }),
  x({ a: [1, 2] }, { $addToSet: { a: { $each: [3, 1, [{ $a: 1 }]] } } }),
  x({ a: [1, 2] }, { $addToSet: { a: { $each: [3, 1, [{ b: { c: [{ a: 1 }, { 'd.s': 2 }] } }]] } } }),
  x({ a: [1, 2] }, { $addToSet: { a: { b: [3, 1, [{ b: { c: [{ a: 1 }, { 'd.s': 2 }] } }]] } } }),
  m({ a: [1, 2] }, { $addToSet: { a: { $each: [3, 1, 4], b: 12 } } }, { a: [1, 2, 3, 4] }),
  x({ a: [1, 2] }, { $addToSet: { a: { b: 12, $each: [3, 1, 4] } } }),
  m({}, { $pop: { a: 1 } }, {}),
  m({}, { $pop: { a: -1 } }, {}),
  m({ a: [] }, { $pop: { a: 1 } }, { a: [] }),
  m({ a: [] }, { $pop: { a: -1 } }, { a: [] }),
  m({ a: [1, 2, 3] }, { $pop: { a: 1 } }, { a: [1, 2] }),
  m({ a: [1, 2, 3] }, { $pop: { a: 10 } }, { a: [1, 2] }),
  m({ a: [1, 2, 3] }, { $pop: { a: 0.001 } }, { a: [1, 2] }),
  m({ a: [1, 2, 3] }, { $pop: { a: 0 } }, { a: [1, 2] }),
  m({ a: [1, 2, 3] }, { $pop: { a: 'stuff' } }, { a: [1, 2] }),
  m({ a: [1, 2, 3] }, { $pop: { a: -1 } }, { a: [2, 3] }),
  m({ a: [1, 2, 3] }, { $pop: { a: -10 } }, { a: [2, 3] }),
  m({ a: [1, 2, 3] }, { $pop: { a: -0.001 } }, { a: [2, 3] }),
  x({ a: true }, { $pop: { a: 1 } }),
  x({ a: true }, { $pop: { a: -1 } }),
  m({ a: [] }, { $pop: { 'a.1': 1 } }, { a: [] }),
  m({ a: [1, [2, 3], 4] }, { $pop: { 'a.1': 1 } }, { a: [1, [2], 4] }),
  m({ a: {} }, { $pop: { 'a.x': 1 } }, { a: {} }),
  m({ a: { x: [2, 3] } }, { $pop: { 'a.x': 1 } }, { a: { x: [2] } }),
  m({}, { $pull: { a: 1 } }, {}),
  m({}, { $pull: { 'a.x': 1 } }, {}),
  m({ a: {} }, { $pull: { 'a.x': 1 } }, { a: {} }),
  x({ a: true }, { $pull: { a: 1 } }),
  m({ a: [2, 1, 2] }, { $pull: { a: 1 } }, { a: [2, 2] }),
  m({ a: [2, 1, 2] }, { $pull: { a: 2 } }, { a: [1] }),
  m({ a: [2, 1, 2] }, { $pull: { a: 3 } }, { a: [2, 1, 2] }),
  m({ a: [1, null, 2, null] }, { $pull: { a: null } }, { a: [1, 2] }),
  m({ a: [] }, { $pull: { a: 3 } }, { a: [] }),
  m({ a: [[2], [2, 1], [3]] }, { $pull: { a: [2, 1] } }, { a: [[2], [3]] }),
  m(
    {
      a: [
        { b: 1, c: 2 },
        { b: 2, c: 2 },
      ],
    },
    { $pull: { a: { b: 1 } } },
    { a: [{ b: 2, c: 2 }] },
  ),
  m(
    {
      a: [
        { b: 1, c: 2 },
        { b: 2, c: 2 },
      ],
    },
    { $pull: { a: { c: 2 } } },
    { a: [] },
  ),
  m({}, { $pullAll: { a: [1] } }, {}),
  m({ a: [1, 2, 3] }, { $pullAll: { a: [] } }, { a: [1, 2, 3] }),
  m({ a: [1, 2, 3] }, { $pullAll: { a: [2] } }, { a: [1, 3] }),
  m({ a: [1, 2, 3] }, { $pullAll: { a: [2, 1] } }, { a: [3] }),
  m({ a: [1, 2, 3] }, { $pullAll: { a: [1, 2] } }, { a: [3] }),
  m({}, { $pullAll: { 'a.b.c': [2] } }, {}),
  x({ a: true }, { $pullAll: { a: [1] } }),
  x({ a: [1, 2, 3] }, { $pullAll: { a: 1 } }),
  m({ x: [{ a: 1 }, { a: 1, b: 2 }] }, { $pullAll: { x: [{ a: 1 }] } }, { x: [{ a: 1, b: 2 }] }),
];

export const RENAME: readonly Expectation[] = [
  m({}, { $rename: { a: 'b' } }, {}),
  m({ a: [12] }, { $rename: { a: 'b' } }, { b: [12] }),
  m({ a: { b: 12 } }, { $rename: { a: 'c' } }, { c: { b: 12 } }),
  m({ a: { b: 12 } }, { $rename: { 'a.b': 'a.c' } }, { a: { c: 12 } }),
  m({ a: { b: 12 } }, { $rename: { 'a.b': 'x' } }, { a: {}, x: 12 }),
  m({ a: { b: 12 } }, { $rename: { 'a.b': 'q.r' } }, { a: {}, q: { r: 12 } }),
  m({ a: { b: 12 } }, { $rename: { 'a.b': 'q.2.r' } }, { a: {}, q: { 2: { r: 12 } } }),
  m({ a: { b: 12 }, q: {} }, { $rename: { 'a.b': 'q.2.r' } }, { a: {}, q: { 2: { r: 12 } } }),
  x({ a: { b: 12 }, q: [] }, { $rename: { 'a.b': 'q.2' } }),
  x({ a: { b: 12 }, q: [] }, { $rename: { 'a.b': 'q.2.r' } }),
  x({}, { $rename: { a: 'a' } }),
  x({}, { $rename: { 'a.b': 'a.b' } }),
  m({ a: 12, b: 13 }, { $rename: { a: 'b' } }, { b: 12 }),
  x({ a: [12] }, { $rename: { a: '$b' } }),
  x({ a: [12] }, { $rename: { a: '\0a' } }),
  x({ a: 'b', c: 'd' }, { $rename: { a: '\0a', c: 'c\0' } }),
  m({ a: 'b', c: 'd' }, { $rename: { a: 'a1', c: 'c1' } }, { a1: 'b', c1: 'd' }),
];

export const SET_ON_INSERT: readonly Expectation[] = [
  m({ a: 0 }, { $setOnInsert: { a: 12 } }, { a: 0 }),
  u({ a: 12 }, { $setOnInsert: { b: 12 } }, { a: 12, b: 12 }),
  u({ a: 12 }, { $setOnInsert: { _id: 'test' } }, { _id: 'test', a: 12 }),
  u({ 'a.b': 10 }, { $setOnInsert: { a: { b: 10, c: 12 } } }, { a: { b: 10, c: 12 } }),
  u({ 'a.b': 10 }, { $setOnInsert: { c: 12 } }, { a: { b: 10 }, c: 12 }),
  u({ _id: 'test' }, { $setOnInsert: { c: 12 } }, { _id: 'test', c: 12 }),
  u('test', { $setOnInsert: { c: 12 } }, { _id: 'test', c: 12 }),
  ux({ a: 0 }, { $setOnInsert: { $a: 12 } }),
  ux({ a: 0 }, { $setOnInsert: { '\0a': 12 } }),
  u({ a: 0 }, { $setOnInsert: { b: { a: 1 } } }, { a: 0, b: { a: 1 } }),
  ux({ a: 0 }, { $setOnInsert: { b: { $a: 1 } } }),
  ux({ a: 0 }, { $setOnInsert: { b: { 'a.b': 1 } } }),
  ux({ a: 0 }, { $setOnInsert: { b: { '\0a': 1 } } }),
  u({ a: { $exists: true } }, { $setOnInsert: { a: 123 } }, { a: 123 }),
  u({ _id: oid }, { $setOnInsert: { a: 123 } }, { _id: oid, a: 123 }),
  u({ someOtherId: oid }, { $setOnInsert: { a: 123 } }, { someOtherId: oid, a: 123 }),
  u({ a: { $eq: oid } }, { $setOnInsert: { a: 123 } }, { a: 123 }),
  u({ someDate: day }, { $setOnInsert: { a: 123 } }, { someDate: day, a: 123 }),
  u({ a: bareExists() }, { $setOnInsert: { a: 123 } }, { a: 123 }),
  u({ foo: { $exists: true, $type: 2 } }, { $setOnInsert: { bar: 'baz' } }, { bar: 'baz' }),
  u({ foo: {} }, { $setOnInsert: { bar: 'baz' } }, { foo: {}, bar: 'baz' }),
];

/** The rules Meteor's upsert-document builder states for seeding a document from the query. */
export const UPSERT_FROM_QUERY: readonly Expectation[] = [
  u({ a: { $all: ['x'] } }, { $set: { b: 1 } }, { a: 'x', b: 1 }),
  ux({ a: { $all: ['x', 'y'] } }, { $set: { b: 1 } }),
  u({ $or: [{ 'b.foo': { $all: ['bar'] } }] }, { $set: { c: 1 } }, { b: { foo: 'bar' }, c: 1 }),
  ux({ $or: [{ b: { foo: { $all: ['bar'] } } }] }, { $set: { c: 1 } }),
  u({ $and: [{ a: 1 }, { b: 2 }] }, { $set: { c: 3 } }, { a: 1, b: 2, c: 3 }),
  u({ $and: [{ a: 1 }, { $and: [{ b: 2 }] }] }, { $set: { c: 3 } }, { a: 1, b: 2, c: 3 }),
  u({ $or: [{ a: 1 }] }, { $set: { c: 3 } }, { a: 1, c: 3 }),
  u({ $or: [{ a: 1 }, { b: 2 }] }, { $set: { c: 3 } }, { c: 3 }),
  u({ $nor: [{ a: 1 }] }, { $set: { c: 3 } }, { c: 3 }),
  u({ a: { $not: { $eq: 1 } } }, { $set: { c: 3 } }, { c: 3 }),
  u({ a: { $eq: 5 } }, { $set: { c: 3 } }, { a: 5, c: 3 }),
  u({ a: { $eq: { b: 1 } } }, { $set: { c: 3 } }, { a: { b: 1 }, c: 3 }),
  u({ a: /x/ }, { $set: { c: 3 } }, { c: 3 }),
  u({ a: { $gt: 1 } }, { $set: { c: 3 } }, { c: 3 }),
  ux({ a: 1, $and: [{ a: 2 }] }, { $set: { c: 3 } }),
  ux({ a: 1, 'a.b': 2 }, { $set: { c: 3 } }),
  ux({ 'a.b': 1, a: { c: 2 } }, { $set: { c: 3 } }),
  ux({ a: { b: 1, $eq: 2 } }, { $set: { c: 3 } }),
  ux({ a: { b: { 'c.d': 1 } } }, { $set: { c: 3 } }),
  ux({ a: { b: { $eq: 1 } } }, { $set: { c: 3 } }),
  u({ 'a.b': 1, 'a.c': 2 }, { $set: { d: 3 } }, { a: { b: 1, c: 2 }, d: 3 }),
  u({ a: 1 }, { $set: { 'b.c': 2 } }, { a: 1, b: { c: 2 } }),
  u({ a: 1 }, { b: 2 }, { b: 2 }),
  u({ _id: 'seed' }, { b: 2 }, { _id: 'seed', b: 2 }),
  // The modifier applies over the seeded fields.
  u({ a: 1 }, { $set: { a: 2 } }, { a: 2 }),
  // `_id` seeded from the query cannot be changed by the inserted document.
  ux({ _id: 'one' }, { _id: 'two', b: 1 }),
  ux({ _id: 'one' }, { $setOnInsert: { _id: 'two' } }),
  u({ _id: 'one' }, { $setOnInsert: { _id: 'one' } }, { _id: 'one' }),
];

export const INSERT_FIELD_NAMES: readonly Expectation[] = [
  ix({ 'a.b': 'c' }),
  ix({ '.b': 'c' }),
  ix({ 'a.': 'c' }),
  ix({ a: { b: { 'c.d': 'e' } } }),
  ix({ $a: 'b' }),
  ix({ a: { b: { $c: 'd' } } }),
  ix({ '\0a': 'c' }),
  ix({ 'a\0': 'c' }),
  ix({ 'a\0b': 'c' }),
  ix({ a: { b: { '\0c': 'd' } } }),
];

export const ALL_EXPECTATIONS: readonly (readonly [group: string, rows: readonly Expectation[]])[] = [
  ['replacement and keys', REPLACEMENT_AND_KEYS],
  ['positional', POSITIONAL],
  ['numeric', NUMERIC],
  ['$set/$unset', SET_UNSET],
  ['arrays', ARRAYS],
  ['$rename', RENAME],
  ['$setOnInsert', SET_ON_INSERT],
  ['upsert from query', UPSERT_FROM_QUERY],
  ['insert field names', INSERT_FIELD_NAMES],
];
