import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { LoginAttemptGuard, loginAccountName } from './login-attempt-guard';
import { parseLoginAttemptLimits } from './login-attempt-limits';

function setup(limits: unknown) {
  let now = 1_000_000;
  const guard = new LoginAttemptGuard(parseLoginAttemptLimits(limits), () => now);
  return { guard, advance: (ms: number) => void (now += ms) };
}

const refusedAfter = (ms: number) => (error: unknown) =>
  error instanceof MeteorError && error.error === 'too-many-requests' && (error.details as { timeToReset: number }).timeToReset === ms;

describe('LoginAttemptGuard', () => {
  it('counts only failures: logins that succeed never spend the allowance', () => {
    const { guard } = setup({ perAccountAndAddress: { freeFailures: 2 } });
    const input = { account: 'username:ann', clientAddress: '198.51.100.1' };
    for (let i = 0; i < 10; i++) {
      const ticket = guard.begin(input);
      ticket.succeeded();
      ticket.succeeded();
    }
    guard.begin(input);
    guard.begin(input);
    assert.throws(() => guard.begin(input), refusedAfter(1_000));
  });

  it('limits one address across accounts (one password tried on many names)', () => {
    const { guard, advance } = setup({ perAddress: { freeFailures: 3, firstDelayMs: 5_000, maxDelayMs: 60_000 } });
    for (const name of ['a', 'b', 'c']) guard.begin({ account: `username:${name}`, clientAddress: '203.0.113.5' });
    assert.throws(() => guard.begin({ account: 'username:d', clientAddress: '203.0.113.5' }), refusedAfter(5_000));
    guard.begin({ account: 'username:d', clientAddress: '203.0.113.6' });
    advance(5_000);
    guard.begin({ account: 'username:d', clientAddress: '203.0.113.5' });
    assert.throws(() => guard.begin({ account: 'username:e', clientAddress: '203.0.113.5' }), refusedAfter(10_000));
  });

  it('forgets the account and this address on recovery, not other addresses', () => {
    const { guard } = setup({ perAccountAndAddress: { freeFailures: 1 }, perAccount: { freeFailures: 1 } });
    const here = { account: 'email:ann@example.com', clientAddress: '198.51.100.1' };
    const there = { account: 'email:ann@example.com', clientAddress: '203.0.113.9' };
    guard.begin(here);
    guard.begin(there);
    assert.throws(() => guard.begin(here));
    guard.recovered(['id:u1', 'email:ann@example.com'], '198.51.100.1');
    guard.begin(here);
    assert.throws(() => guard.begin(there));
  });

  it('counts an IPv6 client by its /64, so fresh addresses from it do not buy fresh guesses', () => {
    const { guard } = setup({ perAccountAndAddress: { freeFailures: 2 } });
    guard.begin({ account: 'username:ann', clientAddress: '2001:db8:1:2::10' });
    guard.begin({ account: 'username:ann', clientAddress: '2001:db8:1:2::11' });
    assert.throws(() => guard.begin({ account: 'username:ann', clientAddress: '2001:db8:1:2:ffff::12' }), refusedAfter(1_000));
    guard.begin({ account: 'username:ann', clientAddress: '2001:db8:1:3::10' });
  });

  it('names accounts as the lookup matches them, ignoring case', () => {
    assert.equal(loginAccountName({ username: 'Ann' }), loginAccountName({ username: 'aNN' }));
    assert.equal(loginAccountName({ email: 'Ann@Example.com' }), 'email:ann@example.com');
    assert.notEqual(loginAccountName({ username: 'x' }), loginAccountName({ email: 'x' }));
    assert.equal(loginAccountName({ id: 'AbC' }), 'id:AbC');
  });
});
