import assert from 'node:assert/strict';
import { EJSON } from './ejson';
import { EJSONError } from './ejson-error';
import { ObjectID } from './object-id';

class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
  typeName(): string {
    return 'test-money';
  }
  toJSONValue() {
    return { cents: this.cents, currency: this.currency };
  }
}
EJSON.addType('test-money', (json) => {
  const { cents, currency } = json as { cents: number; currency: string };
  return new Money(cents, currency);
});

const binary = new Uint8Array([0, 1, 2, 250, 255]);

/** value, its exact EJSON text, and how to recognise the decoded value */
const roundTrips: Array<[string, unknown, string]> = [
  ['string', 'héllo "q"', '"héllo \\"q\\""'],
  ['number', 42.5, '42.5'],
  ['boolean', true, 'true'],
  ['null', null, 'null'],
  ['array', [1, 'a', null], '[1,"a",null]'],
  ['nested object keeps key order', { b: 1, a: { d: 2, c: 3 } }, '{"b":1,"a":{"d":2,"c":3}}'],
  ['Date', new Date(1358205756553), '{"$date":1358205756553}'],
  ['NaN', Number.NaN, '{"$InfNaN":0}'],
  ['Infinity', Number.POSITIVE_INFINITY, '{"$InfNaN":1}'],
  ['-Infinity', Number.NEGATIVE_INFINITY, '{"$InfNaN":-1}'],
  ['binary', binary, '{"$binary":"AAEC+v8="}'],
  ['empty binary', new Uint8Array(0), '{"$binary":""}'],
  ['RegExp', /ab+c/gi, '{"$regexp":"ab+c","$flags":"gi"}'],
  ['escaped $date lookalike', { $date: 5 }, '{"$escape":{"$date":5}}'],
  ['escaped $type lookalike', { $type: 'x', $value: 1 }, '{"$escape":{"$type":"x","$value":1}}'],
  ['escaped $escape lookalike', { $escape: { a: 1 } }, '{"$escape":{"$escape":{"a":1}}}'],
  ['escaped lookalike with a real Date inside', { $date: new Date(7) }, '{"$escape":{"$date":{"$date":7}}}'],
  ['two $ keys that are no encoded form', { $a: 1, $b: 2 }, '{"$a":1,"$b":2}'],
  ['ObjectID (custom type oid)', new ObjectID('5f1d7f3a9b1e8a0012345678'), '{"$type":"oid","$value":"5f1d7f3a9b1e8a0012345678"}'],
  ['user custom type', new Money(250, 'EUR'), '{"$type":"test-money","$value":{"cents":250,"currency":"EUR"}}'],
  [
    'everything nested',
    { when: [new Date(0)], bin: { b: new Uint8Array([9]) }, n: [Number.NaN], id: new ObjectID('000000000000000000000001') },
    '{"when":[{"$date":0}],"bin":{"b":{"$binary":"CQ=="}},"n":[{"$InfNaN":0}],"id":{"$type":"oid","$value":"000000000000000000000001"}}',
  ],
];

