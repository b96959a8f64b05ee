import assert from 'node:assert/strict';
import { setDebugSink } from './debug';
import { createSyncEnvironmentBackend, setEnvironmentBackend, type EnvironmentBackend } from './environment-backend';
import { EnvironmentVariable } from './environment-variable';
import { createTimers, type TimerHost } from './timers';

/** A hand-driven timer host: nothing runs until the test calls `fire`. */
class FakeTimers implements TimerHost<number> {
  next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number; repeat: boolean }>();
  immediates: Array<() => void> = [];
  setTimeout(fn: () => void, ms: number): number {
    this.pending.set(this.next, { fn, ms, repeat: false });
    return this.next++;
  }
  setInterval(fn: () => void, ms: number): number {
    this.pending.set(this.next, { fn, ms, repeat: true });
    return this.next++;
  }
  clearTimeout(handle: number): void {
    this.pending.delete(handle);
  }
  clearInterval(handle: number): void {
    this.pending.delete(handle);
  }
  setImmediate(fn: () => void): void {
    this.immediates.push(fn);
  }
  fire(handle: number): void {
    const timer = this.pending.get(handle);
    if (!timer) throw new Error(`no timer ${handle}`);
    if (!timer.repeat) this.pending.delete(handle);
    timer.fn();
  }
}

describe('Meteor timers', () => {
  let host: FakeTimers;
  let logged: unknown[][];
  let previousBackend: EnvironmentBackend;
  let previousSink: ReturnType<typeof setDebugSink>;
  beforeEach(() => {
    host = new FakeTimers();
    logged = [];
    previousSink = setDebugSink((...args) => logged.push(args));
    previousBackend = setEnvironmentBackend(createSyncEnvironmentBackend());
  });
  afterEach(() => {
    setDebugSink(previousSink);
    setEnvironmentBackend(previousBackend);
  });

  it("setTimeout runs the callback in the caller's environment, with the delay given", () => {
    const timers = createTimers(host);
    const user = new EnvironmentVariable<string>();
    const seen: Array<string | undefined> = [];
    const handle = user.withValue('alice', () => timers.setTimeout(() => seen.push(user.get()), 50));
    assert.equal(host.pending.get(handle)?.ms, 50);
    host.fire(handle);
    assert.deepEqual(seen, ['alice']);
  });

  it('an exception in a timer callback is logged, not thrown', () => {
    const timers = createTimers(host);
    const handle = timers.setTimeout(() => {
      throw new Error('tick failed');
    });
    assert.doesNotThrow(() => host.fire(handle));
    assert.equal(logged[0]?.[0], 'Exception in setTimeout callback:');
    assert.equal((logged[0]?.[1] as Error | undefined)?.message, 'tick failed');
  });

  it('setInterval repeats until clearInterval', () => {
    const timers = createTimers(host);
    let count = 0;
    const handle = timers.setInterval(() => {
      count += 1;
    }, 10);
    host.fire(handle);
    host.fire(handle);
    timers.clearInterval(handle);
    assert.equal(count, 2);
    assert.equal(host.pending.size, 0);
  });

  it('clearTimeout cancels', () => {
    const timers = createTimers(host);
    const handle = timers.setTimeout(() => assert.fail('must not run'), 1);
    timers.clearTimeout(handle);
    assert.equal(host.pending.size, 0);
  });

  it('defer uses setImmediate when the host has it, else a zero timeout; errors are logged', () => {
    const timers = createTimers(host);
    timers.defer(() => {
      throw new Error('deferred');
    });
    assert.equal(host.immediates.length, 1);
    host.immediates[0]?.();
    assert.equal(logged[0]?.[0], 'Exception in defer callback:');
    const plain: TimerHost<number> = {
      setTimeout: (fn, ms) => host.setTimeout(fn, ms),
      clearTimeout: (h) => host.clearTimeout(h),
      setInterval: (fn, ms) => host.setInterval(fn, ms),
      clearInterval: (h) => host.clearInterval(h),
    };
    createTimers(plain).defer(() => undefined);
    assert.equal([...host.pending.values()][0]?.ms, 0);
  });

  it('rejects a callback that is not a function', () => {
    const timers = createTimers(host);
    assert.throws(() => timers.setTimeout('code' as unknown as () => void, 1), /Meteor.setTimeout expects a function/);
    assert.throws(() => timers.setInterval(undefined as unknown as () => void), /Meteor.setInterval expects a function/);
    assert.throws(() => timers.defer(null as unknown as () => void), /Meteor.defer expects a function/);
  });
});
