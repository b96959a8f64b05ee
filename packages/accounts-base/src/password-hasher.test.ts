import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { PasswordHasher } from './password-hasher';

// Small costs keep the suite quick; the production defaults are exercised by the benchmark.
const fast = { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 };
const digest = 'a'.repeat(64);

describe('PasswordHasher', () => {
  it('stores argon2id hashes that are never the digest itself and verify only the right digest', async () => {
    const hasher = new PasswordHasher(fast);
    const stored = await hasher.hash(digest);
    assert.match(stored, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    assert.ok(!stored.includes(digest));
    assert.deepEqual(await hasher.check({ argon2: stored }, digest), { outcome: 'match', rehashed: null });
    assert.deepEqual(await hasher.check({ argon2: stored }, 'b'.repeat(64)), { outcome: 'mismatch' });
  });

  it('accepts a bcrypt hash imported from Meteor and hands back an argon2id replacement', async () => {
    const hasher = new PasswordHasher(fast);
    const legacy = bcrypt.hashSync(digest, 4);
    const result = await hasher.check({ bcrypt: legacy }, digest);
    assert.equal(result.outcome, 'match');
    assert.ok(result.outcome === 'match' && result.rehashed?.startsWith('$argon2id$'));
    assert.deepEqual(await hasher.check({ bcrypt: legacy }, 'c'.repeat(64)), { outcome: 'mismatch' });
  });

  it('rehashes an argon2 hash made with older parameters', async () => {
    const old = await new PasswordHasher({ ...fast, timeCost: 2 }).hash(digest);
    const result = await new PasswordHasher(fast).check({ argon2: old }, digest);
    assert.ok(result.outcome === 'match' && result.rehashed?.includes('m=1024,t=1,p=1'));
  });

  it('treats a missing or corrupt stored password as a mismatch, never a crash', async () => {
    const hasher = new PasswordHasher(fast);
    assert.deepEqual(await hasher.check({}, digest), { outcome: 'mismatch' });
    assert.deepEqual(await hasher.check({ argon2: 'garbage' }, digest), { outcome: 'mismatch' });
    assert.deepEqual(await hasher.check({ bcrypt: 'garbage' }, digest), { outcome: 'mismatch' });
    await hasher.spendDummyCheck(digest);
  });

  it('refuses nonsensical cost parameters', () => {
    assert.throws(() => new PasswordHasher({ timeCost: 0 }), /timeCost/);
    assert.throws(() => new PasswordHasher({ memoryCostKiB: 1 }), /memoryCostKiB/);
    assert.throws(() => new PasswordHasher({ parallelism: 0 }), /parallelism/);
  });
});
