import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { digestPassword, parsePasswordDigest } from './password-digest';

describe('password digest', () => {
  it('sends the sha-256 hex digest Meteor servers expect, never the password', async () => {
    const sent = await digestPassword('correct horse');
    assert.deepEqual(sent, { digest: createHash('sha256').update('correct horse').digest('hex'), algorithm: 'sha-256' });
  });

  it('refuses an empty password before anything is sent', async () => {
    await assert.rejects(digestPassword(''), /non-empty/);
  });

  it('parses only well-formed digests off the wire', () => {
    const digest = 'ab'.repeat(32);
    assert.deepEqual(parsePasswordDigest({ digest, algorithm: 'sha-256' }), { digest, algorithm: 'sha-256' });
    assert.equal(parsePasswordDigest('plain password'), null);
    assert.equal(parsePasswordDigest({ digest, algorithm: 'md5' }), null);
    assert.equal(parsePasswordDigest({ digest: 'XYZ', algorithm: 'sha-256' }), null);
    assert.equal(parsePasswordDigest(null), null);
  });
});
