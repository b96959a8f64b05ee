import assert from 'node:assert/strict';
import { DEFAULT_LOGIN_ATTEMPT_LIMITS, loginAttemptLimitsFromSettings, parseLoginAttemptLimits } from './login-attempt-limits';

describe('login attempt limits (settings)', () => {
  it('fills what is not given from the defaults', () => {
    assert.deepEqual(parseLoginAttemptLimits(undefined), DEFAULT_LOGIN_ATTEMPT_LIMITS);
    const limits = parseLoginAttemptLimits({ perAddress: { freeFailures: 0 } });
    assert.deepEqual(limits.perAddress, { ...DEFAULT_LOGIN_ATTEMPT_LIMITS.perAddress, freeFailures: 0 });
    assert.deepEqual(limits.perAccount, DEFAULT_LOGIN_ATTEMPT_LIMITS.perAccount);
  });

  it("reads Meteor.settings.packages['accounts-password'].loginAttemptLimits", () => {
    const settings = { public: {}, packages: { 'accounts-password': { loginAttemptLimits: { perAccount: { maxDelayMs: 3_600_000 } } } } };
    assert.equal(loginAttemptLimitsFromSettings(settings).perAccount.maxDelayMs, 3_600_000);
    assert.deepEqual(loginAttemptLimitsFromSettings({ public: {} }), DEFAULT_LOGIN_ATTEMPT_LIMITS);
  });

  it('refuses typos and impossible values, naming them', () => {
    assert.throws(() => parseLoginAttemptLimits({ perAcount: {} }), /unknown key perAcount/);
    assert.throws(() => parseLoginAttemptLimits({ perAccount: { free: 3 } }), /perAccount: unknown key free/);
    assert.throws(() => parseLoginAttemptLimits({ perAccount: { firstDelayMs: 0 } }), /perAccount\.firstDelayMs must be a positive integer/);
    assert.throws(() => parseLoginAttemptLimits({ perAccount: { freeFailures: -1 } }), /non-negative integer/);
    assert.throws(() => parseLoginAttemptLimits({ perAccount: { firstDelayMs: 10, maxDelayMs: 5 } }), /maxDelayMs must not be smaller/);
    assert.throws(() => parseLoginAttemptLimits([]), /must be an object/);
    assert.throws(
      () => loginAttemptLimitsFromSettings({ packages: { 'accounts-password': { loginAttemptLimits: { perAddress: 5 } } } }),
      /Meteor\.settings\.packages\['accounts-password'\]\.loginAttemptLimits\.perAddress must be an object/,
    );
  });
});
