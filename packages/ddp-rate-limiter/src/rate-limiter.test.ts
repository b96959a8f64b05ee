import assert from 'node:assert/strict';
import { RateLimiter } from './rate-limiter';

interface Input {
  type: string;
  name: string;
  connectionId: string;
  userId: string | null;
}

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

const call = (over: Partial<Input> = {}): Input => ({ type: 'method', name: 'login', connectionId: 'c1', userId: null, ...over });

describe('RateLimiter', () => {
  it('allows the configured number of hits, then refuses with the time left in the window', () => {
    const c = clock();
    const limiter = new RateLimiter<Input>({ now: c.now });
    limiter.addRule({ matcher: { name: 'login' }, numRequestsAllowed: 5, intervalMs: 10_000 });
    for (let i = 0; i < 5; i++) assert.equal(limiter.consume(call()).allowed, true);
    c.advance(4_000);
    const sixth = limiter.consume(call());
    assert.equal(sixth.allowed, false);
    assert.equal(sixth.timeToReset, 6_000);
    c.advance(6_000);
    assert.equal(limiter.consume(call()).allowed, true, 'a new window starts after the interval');
  });

  it('counts separately per value of each matched field, so one connection cannot starve another', () => {
    const limiter = new RateLimiter<Input>({ now: clock().now });
    limiter.addRule({ matcher: { name: 'login', connectionId: () => true }, numRequestsAllowed: 1, intervalMs: 1_000 });
    assert.equal(limiter.consume(call({ connectionId: 'a' })).allowed, true);
    assert.equal(limiter.consume(call({ connectionId: 'a' })).allowed, false);
    assert.equal(limiter.consume(call({ connectionId: 'b' })).allowed, true);
  });

  it('ignores calls the matcher does not match, by value or by predicate', () => {
    const limiter = new RateLimiter<Input>({ now: clock().now });
    limiter.addRule({ matcher: { type: 'method', name: (n) => n.startsWith('admin.') }, numRequestsAllowed: 0, intervalMs: 1_000 });
    assert.equal(limiter.consume(call({ name: 'messages.send' })).allowed, true);
    assert.equal(limiter.consume(call({ type: 'subscription', name: 'admin.x' })).allowed, true);
    assert.equal(limiter.consume(call({ name: 'admin.x' })).allowed, false);
  });

  it('stops limiting once the rule is removed', () => {
    const limiter = new RateLimiter<Input>({ now: clock().now });
    const id = limiter.addRule({ matcher: {}, numRequestsAllowed: 0, intervalMs: 1_000 });
    assert.equal(limiter.consume(call()).allowed, false);
    assert.equal(limiter.removeRule(id), true);
    assert.equal(limiter.removeRule(id), false);
    assert.equal(limiter.consume(call()).allowed, true);
  });

  it('answers with the longest wait when several rules refuse', () => {
    const c = clock();
    const limiter = new RateLimiter<Input>({ now: c.now });
    limiter.addRule({ matcher: {}, numRequestsAllowed: 0, intervalMs: 1_000 });
    limiter.addRule({ matcher: { name: 'login' }, numRequestsAllowed: 0, intervalMs: 60_000 });
    assert.equal(limiter.consume(call()).timeToReset, 60_000);
  });

  it('tells the rule callback about each counted hit', () => {
    const seen: boolean[] = [];
    const limiter = new RateLimiter<Input>({ now: clock().now });
    limiter.addRule({ matcher: {}, numRequestsAllowed: 1, intervalMs: 1_000, onHit: (r) => seen.push(r.allowed) });
    limiter.consume(call());
    limiter.consume(call());
    assert.deepEqual(seen, [true, false]);
  });

  it('backoff: after the allowance each hit waits twice as long as the last, up to the maximum', () => {
    const c = clock();
    const limiter = new RateLimiter<Input>({ now: c.now });
    limiter.addRule({ matcher: { name: 'login' }, numRequestsAllowed: 2, intervalMs: 1_000, backoff: { maxIntervalMs: 4_000 } });
    assert.equal(limiter.consume(call()).allowed, true);
    assert.equal(limiter.consume(call()).allowed, true);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const refused = limiter.consume(call());
      assert.equal(refused.allowed, false);
      waits.push(refused.timeToReset);
      c.advance(refused.timeToReset - 1);
      assert.equal(limiter.consume(call()).allowed, false, 'refused hits do not count, nor let through early');
      c.advance(1);
      assert.equal(limiter.consume(call()).allowed, true);
    }
    assert.deepEqual(waits, [1_000, 2_000, 4_000, 4_000, 4_000]);
    c.advance(8_000);
    assert.equal(limiter.consume(call()).allowed, true);
    assert.equal(limiter.consume(call()).allowed, true, 'a key quiet for forgetAfterMs (2 × max) starts afresh');
  });

  it('backoff with no free hits: the first goes, the second waits intervalMs, then twice as long', () => {
    const c = clock();
    const limiter = new RateLimiter<Input>({ now: c.now });
    limiter.addRule({ matcher: {}, numRequestsAllowed: 0, intervalMs: 1_000, backoff: { maxIntervalMs: 60_000 } });
    assert.equal(limiter.consume(call()).allowed, true);
    assert.equal(limiter.consume(call()).timeToReset, 1_000);
    c.advance(1_000);
    assert.equal(limiter.consume(call()).allowed, true);
    assert.equal(limiter.consume(call()).timeToReset, 2_000);
  });

  it('backoff: a hit another rule refused is not counted, a window rule still counts it', () => {
    const c = clock();
    const limiter = new RateLimiter<Input>({ now: c.now });
    limiter.addRule({ matcher: { connectionId: () => true }, numRequestsAllowed: 1, intervalMs: 10_000 });
    limiter.addRule({ matcher: { name: 'login' }, numRequestsAllowed: 1, intervalMs: 1_000, backoff: { maxIntervalMs: 60_000 } });
    assert.equal(limiter.consume(call({ connectionId: 'a' })).allowed, true);
    for (let i = 0; i < 5; i++) assert.equal(limiter.consume(call({ connectionId: 'a' })).timeToReset, 10_000);
    c.advance(1_000);
    assert.equal(limiter.consume(call({ connectionId: 'b' })).allowed, true, 'the backoff counted only the hit that went ahead');
  });

  it('check judges without counting; refund takes a hit back; reset forgets the key; counted tells', () => {
    const c = clock();
    const limiter = new RateLimiter<Input>({ now: c.now });
    limiter.addRule({ matcher: { userId: () => true }, numRequestsAllowed: 2, intervalMs: 1_000, backoff: { maxIntervalMs: 10_000 } });
    const alice = call({ userId: 'alice' });
    for (let i = 0; i < 3; i++) assert.equal(limiter.check(alice).allowed, true);
    limiter.consume(alice);
    limiter.consume(alice);
    assert.equal(limiter.counted(alice), 2);
    assert.equal(limiter.check(alice).timeToReset, 1_000);
    limiter.refund(alice);
    assert.equal(limiter.counted(alice), 1);
    assert.equal(limiter.check(alice).allowed, true);
    limiter.consume(alice);
    limiter.reset(alice);
    assert.equal(limiter.counted(alice), 0);
    assert.equal(limiter.counted(call({ userId: 'bob' })), 0);
  });

  it('rejects malformed rules with a clear error', () => {
    const limiter = new RateLimiter<Input>();
    assert.throws(() => limiter.addRule({ matcher: {}, numRequestsAllowed: -1, intervalMs: 1 }), /non-negative integer/);
    assert.throws(() => limiter.addRule({ matcher: {}, numRequestsAllowed: 1, intervalMs: 0 }), /positive number/);
    assert.throws(() => limiter.addRule({ matcher: null as unknown as object, numRequestsAllowed: 1, intervalMs: 1 }), /must be an object/);
    assert.throws(() => limiter.addRule({ matcher: {}, numRequestsAllowed: 1, intervalMs: 10, backoff: { maxIntervalMs: 5 } }), /maxIntervalMs/);
    assert.throws(
      () => limiter.addRule({ matcher: {}, numRequestsAllowed: 1, intervalMs: 1, backoff: { maxIntervalMs: 5, forgetAfterMs: 2 } }),
      /forgetAfterMs/,
    );
  });

  it('weighs a hit by its cost, so one rule can be a budget of bytes per window', () => {
    const c = clock();
    const limiter = new RateLimiter<Input>({ now: c.now });
    limiter.addRule({ matcher: { userId: () => true }, numRequestsAllowed: 1_000, intervalMs: 60_000 });
    assert.equal(limiter.consume(call({ userId: 'u' }), 600).allowed, true);
    const over = limiter.consume(call({ userId: 'u' }), 401);
    assert.equal(over.allowed, false);
    assert.equal(over.timeToReset, 60_000);
    assert.equal(limiter.consume(call({ userId: 'v' }), 1_000).allowed, true, 'each user has their own budget');
    c.advance(60_000);
    assert.equal(limiter.consume(call({ userId: 'u' }), 1_000).allowed, true);
    assert.throws(() => limiter.consume(call(), -1), /non-negative integer/);
  });
});
