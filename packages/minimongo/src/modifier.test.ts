import assert from 'node:assert/strict';
import { MinimongoError } from './errors';
import { Matcher } from './matcher';
import { modifyDocument } from './modifier';
import { createUpsertDocument } from './upsert-document';
import type { Document } from './value-types';

const at = new Date(Date.UTC(2026, 0, 2));

// [name, document before, modifier, document after]
const rows: Array<[string, Document, Document, Document]> = [
  ['$set top-level', { _id: 'x', a: 1 }, { $set: { a: 2 } }, { _id: 'x', a: 2 }],
  ['$set creates nested objects', { _id: 'x' }, { $set: { 'a.b.c': 1 } }, { _id: 'x', a: { b: { c: 1 } } }],
  ['$set array index', { _id: 'x', a: [1, 2] }, { $set: { 'a.1': 9 } }, { _id: 'x', a: [1, 9] }],
  ['$set past array end pads with null', { _id: 'x', a: [1] }, { $set: { 'a.3': 4 } }, { _id: 'x', a: [1, null, null, 4] }],
  ['$set inside array element', { _id: 'x', a: [{ b: 1 }] }, { $set: { 'a.0.b': 2 } }, { _id: 'x', a: [{ b: 2 }] }],
  ['$unset', { _id: 'x', a: 1, b: 2 }, { $unset: { a: '' } }, { _id: 'x', b: 2 }],
  ['$unset missing path is a no-op', { _id: 'x' }, { $unset: { 'a.b': 1 } }, { _id: 'x' }],
  ['$unset array element becomes null', { _id: 'x', a: [1, 2] }, { $unset: { 'a.0': 1 } }, { _id: 'x', a: [null, 2] }],
  ['$inc existing', { _id: 'x', n: 1 }, { $inc: { n: 2 } }, { _id: 'x', n: 3 }],
  ['$inc missing starts at 0', { _id: 'x' }, { $inc: { 'c.n': -2 } }, { _id: 'x', c: { n: -2 } }],
  ['$mul', { _id: 'x', n: 3 }, { $mul: { n: 4, m: 2 } }, { _id: 'x', n: 12, m: 0 }],
  ['$min lowers', { _id: 'x', n: 3 }, { $min: { n: 1 } }, { _id: 'x', n: 1 }],
  ['$min keeps', { _id: 'x', n: 3 }, { $min: { n: 5 } }, { _id: 'x', n: 3 }],
  ['$max raises', { _id: 'x', n: 3 }, { $max: { n: 5 } }, { _id: 'x', n: 5 }],
  ['$rename', { _id: 'x', a: 1, b: { c: 2 } }, { $rename: { a: 'z', 'b.c': 'b.d' } }, { _id: 'x', b: { d: 2 }, z: 1 }],
  ['$rename missing is a no-op', { _id: 'x' }, { $rename: { a: 'b' } }, { _id: 'x' }],
  ['$currentDate', { _id: 'x' }, { $currentDate: { d: true, e: { $type: 'date' } } }, { _id: 'x', d: at, e: at }],
  ['$setOnInsert ignored on update', { _id: 'x' }, { $setOnInsert: { a: 1 } }, { _id: 'x' }],
  ['$push', { _id: 'x', a: [1] }, { $push: { a: 2 } }, { _id: 'x', a: [1, 2] }],
  ['$push creates array', { _id: 'x' }, { $push: { a: { b: 1 } } }, { _id: 'x', a: [{ b: 1 }] }],
  ['$push $each', { _id: 'x', a: [1] }, { $push: { a: { $each: [2, 3] } } }, { _id: 'x', a: [1, 2, 3] }],
  ['$push $position', { _id: 'x', a: [1, 2] }, { $push: { a: { $each: [9], $position: 1 } } }, { _id: 'x', a: [1, 9, 2] }],
  ['$push $slice keeps first', { _id: 'x', a: [1, 2] }, { $push: { a: { $each: [3], $slice: 2 } } }, { _id: 'x', a: [1, 2] }],
  ['$push $slice negative keeps last', { _id: 'x', a: [1, 2] }, { $push: { a: { $each: [3], $slice: -2 } } }, { _id: 'x', a: [2, 3] }],
  ['$push $slice 0 empties', { _id: 'x', a: [1, 2] }, { $push: { a: { $each: [3], $slice: 0 } } }, { _id: 'x', a: [] }],
  ['$push $sort numbers then $slice', { _id: 'x', a: [5, 1] }, { $push: { a: { $each: [3, 0], $sort: 1, $slice: -3 } } }, { _id: 'x', a: [1, 3, 5] }],
  ['$push $sort descending', { _id: 'x', a: [5, 1] }, { $push: { a: { $each: [3], $sort: -1 } } }, { _id: 'x', a: [5, 3, 1] }],
  [
    '$push $sort by field',
    { _id: 'x', a: [{ s: 3 }, { s: 1 }] },
    { $push: { a: { $each: [{ s: 2 }], $sort: { s: 1 } } } },
    { _id: 'x', a: [{ s: 1 }, { s: 2 }, { s: 3 }] },
  ],
  ['$addToSet adds new', { _id: 'x', a: [1] }, { $addToSet: { a: 2 } }, { _id: 'x', a: [1, 2] }],
  ['$addToSet skips existing', { _id: 'x', a: [1] }, { $addToSet: { a: 1 } }, { _id: 'x', a: [1] }],
  ['$addToSet $each', { _id: 'x', a: [1] }, { $addToSet: { a: { $each: [1, 2, 2] } } }, { _id: 'x', a: [1, 2] }],
  ['$addToSet compares documents by value', { _id: 'x', a: [{ b: 1 }] }, { $addToSet: { a: { b: 1 } } }, { _id: 'x', a: [{ b: 1 }] }],
  ['$pop last', { _id: 'x', a: [1, 2, 3] }, { $pop: { a: 1 } }, { _id: 'x', a: [1, 2] }],
  ['$pop first', { _id: 'x', a: [1, 2, 3] }, { $pop: { a: -1 } }, { _id: 'x', a: [2, 3] }],
  ['$pop: any negative pops the first', { _id: 'x', a: [1, 2, 3] }, { $pop: { a: -0.5 } }, { _id: 'x', a: [2, 3] }],
  ['$pop: anything else pops the last', { _id: 'x', a: [1, 2, 3] }, { $pop: { a: 0 } }, { _id: 'x', a: [1, 2] }],
  ['$pop inside a nested array', { _id: 'x', a: [1, [2, 3], 4] }, { $pop: { 'a.1': 1 } }, { _id: 'x', a: [1, [2], 4] }],
  ['$addToSet $each only as the first key', { _id: 'x', a: [1] }, { $addToSet: { a: { $each: [3, 1], b: 12 } } }, { _id: 'x', a: [1, 3] }],
  ['$addToSet creates a nested array', { _id: 'x', a: [] }, { $addToSet: { 'a.1': 99 } }, { _id: 'x', a: [null, [99]] }],
  ['$pull an array value', { _id: 'x', a: [[2], [2, 1], [3]] }, { $pull: { a: [2, 1] } }, { _id: 'x', a: [[2], [3]] }],
  ['$pullAll documents by equality', { _id: 'x', x: [{ a: 1 }, { a: 1, b: 2 }] }, { $pullAll: { x: [{ a: 1 }] } }, { _id: 'x', x: [{ a: 1, b: 2 }] }],
  ['$rename out of a nested document', { _id: 'x', a: { b: 12 } }, { $rename: { 'a.b': 'q.2.r' } }, { _id: 'x', a: {}, q: { 2: { r: 12 } } }],
  ['$rename over an existing field', { _id: 'x', a: 12, b: 13 }, { $rename: { a: 'b' } }, { _id: 'x', b: 12 }],
  ['$set a numeric key on a document', { _id: 'x', a: {} }, { $set: { 'a.3': 12 } }, { _id: 'x', a: { 3: 12 } }],
  ['$set a padded index into a missing slot', { _id: 'x', x: [null, null] }, { $set: { 'x.2.a': 1 } }, { _id: 'x', x: [null, null, { a: 1 }] }],
  ['$set an index with a leading zero', { _id: 'x', a: [1, 2, 3] }, { $set: { 'a.01': 99 } }, { _id: 'x', a: [1, 99, 3] }],
  ['$pull value', { _id: 'x', a: [1, 2, 1] }, { $pull: { a: 1 } }, { _id: 'x', a: [2] }],
  ['$pull bare operator', { _id: 'x', a: [1, 5, 7] }, { $pull: { a: { $gte: 5 } } }, { _id: 'x', a: [1] }],
  [
    '$pull sub-selector',
    {
      _id: 'x',
      a: [
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
      ],
    },
    { $pull: { a: { k: { $gt: 1 } } } },
    { _id: 'x', a: [{ k: 1, v: 'a' }] },
  ],
  ['$pull missing field is a no-op', { _id: 'x' }, { $pull: { a: 1 } }, { _id: 'x' }],
  ['$pullAll', { _id: 'x', a: [1, 2, 3, 1] }, { $pullAll: { a: [1, 3] } }, { _id: 'x', a: [2] }],
  ['replacement keeps _id', { _id: 'x', a: 1 }, { b: 2 }, { _id: 'x', b: 2 }],
  ['several operators at once', { _id: 'x', a: 1 }, { $set: { b: 1 }, $inc: { a: 1 }, $unset: { c: 1 } }, { _id: 'x', a: 2, b: 1 }],
];

