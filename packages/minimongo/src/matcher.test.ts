import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ObjectID } from '@perseid/ejson';
import { MinimongoError } from './errors';
import { Matcher, type Selector } from './matcher';
import type { Document } from './value-types';

const oid = new ObjectID('0123456789abcdef01234567');

// [selector, document, expected match]
const rows: Array<[string, Selector, Document, boolean]> = [
  ['empty selector matches all', {}, { a: 1 }, true],
  ['literal equality', { a: 1 }, { a: 1 }, true],
  ['literal inequality', { a: 1 }, { a: 2 }, false],
  ['equality reaches into arrays', { a: 1 }, { a: [3, 1] }, true],
  ['array equals whole array', { a: [1, 2] }, { a: [1, 2] }, true],
  ['array equals nested element array', { a: [1, 2] }, { a: [[1, 2], 3] }, true],
  ['array order matters', { a: [1, 2] }, { a: [2, 1] }, false],
  ['object equality is key-order sensitive', { a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }, false],
  ['object equality same order', { a: { x: 1, y: 2 } }, { a: { x: 1, y: 2 } }, true],
  ['null matches missing', { a: null }, { b: 1 }, true],
  ['null matches null', { a: null }, { a: null }, true],
  ['null through array with a missing field', { 'a.b': null }, { a: [{ b: 1 }, {}] }, true],
  ['null does not match present values', { 'a.b': null }, { a: [{ b: 1 }] }, false],
  ['dotted path', { 'a.b': 2 }, { a: { b: 2 } }, true],
  ['dotted path through array', { 'a.b': 2 }, { a: [{ b: 1 }, { b: 2 }] }, true],
  ['numeric path indexes array', { 'a.1': 5 }, { a: [4, 5] }, true],
  ['numeric path wrong index', { 'a.0': 5 }, { a: [4, 5] }, false],
  ['deep path through nested arrays', { 'a.b.c': 3 }, { a: [{ b: [{ c: 3 }] }] }, true],
  ['ObjectID equality', { _id: oid }, { _id: new ObjectID(oid.toHexString()) }, true],
  ['string id shorthand', 'abc', { _id: 'abc' }, true],
  ['string id shorthand mismatch', 'abc', { _id: 'abd' }, false],
  ['ObjectID id shorthand', oid, { _id: oid }, true],
  ['Date equality', { d: new Date(5) }, { d: new Date(5) }, true],
  ['$eq', { a: { $eq: 2 } }, { a: [1, 2] }, true],
  ['$ne', { a: { $ne: 2 } }, { a: [1, 2] }, false],
  ['$ne missing', { a: { $ne: 2 } }, {}, true],
  ['$gt number', { a: { $gt: 2 } }, { a: 3 }, true],
  ['$gt across types is false', { a: { $gt: 2 } }, { a: 'x' }, false],
  ['$lte in array', { a: { $lte: 1 } }, { a: [5, 1] }, true],
  ['$gt and $lt can use different elements', { a: { $gt: 5, $lt: 3 } }, { a: [1, 9] }, true],
  ['$gt on dates', { d: { $gt: new Date(1) } }, { d: new Date(2) }, true],
  ['$in', { a: { $in: [1, 2] } }, { a: 2 }, true],
  ['$in with null matches missing', { a: { $in: [null] } }, {}, true],
  ['$in with regex', { a: { $in: [/^x/] } }, { a: 'xy' }, true],
  ['$in with ObjectID', { _id: { $in: [oid] } }, { _id: oid }, true],
  ['$nin', { a: { $nin: [1, 2] } }, { a: 3 }, true],
  ['$nin missing field', { a: { $nin: [1] } }, {}, true],
  ['$exists true', { a: { $exists: true } }, { a: null }, true],
  ['$exists false', { a: { $exists: false } }, { b: 1 }, true],
  ['$exists through array', { 'a.b': { $exists: true } }, { a: [{ c: 1 }, { b: 1 }] }, true],
  ['$type string alias', { a: { $type: 'string' } }, { a: 'x' }, true],
  ['$type number code', { a: { $type: 2 } }, { a: 'x' }, true],
  ['$type mismatch', { a: { $type: 'number' } }, { a: 'x' }, false],
  ['$type objectId matches EJSON ObjectIDs', { a: { $type: 'objectId' } }, { a: oid }, true],
  ['$type 7', { a: { $type: 7 } }, { a: oid }, true],
  ['$type binData matches binaries', { a: { $type: 5 } }, { a: new Uint8Array([1]) }, true],
  ['$type date is not object', { a: { $type: 'object' } }, { a: new Date() }, false],
  ['$type checks array elements', { a: { $type: 'double' } }, { a: ['x', 1.5] }, true],
  ['$type array: a leaf array is not itself an array (Meteor rule)', { a: { $type: 'array' } }, { a: [1] }, false],
  ['$type array: an array inside the leaf array is', { a: { $type: 4 } }, { a: ['1', []] }, true],
  ['$type array: an array reached by index is examined itself', { 'a.0': { $type: 4 } }, { a: [[0]] }, true],
  ['$type number: an array reached by index is not expanded', { 'a.0': { $type: 1 } }, { a: [[0]] }, false],
  ['$type int for small integers', { a: { $type: 'int' } }, { a: 5 }, true],
  ['$type int not for fractions', { a: { $type: 'int' } }, { a: 5.5 }, false],
  ['$type number alias', { a: { $type: 'number' } }, { a: 5.5 }, true],
  ['$type does not match missing', { a: { $type: 'undefined' } }, {}, false],
  ['$lte null matches missing', { a: { $lte: null } }, {}, true],
  ['$gte null matches null', { a: { $gte: null } }, { a: null }, true],
  ['$size', { a: { $size: 2 } }, { a: [1, 2] }, true],
  ['$size mismatch', { a: { $size: 1 } }, { a: [1, 2] }, false],
  ['$all', { a: { $all: [1, 2] } }, { a: [2, 3, 1] }, true],
  ['$all missing element', { a: { $all: [1, 4] } }, { a: [2, 3, 1] }, false],
  ['$elemMatch documents', { a: { $elemMatch: { b: 1, c: 2 } } }, { a: [{ b: 1 }, { b: 1, c: 2 }] }, true],
  ['$elemMatch needs one element for all', { a: { $elemMatch: { b: 1, c: 2 } } }, { a: [{ b: 1 }, { c: 2 }] }, false],
  ['$elemMatch values', { a: { $elemMatch: { $gt: 2, $lt: 5 } } }, { a: [1, 3] }, true],
  ['$elemMatch does not look into nested arrays', { x: { $elemMatch: { y: 9 } } }, { x: [[{ y: 9 }]] }, false],
  ['$elemMatch value operators see a nested array whole', { x: { $elemMatch: { $gt: 5, $lt: 9 } } }, { x: [[8]] }, false],
  ['$elemMatch addresses array elements by index', { a: { $elemMatch: { 0: { $gt: 5, $lt: 9 } } } }, { a: [[6]] }, true],
  ['$elemMatch with $or inside', { a: { $elemMatch: { x: 1, $or: [{ a: 1 }, { b: 1 }] } } }, { a: [{ x: 1, b: 1 }] }, true],
  ['$elemMatch $or must hold on the same element', { a: { $elemMatch: { x: 1, $or: [{ a: 1 }, { b: 1 }] } } }, { a: [{ x: 1 }, { b: 1 }] }, false],
  ['$elemMatch equality is key-order sensitive', { a: { $elemMatch: { b: { x: 1, y: 2 } } } }, { a: [{ b: { y: 2, x: 1 } }] }, false],
  ['$elemMatch needs an array', { a: { $elemMatch: { x: 5 } } }, { a: { x: 5 } }, false],
  ['$elemMatch through a dotted path', { 'a.x': { $elemMatch: { y: 9 } } }, { a: [{ x: [] }, { x: [{ y: 9 }] }] }, true],
  ['$gt with an array operand never matches', { a: { $gt: [2, 3] } }, { a: [1, 2] }, false],
  ['$lt compares within one type only', { a: { $lt: 5 } }, { a: '1' }, false],
  ['$mod', { a: { $mod: [3, 1] } }, { a: 7 }, true],
  ['$mod mismatch', { a: { $mod: [3, 1] } }, { a: 6 }, false],
  ['$regex literal', { a: /^ab/ }, { a: 'abc' }, true],
  ['$regex in arrays', { a: /z/ }, { a: ['x', 'yz'] }, true],
  ['$regex string with $options', { a: { $regex: 'AB', $options: 'i' } }, { a: 'xab' }, true],
  ['$regex on non-string', { a: /1/ }, { a: 1 }, false],
  ['regex does not match the stringified array', { a: /,/ }, { a: ['foo', 'bar'] }, false],
  ['regex matches an equal RegExp value', { a: /a/ }, { a: ['x', /a/] }, true],
  ['regex does not match a RegExp with other flags', { a: /a/ }, { a: /a/i }, false],
  ['$options replaces the flags of a RegExp $regex', { a: { $regex: /a/i, $options: '' } }, { a: 'CAT' }, false],
  ['$regex never matches a missing field', { a: { $regex: '' } }, {}, false],
  ['global regex keeps no state between documents (1)', { a: /sh/gi }, { a: 'Shorts' }, true],
  [
    '$all of arrays',
    {
      a: {
        $all: [
          [1, 2],
          [1, 3],
        ],
      },
    },
    {
      a: [
        [1, 3],
        [1, 2],
        [1, 4],
      ],
    },
    true,
  ],
  ['$all needs a real array field', { a: { $all: [1, 2] } }, { a: [[1, 2]] }, false],
  ['$all empty matches nothing', { a: { $all: [] } }, { a: [5] }, false],
  ['$all of regexes', { a: { $all: [/i/, /e/i] } }, { a: ['foo', 'bEr', 'biz'] }, true],
  ['$size does not look into nested arrays', { a: { $size: 2 } }, { a: [[2, 2]] }, false],
  ['$exists false through arrays', { 'a.x': { $exists: false } }, { a: [{}, { x: 5 }] }, false],
  ['$ne and $gt combine over array elements', { 'a.b': { $ne: 5, $gt: 6 } }, { a: [{ b: 2 }, { b: 10 }] }, true],
  ['$ne and $gt: every element must differ', { 'a.b': { $ne: 5, $gt: 6 } }, { a: [{ b: 10 }, { b: 5 }] }, false],
  ['$in null through arrays of scalars', { 'a.b': { $in: [1, null] } }, { a: [{ b: 5 }, 5] }, false],
  ['$nin null with a document missing the field', { 'a.b': { $nin: [1, null] } }, { a: [{ b: 5 }, {}] }, false],
  ['numeric key on a document inside an array', { 'a.1': 2 }, { a: [0, { 1: 2 }, 3] }, true],
  ['numeric key tried as a field name too', { 'x.1.y': null }, { x: [7, { y: 8 }, 9] }, true],
  ['numeric path into a nested array', { 'a.1.b': 2 }, { a: [1, [{ b: 2 }], 3] }, true],
  ['numeric index past a scalar is not null', { 'a.0.b': null }, { a: [5] }, false],
  [
    'numeric index does not fan out into inner arrays',
    { 'a.1': 6 },
    {
      a: [
        [6, 7],
        [8, 9],
      ],
    },
    false,
  ],
  ['null matches a null element, not a document element', { a: null }, { a: [1, 2, {}, 3] }, false],
  ['$lt compares documents', { a: { $lt: { x: [2, 3, 4] } } }, { a: { x: [1, 3, 4] } }, true],
  ['$lt never matches across types', { a: { $lt: 'null' } }, { a: null }, false],
  ['$not regex', { a: { $not: /x/ } }, { a: 'y' }, true],
  ['$not operator', { a: { $not: { $gt: 3 } } }, { a: 5 }, false],
  ['$not $in', { a: { $not: { $in: [1] } } }, { a: 2 }, true],
  ['$bitsAllSet', { a: { $bitsAllSet: [0, 1] } }, { a: 3 }, true],
  ['$bitsAllSet numeric mask', { a: { $bitsAllSet: 54 } }, { a: 55 }, true],
  ['$bitsAllSet binary mask on binary', { a: { $bitsAllSet: new Uint8Array([7]) } }, { a: new Uint8Array([15]) }, true],
  ['$bitsAllClear binary mask on number', { a: { $bitsAllClear: new Uint8Array([3]) } }, { a: 4 }, true],
  ['$bits on negatives use two’s complement', { a: { $bitsAllSet: [1, 3, 6, 7, 100] } }, { a: -54 }, true],
  ['$bits never match non-integers', { a: { $bitsAllSet: 1 } }, { a: 1.2 }, false],
  ['$bits never match strings', { a: { $bitsAllSet: 1 } }, { a: '1' }, false],
  ['$bitsAnySet', { a: { $bitsAnySet: [2] } }, { a: 3 }, false],
  ['$bitsAllClear', { a: { $bitsAllClear: [2, 3] } }, { a: 3 }, true],
  ['$bitsAnyClear', { a: { $bitsAnyClear: [0, 2] } }, { a: 3 }, true],
  ['$and', { $and: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 2 }, true],
  ['$and fails', { $and: [{ a: 1 }, { b: 3 }] }, { a: 1, b: 2 }, false],
  ['$or', { $or: [{ a: 5 }, { b: 2 }] }, { a: 1, b: 2 }, true],
  ['$nor', { $nor: [{ a: 5 }, { b: 2 }] }, { a: 1, b: 2 }, false],
  ['$comment is ignored', { $comment: 'why', a: 1 }, { a: 1 }, true],
  [
    '$where function',
    {
      $where: function (this: Document) {
        return this.a === 1;
      },
    },
    { a: 1 },
    true,
  ],
  ['$where string uses this and obj', { $where: 'this.a === 1 && obj.b === 2' }, { a: 1, b: 2 }, true],
  [
    'function selector',
    function (this: Document) {
      return this.a === 3;
    },
    { a: 3 },
    true,
  ],
  ['null selector matches nothing', null, { a: 1 }, false],
  ['falsy _id matches nothing', { _id: undefined }, { _id: 'x' }, false],
];

