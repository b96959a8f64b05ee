import assert from 'node:assert/strict';
import { toClientError } from '@perseid/ddp-common';
import { MeteorError } from '@perseid/meteor-core';
import { ObjectID } from '@perseid/ejson';
import { check, Match } from './check';
import { MatchError } from './match-error';
import type { Pattern } from './patterns';

class Animal {}
class Dog extends Animal {}

/** A real Arguments object: `arguments` is the only way to get one. */
function argumentsOf(..._args: unknown[]): IArguments {
  // biome-ignore lint/complexity/noArguments: the Arguments object itself is what is under test
  return arguments;
}

/** [description, value, pattern] that must match. */
const matches: Array<[string, unknown, Pattern]> = [
  ['Any takes undefined', undefined, Match.Any],
  ['Any takes an object', { a: 1 }, Match.Any],
  ['String', 'x', String],
  ['Number', 1.5, Number],
  ['Number takes NaN (typeof number)', Number.NaN, Number],
  ['Boolean', false, Boolean],
  ['Function', () => 1, Function],
  ['undefined', undefined, undefined],
  ['null', null, null],
  ['literal string', 'a', 'a'],
  ['literal number', 3, 3],
  ['literal boolean', true, true],
  ['Integer', -5, Match.Integer],
  ['Integer at 2^31-1', 2147483647, Match.Integer],
  ['Object takes a plain object', { a: 1 }, Object],
  ['Object takes a null-prototype object', Object.create(null), Object],
  ['array of strings', ['a', 'b'], [String]],
  ['empty array', [], [Number]],
  ['arguments object as an array', argumentsOf('a', 'b'), [String]],
  ['constructor pattern', new Dog(), Animal],
  ['Date constructor', new Date(), Date],
  ['ObjectID constructor', new ObjectID(), ObjectID],
  ['object pattern', { a: 'x', b: 1 }, { a: String, b: Number }],
  ['Optional key absent', { a: 'x' }, { a: String, b: Match.Optional(Number) }],
  ['Optional key present', { a: 'x', b: 2 }, { a: String, b: Match.Optional(Number) }],
  ['Maybe key absent', {}, { b: Match.Maybe(Number) }],
  ['Optional at top level takes undefined', undefined, Match.Optional(String)],
  ['Maybe at top level takes null', null, Match.Maybe(String)],
  ['OneOf', 2, Match.OneOf(String, Number)],
  ['OneOf of literals', 'b', Match.OneOf('a', 'b')],
  ['Where returning true', 4, Match.Where((v) => typeof v === 'number' && v % 2 === 0)],
  ['ObjectIncluding allows extra keys', { a: 1, extra: true }, Match.ObjectIncluding({ a: Number })],
  ['ObjectWithValues', { x: 1, y: 2 }, Match.ObjectWithValues(Number)],
  ['nested', { list: [{ id: 'a', tags: ['t'] }] }, { list: [{ id: String, tags: [String] }] }],
  ['pattern value undefined means the key must be undefined', { a: undefined }, { a: undefined }],
];