describe('modifyDocument', () => {
  for (const [name, before, modifier, after] of rows) {
    it(name, () => {
      const frozen = structuredClone(before);
      const result = modifyDocument(before, modifier, { now: () => at });
      assert.deepEqual(result, after);
      assert.deepEqual(before, frozen, 'the input document is not mutated');
    });
  }

  // [name, document, selector, modifier, expected]
  const positional: Array<[string, Document, Document, Document, Document]> = [
    ['by a field of an element', { a: [{ x: 2 }, { x: 4 }] }, { 'a.x': 4 }, { $set: { 'a.$.z': 9 } }, { a: [{ x: 2 }, { x: 4, z: 9 }] }],
    ['by a scalar element', { a: [5, 6, 7] }, { a: 6 }, { $set: { 'a.$': 9 } }, { a: [5, 9, 7] }],
    ['by an operator', { a: [8, 9] }, { a: { $mod: [2, 1] } }, { $set: { 'a.$': 5 } }, { a: [8, 5] }],
    ['by a single $or clause', { a: [{ x: 2 }, { x: 4 }] }, { $or: [{ 'a.x': 4 }] }, { $set: { 'a.$.z': 9 } }, { a: [{ x: 2 }, { x: 4, z: 9 }] }],
    ['by the last $and clause', { a: [{ x: 1 }, { x: 3 }] }, { $and: [{ 'a.x': 1 }, { 'a.x': 3 }] }, { $set: { 'a.$.x': 5 } }, { a: [{ x: 1 }, { x: 5 }] }],
    ['by the last implicit-and field', { a: [{ x: 1 }, { y: 3 }] }, { 'a.x': 1, 'a.y': 3 }, { $set: { 'a.$.z': 5 } }, { a: [{ x: 1 }, { y: 3, z: 5 }] }],
    [
      'by $elemMatch',
      { a: [{ x: 1 }, { y: 1 }, { x: 1, y: 1 }] },
      { a: { $elemMatch: { x: 1, y: 1 } } },
      { $set: { 'a.$.x': 2 } },
      { a: [{ x: 1 }, { y: 1 }, { x: 2, y: 1 }] },
    ],
    ['with $unset', { a: [{ b: [{ c: 9 }, { c: 10 }] }, { b: { c: 11 } }] }, { 'a.b.c': 10 }, { $unset: { 'a.$.b': 1 } }, { a: [{}, { b: { c: 11 } }] }],
  ];
  for (const [name, doc, selector, modifier, expected] of positional) {
    it(`resolves the positional operator ${name}`, () => {
      assert.deepEqual(modifyDocument(doc, modifier, { matcher: new Matcher(selector) }), expected);
    });
  }

  // [name, document, selector, modifier]
  const unresolved: Array<[string, Document, Document, Document]> = [
    ['without a condition on the array', { a: [{ x: 2 }], b: 5 }, { b: 5 }, { $set: { 'a.$.z': 9 } }],
    ['from a negation', { a: [1] }, { 'a.0': { $ne: 2 } }, { $set: { 'a.$': 5 } }],
    ['from an $or of several clauses', { a: [{ x: 4 }] }, { $or: [{ 'a.x': 4 }, { 'a.x': 5 }] }, { $set: { 'a.$.z': 9 } }],
    ['with two $ in one path', { a: [{ x: [2] }] }, { 'a.x': 2 }, { $set: { 'a.$.x.$': 9 } }],
  ];
  for (const [name, doc, selector, modifier] of unresolved) {
    it(`refuses the positional operator ${name}`, () => {
      assert.throws(() => modifyDocument(doc, modifier, { matcher: new Matcher(selector) }), /positional/);
    });
  }

  it('resolves the positional operator from the selector', () => {
    const doc = {
      _id: 'x',
      items: [
        { k: 'a', n: 1 },
        { k: 'b', n: 1 },
      ],
    };
    const matcher = new Matcher({ 'items.k': 'b' });
    assert.deepEqual(modifyDocument(doc, { $inc: { 'items.$.n': 5 } }, { matcher }), {
      _id: 'x',
      items: [
        { k: 'a', n: 1 },
        { k: 'b', n: 6 },
      ],
    });
  });

  // [name, document, modifier, message]
  const errors: Array<[string, Document, unknown, RegExp]> = [
    ['non-object modifier', { _id: 'x' }, 5, /Modifier must be an object/],
    ['unknown operator', { _id: 'x' }, { $foo: { a: 1 } }, /Invalid modifier specified \$foo/],
    ['mixed operators and fields', { _id: 'x' }, { $set: { a: 1 }, b: 2 }, /both modifier and non-modifier/],
    ['modifying _id', { _id: 'x' }, { $set: { _id: 'y' } }, /Mod on _id not allowed/],
    ['replacement changing _id', { _id: 'x' }, { _id: 'y', a: 1 }, /The _id field cannot be changed/],
    ['$inc with a non-number', { _id: 'x' }, { $inc: { a: 'x' } }, /Modifier \$inc allowed for numbers only for field 'a'/],
    ['$inc on a non-number', { _id: 'x', a: 'x' }, { $inc: { a: 1 } }, /Cannot apply \$inc modifier to non-number for field 'a'/],
    ['$mul on a non-number', { _id: 'x', a: [] }, { $mul: { a: 2 } }, /Cannot apply \$mul modifier to non-number/],
    ['$push to a non-array', { _id: 'x', a: 1 }, { $push: { a: 2 } }, /Cannot apply \$push modifier to non-array/],
    ['$addToSet to a non-array', { _id: 'x', a: 1 }, { $addToSet: { a: 2 } }, /Cannot apply \$addToSet modifier to non-array/],
    ['$pop on a non-array', { _id: 'x', a: 1 }, { $pop: { a: 1 } }, /Cannot apply \$pop modifier to non-array/],
    ['$pull on a non-array', { _id: 'x', a: 1 }, { $pull: { a: 1 } }, /Cannot apply \$pull\/pullAll modifier to non-array/],
    ['$pullAll without array', { _id: 'x', a: [] }, { $pullAll: { a: 1 } }, /allowed for arrays only/],
    ['$each not an array', { _id: 'x' }, { $push: { a: { $each: 1 } } }, /\$each must be an array/],
    ['$slice not a number', { _id: 'x' }, { $push: { a: { $each: [1], $slice: 'x' } } }, /\$slice must be a numeric value/],
    ['$position not a number', { _id: 'x' }, { $push: { a: { $each: [1], $position: 'x' } } }, /\$position must be a numeric value/],
    ['$rename to the same path', { _id: 'x', a: 1 }, { $rename: { a: 'a' } }, /source must differ from target/],
    ['$rename to a non-string', { _id: 'x', a: 1 }, { $rename: { a: 1 } }, /target must be a string/],
    ['traversing a scalar', { _id: 'x', a: 5 }, { $set: { 'a.b': 1 } }, /cannot use the part 'b' to traverse 5/],
    ['traversing an explicit null', { _id: 'x', a: null }, { $set: { 'a.b': 1 } }, /cannot use the part 'b' to traverse null/],
    ['traversing a null array element', { _id: 'x', a: [null, null] }, { $set: { 'a.1.b': 1 } }, /cannot use the part 'b' to traverse null/],
    ['$inc with a boolean', { _id: 'x', a: 1 }, { $inc: { a: true } }, /allowed for numbers only/],
    ['$inc on null', { _id: 'x', a: null }, { $inc: { a: 1 } }, /Cannot apply \$inc modifier to non-number/],
    ['$unset of _id', { _id: 'x' }, { $unset: { _id: 1 } }, /Mod on _id not allowed/],
    ['$set of an unchanged _id', { _id: 'x' }, { $set: { _id: 'x' } }, /Mod on _id not allowed/],
    ['$rename into an array', { _id: 'x', a: { b: 12 }, q: [] }, { $rename: { 'a.b': 'q.2.r' } }, /\$rename target field invalid/],
    ['string index into an array', { _id: 'x', a: [1] }, { $set: { 'a.b': 1 } }, /can't append to array using string field name \[b\]/],
    ['empty path', { _id: 'x' }, { $set: { '': 1 } }, /An empty update path is not valid/],
    ['empty path part', { _id: 'x' }, { $set: { 'a..b': 1 } }, /contains an empty field name/],
    ['$-prefixed stored key', { _id: 'x' }, { $set: { a: { $bad: 1 } } }, /Key \$bad must not start with '\$'/],
    ['dotted stored key', { _id: 'x' }, { $set: { a: { 'b.c': 1 } } }, /Key b\.c must not contain '\.'/],
    ['$bit', { _id: 'x', a: 1 }, { $bit: { a: { and: 1 } } }, /\$bit is not supported/],
    ['positional without a match', { _id: 'x', a: [1] }, { $set: { 'a.$': 2 } }, /positional operator did not find the match/],
  ];
  for (const [name, doc, modifier, message] of errors) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => modifyDocument(doc, modifier),
        (error: unknown) => error instanceof MinimongoError && error.code === 'minimongo.bad-modifier' && message.test(error.message),
      );
    });
  }
});