describe('Matcher', () => {
  for (const [name, selector, doc, expected] of rows) {
    it(`${name}`, () => {
      assert.equal(new Matcher(selector).documentMatches(doc).result, expected);
    });
  }

  it('gives the same answer every time for a global regex', () => {
    const matcher = new Matcher({ a: { $regex: /sh/gi } });
    const answers = [1, 2, 3].map(() => matcher.documentMatches({ a: 'Shorts' }).result);
    assert.deepEqual(answers, [true, true, true]);
  });

  it('reports $where and function selectors through hasWhere', () => {
    assert.equal(new Matcher({ $where: 'true' }).hasWhere(), true);
    assert.equal(new Matcher(() => true).hasWhere(), true);
    assert.equal(new Matcher({ a: 1 }).hasWhere(), false);
  });

  it('knows simple selectors and the paths it reads', () => {
    assert.equal(new Matcher({ a: 1, b: 'x' }).isSimple(), true);
    assert.equal(new Matcher({ a: { $gt: 1 } }).isSimple(), false);
    assert.deepEqual(new Matcher({ a: 1, $or: [{ 'b.c': 1 }] }).getPaths().sort(), ['a', 'b.c']);
  });

  it('tells whether a modifier can change the answer', () => {
    const matcher = new Matcher({ 'a.b': 1 });
    assert.equal(matcher.affectedByModifier({ $set: { c: 1 } }), false);
    assert.equal(matcher.affectedByModifier({ $set: { a: {} } }), true);
    assert.equal(matcher.affectedByModifier({ $inc: { 'a.b': 1 } }), true);
    assert.equal(matcher.affectedByModifier({ $rename: { x: 'a' } }), true);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['unknown field operator', { a: { $foo: 1 } }, /Unrecognized operator: \$foo/],
    ['unknown top-level operator', { $foo: [] }, /Unrecognized logical operator: \$foo/],
    ['mixed operator object', { a: { $gt: 1, b: 2 } }, /Inconsistent operator/],
    ['empty $or', { $or: [] }, /must be nonempty array/],
    ['$in without array', { a: { $in: 1 } }, /\$in needs an array/],
    ['$options without $regex', { a: { $options: 'i' } }, /\$options needs a \$regex/],
    ['bad $mod', { a: { $mod: [1] } }, /\$mod/],
    ['$all without array', { a: { $all: 1 } }, /\$all requires array/],
    ['$where of another type', { $where: 5 }, /\$where needs/],
    ['a $where string that does not compile', { $where: 'this.a ===' }, /\$where string does not compile/],
    ['$elemMatch mixing value and logical operators', { a: { $elemMatch: { $gte: 1, $or: [{ a: 1 }] } } }, /Unrecognized logical operator: \$gte/],
    ['$elemMatch of a non-object', { a: { $elemMatch: 5 } }, /\$elemMatch need an object/],
    ['unsupported $options', { a: { $regex: 'a', $options: 's' } }, /Only the i, m, and g regexp options/],
    ['a $regex of another type', { a: { $regex: 5 } }, /\$regex has to be a string or RegExp/],
    ['operators inside $all', { a: { $all: [{ $gt: 4 }] } }, /no \$ expressions in \$all/],
    ['a fractional $bits mask', { a: { $bitsAllSet: 1.2 } }, /bitmask must be a non-negative integer/],
    ['negative $bits positions', { a: { $bitsAllSet: [0, -1] } }, /bit positions must be non-negative integers/],
    ['a string $bits mask', { a: { $bitsAnySet: 'x' } }, /needs a number, an array of bit positions or a binary/],
    ['unknown $type alias', { a: { $type: 'float' } }, /unknown string alias for \$type: float/],
    ['bad $type code', { a: { $type: 42 } }, /Invalid numerical \$type code: 42/],
    ['$type of another type', { a: { $type: true } }, /argument to \$type is not a number or a string/],
    ['array selector', [1, 2], /Invalid selector/],
  ];
  for (const [name, selector, message] of bad) {
    it(`rejects ${name} with a MinimongoError`, () => {
      assert.throws(
        () => new Matcher(selector as Selector),
        (error: unknown) => error instanceof MinimongoError && error.code === 'minimongo.bad-selector' && message.test(error.message),
      );
    });
  }

  it("refuses a string $where with a clear error where script evaluation is forbidden (the page's CSP), a function still works", () => {
    // Node's --disallow-code-generation-from-strings forbids `new Function` as a CSP without
    // 'unsafe-eval' does in the browser.
    const matcherModule = fileURLToPath(new URL('./matcher.ts', import.meta.url));
    const script = [
      `const { Matcher } = await import(${JSON.stringify(matcherModule)});`,
      `let refused = 'accepted';`,
      `try { new Matcher({ $where: 'this.a === 1' }); } catch (e) { refused = e.code + ': ' + e.message; }`,
      `const byFunction = new Matcher({ $where: function () { return this.a === 1; } }).documentMatches({ a: 1 }).result;`,
      `console.log(JSON.stringify({ refused, byFunction }));`,
    ].join('\n');
    const output = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { refused: string; byFunction: boolean };
    assert.match(result.refused, /^minimongo\.bad-selector: A string \$where needs script evaluation/);
    assert.equal(result.byFunction, true);
  });

  describe("semantics: 'mongodb' (the database server's rules where Meteor's client differs)", () => {
    const both = (selector: Selector, doc: Document): [boolean, boolean] => [
      new Matcher(selector).documentMatches(doc).result,
      new Matcher(selector, { semantics: 'mongodb' }).documentMatches(doc).result,
    ];

    it('types an integer as int or long, never double, and an array as an array', () => {
      assert.deepEqual(both({ v: { $type: 'double' } }, { v: 1 }), [true, false]);
      assert.deepEqual(both({ v: { $type: 'long' } }, { v: 2 ** 40 }), [false, true]);
      assert.deepEqual(both({ v: { $type: 'array' } }, { v: [1] }), [false, true]);
      assert.deepEqual(both({ v: { $type: 'number' } }, { v: 1.5 }), [true, true]);
      assert.equal(new Matcher({ v: { $type: ['string', 'null'] } }, { semantics: 'mongodb' }).documentMatches({ v: null }).result, true);
    });

    it('takes the s regexp option (dot matches a newline)', () => {
      assert.throws(() => new Matcher({ a: { $regex: 'x.y', $options: 's' } }), MinimongoError);
      assert.equal(new Matcher({ a: { $regex: 'x.y', $options: 's' } }, { semantics: 'mongodb' }).documentMatches({ a: 'x\ny' }).result, true);
    });

    it('selects by a falsy _id instead of selecting nothing', () => {
      assert.deepEqual(both({ _id: 0 }, { _id: 0 }), [false, true]);
    });

    it('refuses $where, even as a function', () => {
      assert.throws(() => new Matcher({ $where: () => true }, { semantics: 'mongodb' }), MinimongoError);
    });

    it('knows BSON values by their tag: ObjectId equality, MinKey below null, Binary bits', () => {
      const bsonId = (hex: string) => ({ _bsontype: 'ObjectId', toHexString: () => hex, equals: (o: { toHexString(): string }) => o.toHexString() === hex });
      const server = (selector: Selector, doc: Document) => new Matcher(selector, { semantics: 'mongodb' }).documentMatches(doc).result;
      assert.equal(server({ a: bsonId('aa') }, { a: bsonId('aa') }), true);
      assert.equal(server({ a: bsonId('aa') }, { a: bsonId('bb') }), false);
      assert.equal(server({ a: { $gt: bsonId('aa') } }, { a: bsonId('bb') }), true);
      const minKey = Object.create({ _bsontype: 'MinKey' }) as Document;
      const maxKey = Object.create({ _bsontype: 'MaxKey' }) as Document;
      assert.equal(server({ a: minKey }, { a: maxKey }), false);
      assert.equal(server({ a: maxKey }, { a: maxKey }), true);
      const binary = { _bsontype: 'Binary', buffer: Uint8Array.of(0b101), position: 1, sub_type: 0 };
      assert.equal(server({ a: { $bitsAllSet: [0, 2] } }, { a: binary }), true);
    });
  });
});
