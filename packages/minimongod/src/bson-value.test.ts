import assert from 'node:assert/strict';
import { Decimal128, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { canonicalKey, compareValues, normaliseNumbers, restoreNumberTypes, valuesEqual } from './bson-value';

describe('bson-value', () => {
  it('orders values of different types as MongoDB does', () => {
    const ordered = [
      new MinKey(),
      null,
      1,
      'a',
      { a: 1 },
      [1],
      new ObjectId('000000000000000000000000'),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      /x/,
      new MaxKey(),
    ];
    for (let i = 0; i < ordered.length - 1; i += 1) {
      assert.equal(compareValues(ordered[i], ordered[i + 1]), -1, `${i} < ${i + 1}`);
      assert.equal(compareValues(ordered[i + 1], ordered[i]), 1);
    }
  });

  it('compares int32, int64, double and decimal by value', () => {
    assert.equal(compareValues(Long.fromNumber(5), 5), 0);
    assert.equal(compareValues(new Int32(5), 5.5), -1);
    assert.equal(compareValues(Decimal128.fromString('10'), Long.fromNumber(9)), 1);
    assert.ok(valuesEqual(Long.fromNumber(5), 5));
    assert.ok(valuesEqual({ a: [Long.fromNumber(1)] }, { a: [1] }));
    assert.ok(!valuesEqual({ a: 1, b: 2 }, { b: 2, a: 1 }), 'documents compare field order');
  });

  it('gives equal canonical keys only to equal values', () => {
    const id = new ObjectId();
    assert.equal(canonicalKey(new ObjectId(id.toHexString())), canonicalKey(id));
    assert.notEqual(canonicalKey('1'), canonicalKey(1));
    assert.notEqual(canonicalKey(true), canonicalKey(1));
    assert.equal(canonicalKey(null), canonicalKey(undefined));
    assert.equal(canonicalKey(new Date(5)), canonicalKey(new Date(5)));
  });

  it('normalises only when needed and restores Long/Decimal types afterwards', () => {
    const plain = { a: 1, b: [{ c: 'x' }] };
    assert.equal(normaliseNumbers(plain), plain, 'no copy without BSON numbers');
    const typed = { n: Long.fromNumber(7), d: Decimal128.fromString('1.5'), nested: { m: Long.fromNumber(1) } };
    const view = normaliseNumbers(typed);
    assert.deepEqual(view, { n: 7, d: 1.5, nested: { m: 1 } });
    const updated = { n: 9, d: 2.5, nested: { m: 2 }, extra: 3 };
    const restored = restoreNumberTypes(typed, updated) as Record<string, unknown>;
    assert.ok(restored['n'] instanceof Long);
    assert.equal((restored['n'] as Long).toNumber(), 9);
    assert.equal((restored['d'] as Decimal128).toString(), '2.5');
    assert.ok((restored['nested'] as Record<string, unknown>)['m'] instanceof Long);
    assert.equal(restored['extra'], 3);
  });
});