describe('EJSON round trips', () => {
  for (const [name, value, text] of roundTrips) {
    it(`${name}: stringify gives the exact wire text and parse restores an equal value`, () => {
      assert.equal(EJSON.stringify(value), text);
      const back = EJSON.parse(text);
      assert.ok(EJSON.equals(back, value), `parsed ${String(back)} differs`);
      assert.equal(EJSON.stringify(back), text);
    });
  }

  it('restores real types, not lookalikes', () => {
    const back = EJSON.parse(
      '{"d":{"$date":1},"b":{"$binary":"AQI="},"r":{"$regexp":"x","$flags":"m"},"o":{"$type":"oid","$value":"00000000000000000000000a"},"m":{"$type":"test-money","$value":{"cents":1,"currency":"USD"}}}',
    ) as Record<string, unknown>;
    assert.ok(back.d instanceof Date);
    assert.ok(back.b instanceof Uint8Array);
    assert.ok(back.r instanceof RegExp && back.r.multiline);
    assert.ok(back.o instanceof ObjectID);
    assert.ok(back.m instanceof Money && back.m.currency === 'USD');
  });

  it('accepts a $date given as an ISO string (MongoDB extended JSON)', () => {
    const back = EJSON.parse('{"$date":"2020-01-02T03:04:05.000Z"}');
    assert.ok(back instanceof Date && back.getTime() === Date.UTC(2020, 0, 2, 3, 4, 5));
  });

  it('drops unsafe or duplicate RegExp flags as Meteor does', () => {
    const back = EJSON.parse('{"$regexp":"a","$flags":"gxgsiz"}');
    assert.ok(back instanceof RegExp);
    assert.equal(back.flags, 'gi');
  });

  it('toJSONValue and fromJSONValue never mutate their input', () => {
    const input = { d: new Date(5), list: [{ $date: 1 }] };
    const json = EJSON.toJSONValue(input);
    assert.ok(input.d instanceof Date);
    assert.deepEqual(json, { d: { $date: 5 }, list: [{ $escape: { $date: 1 } }] });
    const raw = { d: { $date: 5 } };
    EJSON.fromJSONValue(raw);
    assert.deepEqual(raw, { d: { $date: 5 } });
  });

  it('keeps a "__proto__" key as data and never changes a prototype', () => {
    const back = EJSON.parse('{"__proto__":{"polluted":true},"a":{"$date":0}}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.ok(Object.hasOwn(back, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(EJSON.stringify(back), '{"__proto__":{"polluted":true},"a":{"$date":0}}');
  });

  it('undefined behaves as in JSON: omitted from objects, null in arrays', () => {
    assert.equal(EJSON.stringify({ a: undefined, b: 1 }), '{"b":1}');
    assert.equal(EJSON.stringify([undefined]), '[null]');
  });
});

describe('EJSON bad input', () => {
  const cases: Array<[string, () => unknown, string, RegExp]> = [
    ['parse of a non-string', () => EJSON.parse(5 as unknown as string), 'ejson.not-a-string', /should be a string/],
    ['invalid JSON', () => EJSON.parse('{"a":'), 'ejson.invalid-json', /EJSON.parse/],
    ['unknown custom type', () => EJSON.parse('{"$type":"nope","$value":1}'), 'ejson.unknown-type', /Custom EJSON type nope is not defined/],
    ['$type that is not a string', () => EJSON.parse('{"$type":1,"$value":1}'), 'ejson.bad-value', /\$type must be a string/],
    ['$date that is not a number', () => EJSON.parse('{"$date":{}}'), 'ejson.bad-value', /\$date/],
    ['$binary with bad characters', () => EJSON.parse('{"$binary":"ab$d"}'), 'ejson.bad-value', /not valid base64/],
    ['$binary with an impossible length', () => EJSON.parse('{"$binary":"abcde"}'), 'ejson.bad-value', /not valid base64/],
    ['$binary that is not a string', () => EJSON.parse('{"$binary":5}'), 'ejson.bad-value', /\$binary/],
    ['$InfNaN that is not a number', () => EJSON.parse('{"$InfNaN":"x"}'), 'ejson.bad-value', /\$InfNaN/],
    ['$regexp with a bad pattern', () => EJSON.parse('{"$regexp":"(","$flags":""}'), 'ejson.bad-value', /regular expression/],
    ['$escape of a non-object', () => EJSON.parse('{"$escape":"x"}'), 'ejson.bad-value', /\$escape/],
    ['oid with a bad hex string', () => EJSON.parse('{"$type":"oid","$value":"xyz"}'), 'ejson.bad-object-id', /Invalid hexadecimal/],
    ['oid with a non-string value', () => EJSON.parse('{"$type":"oid","$value":7}'), 'ejson.bad-object-id', /hex string/],
    ['a bigint', () => EJSON.stringify({ n: 1n }), 'ejson.unserializable', /bigint/],
    ['addType twice', () => EJSON.addType('oid', () => new ObjectID()), 'ejson.type-exists', /Type oid already present/],
    ['addType without a name', () => EJSON.addType('', () => new ObjectID()), 'ejson.bad-type-definition', /non-empty string/],
  ];
  for (const [name, run, code, message] of cases) {
    it(`${name} -> ${code}`, () => {
      assert.throws(run, (error: unknown) => {
        assert.ok(error instanceof EJSONError);
        assert.equal(error.code, code);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('a circular structure is a clear error, not a stack overflow', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { back: loop };
    assert.throws(
      () => EJSON.stringify(loop),
      (error: unknown) => error instanceof EJSONError && error.code === 'ejson.circular',
    );
  });

  it('catches a cycle that starts near the top and one that starts deep', () => {
    const shallow: Record<string, unknown> = {};
    shallow.next = { back: shallow };
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) deep = (deep.child = {}) as Record<string, unknown>;
    deep.loop = deep;
    for (const value of [shallow, root, [shallow]]) {
      assert.throws(
        () => EJSON.toJSONValue(value),
        (error: unknown) => error instanceof EJSONError && error.code === 'ejson.circular',
      );
    }
  });

  it('encodes deep (non-circular) nesting, with shared objects at every depth', () => {
    const shared = { s: new Date(1) };
    let value: Record<string, unknown> = { leaf: shared };
    for (let i = 0; i < 200; i++) value = { child: value, again: shared };
    const back = EJSON.parse(EJSON.stringify(value));
    assert.ok(EJSON.equals(back, value));
  });

  it('parse decodes nested arrays and objects in place, keeping "__proto__" as data at any depth', () => {
    const back = EJSON.parse('[{"a":[{"$date":1},{"__proto__":{"$InfNaN":1}}]}]') as Array<{ a: [Date, Record<string, unknown>] }>;
    const first = back[0];
    assert.ok(first);
    const [date, holder] = first.a;
    assert.ok(date instanceof Date);
    assert.equal(Object.getPrototypeOf(holder), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(holder, '__proto__')?.value, Number.POSITIVE_INFINITY);
  });

  it('the same object twice (not a cycle) serialises fine', () => {
    const shared = { x: 1 };
    assert.equal(EJSON.stringify({ a: shared, b: [shared] }), '{"a":{"x":1},"b":[{"x":1}]}');
  });
});