describe('createUpsertDocument', () => {
  it('seeds the new document from the selector equality fields and applies $setOnInsert', () => {
    const doc = createUpsertDocument(
      { name: 'x', 'meta.kind': 'k', n: { $gt: 1 }, $and: [{ tag: { $eq: 't' } }] },
      { $set: { a: 1 }, $setOnInsert: { created: true } },
    );
    assert.deepEqual(doc, { name: 'x', meta: { kind: 'k' }, tag: 't', a: 1, created: true });
  });

  it('uses a replacement document as is, keeping only the selector _id', () => {
    assert.deepEqual(createUpsertDocument({ _id: 'i', name: 'x' }, { b: 2 }), { _id: 'i', b: 2 });
    assert.deepEqual(createUpsertDocument('i', { $inc: { n: 1 } }), { _id: 'i', n: 1 });
  });
});

describe("modifyDocument with semantics: 'mongodb' (the database server's rules)", () => {
  const mongodb = { semantics: 'mongodb' } as const;
  const refusal = (doc: Document, modifier: Document, pattern: RegExp, options: Document = {}): void => {
    assert.throws(
      () => modifyDocument(doc, modifier, { ...mongodb, ...options }),
      (e: unknown) => e instanceof MinimongoError && pattern.test(e.message),
    );
  };

  it('$min/$max compare any values in BSON order, where Meteor takes numbers only', () => {
    assert.deepEqual(modifyDocument({ a: 'text', b: 5 }, { $min: { a: 3, b: 'z' } }, mongodb), { a: 3, b: 5 });
    assert.deepEqual(modifyDocument({ a: 1 }, { $max: { a: { x: 1 } } }, mongodb), { a: { x: 1 } });
    assert.throws(() => modifyDocument({ a: 'text' }, { $min: { a: 3 } }), MinimongoError);
  });

  it('a negative $position counts from the end, where Meteor refuses it', () => {
    assert.deepEqual(modifyDocument({ l: [1, 2, 3] }, { $push: { l: { $each: [9], $position: -2 } } }, mongodb), { l: [1, 9, 2, 3] });
    assert.throws(() => modifyDocument({ l: [1] }, { $push: { l: { $each: [9], $position: -1 } } }), MinimongoError);
  });

  it('$pop takes only 1 or -1', () => {
    refusal({ l: [1, 2] }, { $pop: { l: 2 } }, /\$pop expects 1 or -1/);
  });

  it('$bit and, or, xor in order', () => {
    assert.deepEqual(modifyDocument({ n: 12 }, { $bit: { n: { and: 10, or: 1, xor: 3 } } }, mongodb), { n: 10 });
    assert.deepEqual(modifyDocument({}, { $bit: { n: { or: 5 } } }, mongodb), { n: 5 });
    refusal({ n: 1.5 }, { $bit: { n: { and: 1 } } }, /non-integral/);
  });

  it('$[] and $[<id>] with arrayFilters address the array elements', () => {
    const doc = {
      a: [
        { k: 1, v: 0 },
        { k: 2, v: 0 },
        { k: 1, v: 5 },
      ],
    };
    assert.deepEqual(modifyDocument(doc, { $inc: { 'a.$[].v': 1 } }, mongodb), {
      a: [
        { k: 1, v: 1 },
        { k: 2, v: 1 },
        { k: 1, v: 6 },
      ],
    });
    assert.deepEqual(modifyDocument(doc, { $set: { 'a.$[e].v': 'x' } }, { ...mongodb, arrayFilters: [{ 'e.k': 1 }] }), {
      a: [
        { k: 1, v: 'x' },
        { k: 2, v: 0 },
        { k: 1, v: 'x' },
      ],
    });
    refusal(doc, { $set: { 'a.$[e].v': 1 } }, /No array filter found for identifier 'e'/);
    refusal(doc, { $set: { 'a.$[].v': 1 } }, /array filter for identifier 'f' was not used/, { arrayFilters: [{ f: 1 }] });
    refusal({ a: 1 }, { $set: { 'a.$[]': 1 } }, /must exist in the document in order to apply array updates/);
  });

  it('$rename refuses positional paths on either side', () => {
    refusal({ a: [1] }, { $rename: { 'a.$[]': 'b' } }, /may not be dynamic/);
    refusal({ a: [1] }, { $rename: { a: 'b.$[]' } }, /may not be dynamic/);
  });

  it('$set of _id to its own value is accepted, another value names the immutable field', () => {
    assert.deepEqual(modifyDocument({ _id: 1, a: 1 }, { $set: { _id: 1, a: 2 } }, mongodb), { _id: 1, a: 2 });
    refusal({ _id: 1 }, { $set: { _id: 2 } }, /immutable field '_id'/);
  });
});