/** [description, value, pattern, exact Match.Error message, path] that must fail. */
const failures: Array<[string, unknown, Pattern, string, string]> = [
  ['String vs number', 1, String, 'Match error: Expected string, got number', ''],
  ['String vs null', null, String, 'Match error: Expected string, got null', ''],
  ['String vs boxed String', new String('x'), String, 'Match error: Expected string, got object', ''],
  ['Number vs string', '1', Number, 'Match error: Expected number, got string', ''],
  ['Boolean vs undefined', undefined, Boolean, 'Match error: Expected boolean, got undefined', ''],
  ['Function vs object', {}, Function, 'Match error: Expected function, got object', ''],
  ['undefined vs null', null, undefined, 'Match error: Expected undefined, got null', ''],
  ['null vs object', { a: 1 }, null, 'Match error: Expected null, got {"a":1}', ''],
  ['null vs undefined', undefined, null, 'Match error: Expected null, got undefined', ''],
  ['literal vs other string', 'b', 'a', 'Match error: Expected a, got "b"', ''],
  ['literal number vs string', '3', 3, 'Match error: Expected 3, got "3"', ''],
  ['Integer vs float', 1.5, Match.Integer, 'Match error: Expected Integer, got 1.5', ''],
  ['Integer vs 2^31', 2147483648, Match.Integer, 'Match error: Expected Integer, got 2147483648', ''],
  ['Integer vs string', '1', Match.Integer, 'Match error: Expected Integer, got "1"', ''],
  ['Integer vs object', { a: 1 }, Match.Integer, 'Match error: Expected Integer, got {"a":1}', ''],
  ['array vs object', { 0: 'a' }, [String], 'Match error: Expected array, got {"0":"a"}', ''],
  ['array element', ['a', 1], [String], 'Match error: Expected string, got number in field [1]', ''],
  ['bad array pattern', ['a'], [String, Number] as unknown as Pattern, 'Match error: Bad pattern: arrays must have one type element [null,null]', ''],
  ['constructor', new Animal(), Dog, 'Match error: Expected Dog', ''],
  ['anonymous constructor', {}, (() => class {})() as unknown as Pattern, 'Match error: Expected particular constructor', ''],
  ['Object vs class instance', new Dog(), Object, 'Match error: Expected plain object', ''],
  ['Object vs array', [1], Object, 'Match error: Expected plain object', ''],
  ['object vs string', 'x', { a: String }, 'Match error: Expected object, got string', ''],
  ['object vs null', null, { a: String }, 'Match error: Expected object, got null', ''],
  ['object vs Date', new Date(0), { a: String }, 'Match error: Expected plain object', ''],
  ['unknown key', { a: 'x', b: 1 }, { a: String }, 'Match error: Unknown key in field b', ''],
  ['missing key', {}, { a: String }, "Match error: Missing key 'a'", ''],
  ['nested path a.b[0]', { a: { b: [1] } }, { a: { b: [String] } }, 'Match error: Expected string, got number in field a.b[0]', ''],
  [
    'path through arrays of objects',
    { list: [{ id: 'a' }, { id: 2 }] },
    { list: [{ id: String }] },
    'Match error: Expected string, got number in field list[1].id',
    '',
  ],
  ['odd key quoted', { 'my key': 1 }, { 'my key': String }, 'Match error: Expected string, got number in field ["my key"]', ''],
  ['keyword key quoted', { class: 1 }, { class: String }, 'Match error: Expected string, got number in field ["class"]', ''],
  ['numeric key as index', { 7: 1 }, { 7: String }, 'Match error: Expected string, got number in field [7]', ''],
  ['Optional key set to undefined', { b: undefined }, { b: Match.Optional(Number) }, 'Match error: Expected number, got undefined in field b', ''],
  ['Maybe key set to null', { b: null }, { b: Match.Maybe(Number) }, 'Match error: Expected number, got null in field b', ''],
  ['Optional at top level', 1, Match.Optional(String), 'Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation', ''],
  ['OneOf', true, Match.OneOf(String, Number), 'Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation', ''],
  ['Where returning false', 3, Match.Where((v) => v === 4), 'Match error: Failed Match.Where validation', ''],
  [
    'Where calling check keeps the inner message and path',
    { n: { x: 1 } },
    {
      n: Match.Where((v) => {
        check(v, { x: String });
        return true;
      }),
    },
    'Match error: Expected string, got number in field n.x',
    '',
  ],
  ['ObjectIncluding checks listed keys', { a: 'x', z: 1 }, Match.ObjectIncluding({ a: Number }), 'Match error: Expected number, got string in field a', ''],
  ['ObjectWithValues', { x: 1, y: 'no' }, Match.ObjectWithValues(Number), 'Match error: Expected number, got string in field y', ''],
  ['bad pattern', 1, Symbol('x') as unknown as Pattern, 'Match error: Bad pattern: unknown pattern type', ''],
  [
    'circular value is described by type',
    (() => {
      const o: Record<string, unknown> = {};
      o.o = o;
      return o;
    })(),
    null,
    'Match error: Expected null, got object',
    '',
  ],
];

