import assert from 'node:assert/strict';
import { EJSON } from './ejson';

describe('EJSON.stringify options', () => {
  const value = { b: [1, { d: 1, c: new Date(3) }], a: {}, e: [] as unknown[] };
  const cases: Array<[string, Parameters<typeof EJSON.stringify>[1], string]> = [
    ['no options keeps insertion order', undefined, '{"b":[1,{"d":1,"c":{"$date":3}}],"a":{},"e":[]}'],
    ['canonical sorts keys at every depth', { canonical: true }, '{"a":{},"b":[1,{"c":{"$date":3},"d":1}],"e":[]}'],
    ['indent: true is two spaces', { indent: true }, JSON.stringify(EJSON.toJSONValue(value), null, 2)],
    ['indent: 4', { indent: 4 }, JSON.stringify(EJSON.toJSONValue(value), null, 4)],
    ['indent: "\\t"', { indent: '\t' }, JSON.stringify(EJSON.toJSONValue(value), null, '\t')],
    [
      'canonical and indent together',
      { canonical: true, indent: true },
      '{\n  "a": {},\n  "b": [\n    1,\n    {\n      "c": {\n        "$date": 3\n      },\n      "d": 1\n    }\n  ],\n  "e": []\n}',
    ],
  ];
  for (const [name, options, expected] of cases) {
    it(name, () => assert.equal(EJSON.stringify(value, options), expected));
  }

  it('canonical output is equal for equal values built in different key orders', () => {
    assert.equal(EJSON.stringify({ x: 1, y: { q: 2, p: 3 } }, { canonical: true }), EJSON.stringify({ y: { p: 3, q: 2 }, x: 1 }, { canonical: true }));
  });

  it('formats top-level primitives and omits undefined members like JSON', () => {
    assert.equal(EJSON.stringify('s', { canonical: true }), '"s"');
    assert.equal(EJSON.stringify(null, { indent: true }), 'null');
    assert.equal(EJSON.stringify({ a: undefined, b: [undefined] }, { canonical: true }), '{"b":[null]}');
  });
});
