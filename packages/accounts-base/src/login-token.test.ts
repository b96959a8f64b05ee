import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateStampedLoginToken, hashLoginToken, isTokenExpired, parseLoginToken, tokenExpiresAt } from './login-token';

describe('login tokens', () => {
  it('are 43-character url-safe secrets, different every time', () => {
    const a = generateStampedLoginToken(new Date());
    const b = generateStampedLoginToken(new Date());
    assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.token, b.token);
  });

  it('are stored as base64 sha256, the format Meteor databases hold', () => {
    const token = 'abc';
    assert.equal(hashLoginToken(token), createHash('sha256').update(token).digest('base64'));
    assert.notEqual(hashLoginToken(token), token);
  });

  it('expire after loginExpirationInDays', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    assert.equal(tokenExpiresAt(when, 90).toISOString(), '2026-04-01T00:00:00.000Z');
    assert.equal(isTokenExpired(when, 90, new Date('2026-03-31T23:59:59Z')), false);
    assert.equal(isTokenExpired(when, 90, new Date('2026-04-01T00:00:00Z')), true);
    assert.equal(isTokenExpired(when, null, new Date('2090-01-01T00:00:00Z')), false);
  });

  it('reject tokens that cannot be ours', () => {
    assert.equal(parseLoginToken(undefined), null);
    assert.equal(parseLoginToken('short'), null);
    assert.equal(parseLoginToken('has spaces and is long enough to pass'), null);
    const t = generateStampedLoginToken(new Date()).token;
    assert.equal(parseLoginToken(t), t);
  });
});