describe('check', () => {
  for (const [name, value, pattern] of matches) {
    it(`matches: ${name}`, () => {
      assert.doesNotThrow(() => check(value, pattern));
      assert.equal(Match.test(value, pattern), true);
    });
  }

  for (const [name, value, pattern, message] of failures) {
    it(`fails: ${name}`, () => {
      assert.equal(Match.test(value, pattern), false);
      assert.throws(
        () => check(value, pattern),
        (error: unknown) => {
          assert.ok(error instanceof MatchError);
          assert.ok(error instanceof Match.Error);
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }

  it('sets path to the failing key path and errorType to Match.Error', () => {
    try {
      check({ a: { b: [1] } }, { a: { b: [String] } });
      assert.fail('check should throw');
    } catch (error) {
      assert.ok(error instanceof MatchError);
      assert.equal(error.path, 'a.b[0]');
      assert.equal(error.errorType, 'Match.Error');
    }
  });

  it('gives a client-safe sanitizedError: 400 Match failed', () => {
    const error = new Match.Error('x');
    assert.ok(error.sanitizedError instanceof MeteorError);
    assert.equal(error.sanitizedError.error, 400);
    assert.equal(error.sanitizedError.reason, 'Match failed');
    assert.equal(error.message, 'Match error: x');
    assert.equal(error.path, '');
  });

  it('a failed check reaches a DDP client as 400 Match failed, never the pattern details', () => {
    let thrown: unknown;
    try {
      check({ text: 5 }, { text: String });
    } catch (error) {
      thrown = error;
    }
    const internal: unknown[] = [];
    const clientError = toClientError(thrown, (e) => internal.push(e));
    assert.deepEqual([clientError.error, clientError.reason, clientError.message], [400, 'Match failed', 'Match failed [400]']);
    assert.equal(internal[0], thrown, 'the server still gets the full error to log');
  });

  it('Match.test lets non-Match exceptions from Where through', () => {
    assert.throws(
      () =>
        Match.test(
          1,
          Match.Where(() => {
            throw new TypeError('bug');
          }),
        ),
      TypeError,
    );
  });

  it('Match.OneOf needs at least one choice and Match.Where a function', () => {
    assert.throws(() => Match.OneOf(), /at least one choice/);
    assert.throws(() => Match.Where('x' as unknown as () => boolean), /expects a function/);
  });

  it('Match.Pattern, Match.PatternMatch and Match.Error are usable as types', () => {
    const pattern = { name: String } satisfies Match.Pattern;
    const value: Match.PatternMatch<typeof pattern> = { name: 'x' };
    const error: Match.Error = new Match.Error('m');
    assert.equal(Match.test(value, pattern), true);
    assert.equal(error.path, '');
  });

  it("narrows the checked value's TypeScript type", () => {
    const input: unknown = { name: 'general', topic: 'news', members: ['a'], owner: null };
    check(input, {
      name: String,
      topic: Match.Maybe(String),
      members: [String],
      private: Match.Optional(Boolean),
      owner: Match.OneOf(null, String),
    });
    const name: string = input.name;
    const topic: string | undefined = input.topic;
    const members: string[] = input.members;
    const isPrivate: boolean | undefined = input.private;
    const owner: string | null = input.owner;
    assert.deepEqual([name, topic, members, isPrivate, owner], ['general', 'news', ['a'], undefined, null]);
    // @ts-expect-error a checked string is not a number
    const wrong: number = input.name;
    void wrong;
  });
});
