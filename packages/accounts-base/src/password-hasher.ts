import { hash as argon2Hash, verify as argon2Verify, parseOptions as argon2ParseOptions } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

/**
 * Argon2id cost parameters. Defaults follow OWASP's first recommended argon2id configuration
 * (19 MiB, 2 passes, 1 lane): about 20-40 ms per hash on one core of our 2-core machines, so a
 * login costs one such hash and the server can still sustain dozens of logins per second,
 * while an offline attacker pays 19 MiB of memory per guess.
 */
export interface Argon2Parameters {
  memoryCostKiB: number;
  timeCost: number;
  parallelism: number;
}

export const DEFAULT_ARGON2_PARAMETERS: Readonly<Argon2Parameters> = Object.freeze({
  memoryCostKiB: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** `@node-rs/argon2` declares its Algorithm as a const enum; 2 is Argon2id. */
const ARGON2ID = 2 as Algorithm;

/** What is stored in `services.password`: argon2 for new hashes, bcrypt kept only until rehash. */
export interface StoredPassword {
  argon2?: string;
  bcrypt?: string;
}

export type PasswordCheck = { outcome: 'match'; rehashed: string | null } | { outcome: 'mismatch' };

export class PasswordHasher {
  readonly parameters: Readonly<Argon2Parameters>;

  constructor(parameters: Partial<Argon2Parameters> = {}) {
    const merged = { ...DEFAULT_ARGON2_PARAMETERS, ...parameters };
    if (!Number.isInteger(merged.memoryCostKiB) || merged.memoryCostKiB < 8 * merged.parallelism) {
      throw new TypeError('argon2 memoryCostKiB must be an integer of at least 8 KiB per lane');
    }
    if (!Number.isInteger(merged.timeCost) || merged.timeCost < 1) throw new TypeError('argon2 timeCost must be a positive integer');
    if (!Number.isInteger(merged.parallelism) || merged.parallelism < 1) throw new TypeError('argon2 parallelism must be a positive integer');
    this.parameters = Object.freeze(merged);
  }

  /** Hashes the client's sha-256 hex digest of the password (what Meteor hashes, too). */
  hash(digest: string): Promise<string> {
    return argon2Hash(digest, {
      algorithm: ARGON2ID,
      memoryCost: this.parameters.memoryCostKiB,
      timeCost: this.parameters.timeCost,
      parallelism: this.parameters.parallelism,
    });
  }

  /**
   * Checks a digest against a stored password. A bcrypt hash (a user imported from a Meteor
   * database) or an argon2 hash made with other parameters yields a fresh argon2id hash to store.
   */
  async check(stored: StoredPassword, digest: string): Promise<PasswordCheck> {
    if (typeof stored.argon2 === 'string') {
      const ok = await argon2Verify(stored.argon2, digest).catch(() => false);
      if (!ok) return { outcome: 'mismatch' };
      return { outcome: 'match', rehashed: this.#isCurrent(stored.argon2) ? null : await this.hash(digest) };
    }
    if (typeof stored.bcrypt === 'string') {
      const ok = await bcrypt.compare(digest, stored.bcrypt).catch(() => false);
      if (!ok) return { outcome: 'mismatch' };
      return { outcome: 'match', rehashed: await this.hash(digest) };
    }
    return { outcome: 'mismatch' };
  }

  /**
   * Spends the same work as checking a real argon2 hash, for users that do not exist, so that
   * "no such user" and "wrong password" cannot be told apart by timing.
   */
  async spendDummyCheck(digest: string): Promise<void> {
    await argon2Verify(await this.prepareDummy(), digest).catch(() => false);
  }

  /** Makes the dummy hash ahead of time, so the first unknown user does not pay for it. */
  prepareDummy(): Promise<string> {
    this.#dummy ??= this.hash('perseid-dummy-digest');
    return this.#dummy;
  }

  #dummy: Promise<string> | undefined;

  #isCurrent(encoded: string): boolean {
    try {
      const parsed = argon2ParseOptions(encoded);
      return (
        parsed.algorithm === ARGON2ID &&
        parsed.memoryCost === this.parameters.memoryCostKiB &&
        parsed.timeCost === this.parameters.timeCost &&
        parsed.parallelism === this.parameters.parallelism
      );
    } catch {
      return false;
    }
  }
}
