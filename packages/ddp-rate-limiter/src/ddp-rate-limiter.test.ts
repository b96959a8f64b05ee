import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { DdpRateLimiter, installDdpRateLimiter } from './ddp-rate-limiter';
import type { DdpRateLimitInput } from './ddp-rate-limiter';

const login = (connectionId: string): DdpRateLimitInput => ({ type: 'method', name: 'login', userId: null, clientAddress: '127.0.0.1', connectionId });

describe('DDPRateLimiter', () => {
  it('refuses the call past the limit with too-many-requests and timeToReset in the details', () => {
    let now = 0;
    const limiter = new DdpRateLimiter({ now: () => now });
    limiter.addRule({ type: 'method', name: 'login', connectionId: () => true }, 2, 10_000);
    limiter.check(login('c1'));
    limiter.check(login('c1'));
    now = 2_500;
    assert.throws(
      () => limiter.check(login('c1')),
      (e: unknown) => {
        return (
          e instanceof MeteorError &&
          e.error === 'too-many-requests' &&
          (e.details as { timeToReset: number }).timeToReset === 7_500 &&
          /wait 8 seconds/.test(e.reason ?? '')
        );
      },
    );
    limiter.check(login('c2'));
  });

  it('matches userId and clientAddress by value, and uses a custom message', () => {
    const limiter = new DdpRateLimiter();
    limiter.addRule({ userId: 'spammer' }, 0, 1_000);
    limiter.setErrorMessage('Slow down');
    limiter.check(login('c1'));
    assert.throws(() => limiter.check({ ...login('c1'), userId: 'spammer' }), /Slow down/);
  });

  it('rejects unknown matcher fields and non-object matchers', () => {
    const limiter = new DdpRateLimiter();
    assert.throws(() => limiter.addRule({ method: 'login' } as never, 1, 1), /unknown matcher field "method"/);
    assert.throws(() => limiter.addRule(null as never, 1, 1), /must be an object/);
  });

  it('stops refusing after removeRule', () => {
    const limiter = new DdpRateLimiter();
    const id = limiter.addRule({}, 0, 1_000);
    assert.throws(() => limiter.check(login('c')));
    limiter.removeRule(id);
    limiter.check(login('c'));
  });
});

describe('installDdpRateLimiter', () => {
  it('hooks the limiter into a server and unhooks it once', () => {
    const calls: unknown[] = [];
    const server = { setRateLimiter: (check: unknown) => void calls.push(check) };
    const limiter = new DdpRateLimiter();
    limiter.addRule({}, 0, 1_000);
    const handle = installDdpRateLimiter(server, limiter);
    const check = calls[0] as (input: DdpRateLimitInput) => void;
    assert.throws(() => check(login('c')), /too many requests/);
    handle.stop();
    handle.stop();
    assert.deepEqual(calls.slice(1), [null]);
  });
});
