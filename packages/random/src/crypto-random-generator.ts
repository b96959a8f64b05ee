import { RandomGenerator } from './random-generator';

/** The part of Web Crypto we use; Node 20 and browsers both expose it as `globalThis.crypto`. */
export interface RandomValuesSource {
  getRandomValues<T extends Uint32Array>(array: T): T;
}

const POOL_SIZE = 256;

/**
 * Cryptographically strong generator over `crypto.getRandomValues`. Values are drawn in pools of
 * 256 words because one `id()` needs 17 fractions and a call per fraction dominates the cost.
 * Each fraction is one fresh 32-bit word scaled by 2^-32, as Meteor's browser generator does.
 */
export class CryptoRandomGenerator extends RandomGenerator {
  readonly #source: RandomValuesSource;
  readonly #pool = new Uint32Array(POOL_SIZE);
  #next = POOL_SIZE;

  constructor(source: RandomValuesSource = defaultSource()) {
    super();
    this.#source = source;
  }

  fraction(): number {
    if (this.#next >= POOL_SIZE) {
      this.#source.getRandomValues(this.#pool);
      this.#next = 0;
    }
    const word = this.#pool[this.#next] ?? 0;
    // Wipe consumed words so a later heap dump cannot replay issued secrets.
    this.#pool[this.#next] = 0;
    this.#next += 1;
    return word * 2.3283064365386963e-10;
  }
}

function defaultSource(): RandomValuesSource {
  const source = (globalThis as { crypto?: RandomValuesSource }).crypto;
  if (!source || typeof source.getRandomValues !== 'function') {
    throw new Error('Random: globalThis.crypto.getRandomValues is not available on this platform');
  }
  return source;
}
