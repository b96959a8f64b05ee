import assert from 'node:assert/strict';
import { EJSON } from './ejson';
import { ObjectID } from './object-id';

class Point {
  constructor(readonly x: number) {}
  typeName(): string {
    return 'test-point';
  }
  toJSONValue() {
    return { x: this.x };
  }
}
EJSON.addType('test-point', (json) => new Point((json as { x: number }).x));

const table: Array<[string, unknown, unknown, boolean, boolean?]> = [
  // name, a, b, equal (key order insensitive), equal with keyOrderSensitive (defaults to same)
  ['same primitive', 1, 1, true],
  ['different numbers', 1, 2, false],
  ['NaN equals NaN', Number.NaN, Number.NaN, true],
  ['0 vs null', 0, null, false],
  ['null vs undefined', null, undefined, false],
  ['"" vs false', '', false, false],
  ['number vs string', 1, '1', false],
  ['equal dates', new Date(5), new Date(5), true],
  ['different dates', new Date(5), new Date(6), false],
  ['date vs its number', new Date(5), 5, false],
  ['date vs object', new Date(5), {}, false],
  ['equal binaries', new Uint8Array([1, 2]), new Uint8Array([1, 2]), true],
  ['binaries differ in a byte', new Uint8Array([1, 2]), new Uint8Array([1, 3]), false],
  ['binaries differ in length', new Uint8Array([1]), new Uint8Array([1, 0]), false],
  ['equal regexps', /a/g, /a/g, true],
  ['regexps with different flags', /a/g, /a/i, false],
  ['regexps with different source', /a/, /b/, false],
  ['equal arrays', [1, [2, { a: 3 }]], [1, [2, { a: 3 }]], true],
  ['arrays of different length', [1], [1, 1], false],
  ['array vs object with index keys', [1], { 0: 1 }, false],
  ['same keys, other order', { a: 1, b: 2 }, { b: 2, a: 1 }, true, false],
  ['nested other order', { x: { a: 1, b: 2 } }, { x: { b: 2, a: 1 } }, true, false],
  ['same keys, same order', { a: 1, b: 2 }, { a: 1, b: 2 }, true, true],
  ['missing key', { a: 1 }, { a: 1, b: 2 }, false],
  ['extra key', { a: 1, b: 2 }, { a: 1 }, false],
  ['undefined member vs missing', { a: undefined }, {}, false],
  ['equal ObjectIDs', new ObjectID('00000000000000000000000a'), new ObjectID('00000000000000000000000A'), true],
  ['different ObjectIDs', new ObjectID('00000000000000000000000a'), new ObjectID('00000000000000000000000b'), false],
  ['ObjectID vs its hex', new ObjectID('00000000000000000000000a'), '00000000000000000000000a', false],
  ['custom types without equals compare by JSON', new Point(1), new Point(1), true],
  ['custom types with other values', new Point(1), new Point(2), false],
  ['custom type vs plain lookalike', new Point(1), { x: 1 }, false],
];

describe('EJSON.equals', () => {
  for (const [name, a, b, expected, orderSensitive = expected] of table) {
    it(`${name}: ${expected}${orderSensitive === expected ? '' : `, ${orderSensitive} when key order matters`}`, () => {
      assert.equal(EJSON.equals(a, b), expected);
      assert.equal(EJSON.equals(b, a), expected, 'symmetric');
      assert.equal(EJSON.equals(a, b, { keyOrderSensitive: true }), orderSensitive);
    });
  }

  it('asks an object with an equals method, passing the options through', () => {
    const seen: unknown[] = [];
    const odd = {
      equals: (other: unknown, options?: unknown) => {
        seen.push(options);
        return (other as { tag?: string }).tag === 'yes';
      },
    };
    assert.equal(EJSON.equals(odd, { tag: 'no' }), false);
    assert.equal(EJSON.equals({ wrap: { tag: 'yes' } }, { wrap: odd }, { keyOrderSensitive: true }), true);
    assert.deepEqual(seen.at(-1), { keyOrderSensitive: true });
  });
});
