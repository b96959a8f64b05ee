import type { AleaSeed } from './alea';
import { AleaRandomGenerator } from './alea-random-generator';
import { CryptoRandomGenerator, type RandomValuesSource } from './crypto-random-generator';
import type { RandomGenerator } from './random-generator';

/** The `Random` object: a strong generator plus factories for seeded and fast insecure ones. */
export class SecureRandom extends CryptoRandomGenerator {
  /** Fast, not cryptographically strong; for shuffles and jitter, never for secrets. */
  readonly insecure: RandomGenerator;

  constructor(source?: RandomValuesSource) {
    super(source);
    const seeds: AleaSeed[] = [Date.now()];
    for (let i = 0; i < 4; i++) seeds.push(this.hexString(8));
    this.insecure = new AleaRandomGenerator(seeds);
  }

  /** A deterministic Alea generator; Meteor's sequence for the same seeds. */
  createWithSeeds(...seeds: AleaSeed[]): RandomGenerator {
    if (seeds.length === 0) throw new TypeError('Random.createWithSeeds: no seeds were provided');
    return new AleaRandomGenerator(seeds);
  }
}

/** The shared cryptographically strong generator (`Random` in Meteor). */
export const Random = new SecureRandom();
