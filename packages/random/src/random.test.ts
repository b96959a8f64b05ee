import assert from 'node:assert/strict';
import { Random, SecureRandom } from './random';
import { BASE64_CHARS, UNMISTAKABLE_CHARS } from './random-generator';
import type { RandomValuesSource } from './crypto-random-generator';

const only = (alphabet: string) => new RegExp(`^[${alphabet.replace(/[-\]\\^]/g, '\\$&')}]*$`);

describe('Random', () => {
  const formats: Array<[string, () => string, number, RegExp]> = [
    ['id()', () => Random.id(), 17, only(UNMISTAKABLE_CHARS)],
    ['id(5)', () => Random.id(5), 5, only(UNMISTAKABLE_CHARS)],
    ['secret()', () => Random.secret(), 43, only(BASE64_CHARS)],
    ['secret(10)', () => Random.secret(10), 10, only(BASE64_CHARS)],
    ['hexString(9)', () => Random.hexString(9), 9, /^[0-9a-f]*$/],
    ['insecure.id()', () => Random.insecure.id(), 17, only(UNMISTAKABLE_CHARS)],
  ];
  for (const [name, make, length, pattern] of formats) {
    it(`${name} has length ${length} and uses only its alphabet`, () => {
      for (let i = 0; i < 50; i++) {
        const value = make();
        assert.equal(value.length, length);
        assert.match(value, pattern);
      }
    });
  }

  it("the unmistakable alphabet is exactly Meteor's 55 characters", () => {
    assert.equal(UNMISTAKABLE_CHARS, '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz');
    assert.equal(new Set(UNMISTAKABLE_CHARS).size, 55);
    assert.equal(new Set(BASE64_CHARS).size, 64);
  });

  it('ids do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(Random.id());
    assert.equal(seen.size, 2000);
  });

  it('fraction() is in [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const f = Random.fraction();
      assert.ok(f >= 0 && f < 1);
    }
  });

  it('choice() picks from arrays and strings and gives undefined / "" when empty', () => {
    const seeded = Random.createWithSeeds('choice');
    for (let i = 0; i < 100; i++) {
      assert.ok(['x', 'y', 'z'].includes(seeded.choice(['x', 'y', 'z']) ?? ''));
      assert.ok('abc'.includes(seeded.choice('abc')));
    }
    assert.equal(seeded.choice([]), undefined);
    assert.equal(seeded.choice(''), '');
  });

  it("createWithSeeds is deterministic and matches Meteor's seed-0 vector", () => {
    assert.equal(Random.createWithSeeds(0).id(), 'cp9hWvhg8GSvuZ9os');
    const a = Random.createWithSeeds('s', 1);
    const b = Random.createWithSeeds('s', 1);
    assert.deepEqual([a.id(), a.secret(), a.hexString(8)], [b.id(), b.secret(), b.hexString(8)]);
  });

  it('rejects bad input clearly', () => {
    assert.throws(() => Random.createWithSeeds(), /no seeds/);
    assert.throws(() => Random.id(-1), RangeError);
    assert.throws(() => Random.hexString(1.5), /non-negative integer/);
    assert.throws(() => Random.secret(Number.NaN), RangeError);
  });

  it('draws strong randomness from the injected getRandomValues source', () => {
    let calls = 0;
    const source: RandomValuesSource = {
      getRandomValues(array) {
        calls += 1;
        array.fill(0x80000000);
        return array;
      },
    };
    const random = new SecureRandom(source);
    const before = calls;
    assert.equal(random.fraction(), 0.5);
    // 0.5 * 55 = 27.5 -> index 27 -> 'X' in the unmistakable alphabet.
    assert.equal(random.id(3), 'XXX');
    assert.ok(calls - before <= 1, 'words are pooled, not fetched one call per fraction');
  });

  it('fails with a clear message where no Web Crypto exists', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      assert.throws(() => new SecureRandom(), /getRandomValues is not available/);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'crypto', saved);
    }
  });
});
