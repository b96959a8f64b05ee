import assert from 'node:assert/strict';
import { Random, type RandomGenerator } from '@perseid/random';
import { EJSON, EJSONError, ObjectID } from '../src/index';

// Seeded, so a failure reproduces: the seed is in the test name.
const SEED = 'ejson-fuzz-1';

const KEYS = ['a', 'b', '$date', '$type', '$value', '$escape', '$binary', '$InfNaN', '$regexp', '$flags', '__proto__', 'x.y', ''];

function randomValue(random: RandomGenerator, depth: number): unknown {
  const kind = Math.floor(random.fraction() * (depth > 3 ? 9 : 11));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.fraction() < 0.5;
    case 2:
      return Math.floor(random.fraction() * 2000) - 1000;
    case 3:
      return random.choice([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0.1]);
    case 4:
      return random.secret(Math.floor(random.fraction() * 8));
    case 5:
      return new Date(Math.floor(random.fraction() * 2e12));
    case 6:
      return Uint8Array.from({ length: Math.floor(random.fraction() * 6) }, () => Math.floor(random.fraction() * 256));
    case 7:
      return new ObjectID(random.hexString(24));
    case 8:
      return new RegExp(random.choice(['a+', '^x$', '\\d', '[/]']) ?? 'a', random.choice(['', 'g', 'im', 'gimuy']) ?? '');
    case 9:
      return Array.from({ length: Math.floor(random.fraction() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      const size = Math.floor(random.fraction() * 4);
      for (let i = 0; i < size; i++) {
        Object.defineProperty(out, random.choice(KEYS) ?? 'a', {
          value: randomValue(random, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

function shuffleKeys(value: unknown, random: RandomGenerator): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, random));
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const keys = Object.keys(value).sort(() => random.fraction() - 0.5);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    Object.defineProperty(out, key, {
      value: shuffleKeys((value as Record<string, unknown>)[key], random),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

describe(`EJSON seeded fuzz (${SEED})`, () => {
  it('2000 random values: parse(stringify(v)) and clone(v) equal v; canonical text ignores key order', () => {
    const random = Random.createWithSeeds(SEED);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(random, 0);
      const text = EJSON.stringify(value);
      const back = EJSON.parse(text);
      assert.ok(EJSON.equals(back, value, { keyOrderSensitive: true }), `round trip #${i}: ${text}`);
      assert.equal(EJSON.stringify(back), text, `re-stringify #${i}`);
      assert.ok(EJSON.equals(EJSON.clone(value), value), `clone #${i}: ${text}`);
      const shuffled = shuffleKeys(value, random);
      assert.equal(EJSON.stringify(shuffled, { canonical: true }), EJSON.stringify(value, { canonical: true }), `canonical #${i}`);
      assert.ok(EJSON.equals(shuffled, value), `order-insensitive equals #${i}`);
    }
  });

  it('5000 mutated wire texts: parse returns a value or throws EJSONError, never anything else', () => {
    const random = Random.createWithSeeds(SEED, 'mutations');
    const alphabet = '{}[]":,$01aeflnrstuvy\\ ';
    let errors = 0;
    for (let i = 0; i < 5000; i++) {
      const chars = [...EJSON.stringify(randomValue(random, 0))];
      const edits = 1 + Math.floor(random.fraction() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random.fraction() * (chars.length + 1));
        if (random.fraction() < 0.5) chars.splice(at, 1);
        else chars.splice(at, 0, random.choice(alphabet));
      }
      const text = chars.join('');
      try {
        EJSON.parse(text);
      } catch (error) {
        errors += 1;
        assert.ok(error instanceof EJSONError, `#${i} ${JSON.stringify(text)} threw ${String(error)}`);
      }
    }
    assert.ok(errors > 0, 'the mutations did produce invalid input');
  });
});
