import assert from 'node:assert/strict';
import { SuspenseCache } from './suspense-cache';
import { RELEASE_GRACE_MS, UNHELD_RESOURCE_TTL_MS, type ResourceReport, type SuspenseTimers } from './suspense-resource';

/** Timers run by hand: `fire(ms)` runs the pending callbacks scheduled for `ms`. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: SuspenseTimers = {
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  const fire = (ms: number) => {
    for (const [id, timer] of [...pending]) {
      if (timer.ms !== ms) continue;
      pending.delete(id);
      timer.fn();
    }
  };
  return { timers, fire, pending };
}

/** Work that records its reporter and whether it was stopped. */
function work<V>() {
  const state = { report: undefined as ResourceReport<V> | undefined, starts: 0, stops: 0 };
  return {
    state,
    run: (report: ResourceReport<V>) => {
      state.report = report;
      state.starts += 1;
      return () => void (state.stops += 1);
    },
  };
}

describe('SuspenseCache', () => {
  it('shares one resource per key and starts its work once', () => {
    const cache = new SuspenseCache<number>(manualTimers().timers);
    const w = work<number>();
    const a = cache.obtain('k', w.run);
    const b = cache.obtain('k', w.run);
    assert.equal(a, b);
    assert.equal(w.state.starts, 1);
    assert.equal(a.getStatus().state, 'pending');
  });

  it('settles the pending promise with the value, and a later value replaces it', async () => {
    const cache = new SuspenseCache<number>(manualTimers().timers);
    const w = work<number>();
    const resource = cache.obtain('k', w.run);
    const status = resource.getStatus();
    assert.equal(status.state, 'pending');
    let seen = 0;
    resource.subscribe(() => (seen += 1));
    w.state.report?.value(1);
    if (status.state === 'pending') await status.settled;
    assert.deepEqual(resource.getStatus(), { state: 'ready', value: 1 });
    w.state.report?.value(2);
    assert.deepEqual(resource.getStatus(), { state: 'ready', value: 2 });
    assert.equal(seen, 2);
  });

  it('keeps a failure as the status (the promise still resolves: React re-renders and throws)', async () => {
    const cache = new SuspenseCache<number>(manualTimers().timers);
    const w = work<number>();
    const resource = cache.obtain('k', w.run);
    const status = resource.getStatus();
    const boom = new Error('boom');
    w.state.report?.error(boom);
    if (status.state === 'pending') await status.settled;
    assert.deepEqual(resource.getStatus(), { state: 'failed', error: boom });
  });

  it('stops the work after the grace once the last holder releases, unless held again', () => {
    const { timers, fire } = manualTimers();
    const cache = new SuspenseCache<number>(timers);
    const w = work<number>();
    const resource = cache.obtain('k', w.run);
    w.state.report?.value(1);
    const first = resource.hold();
    const second = resource.hold();
    first?.();
    first?.();
    fire(RELEASE_GRACE_MS);
    assert.equal(w.state.stops, 0, 'a second holder keeps it (and a double release counts once)');
    second?.();
    const again = resource.hold();
    fire(RELEASE_GRACE_MS);
    assert.equal(w.state.stops, 0, 'held again within the grace');
    again?.();
    fire(RELEASE_GRACE_MS);
    assert.equal(w.state.stops, 1);
    assert.equal(resource.dropped, true);
    assert.equal(cache.size, 0);
    assert.equal(resource.hold(), null, 'a dropped resource cannot be held');
    w.state.report?.value(3);
    assert.deepEqual(resource.getStatus(), { state: 'ready', value: 1 }, 'outcomes after the drop are ignored');
  });

  it('drops a settled resource nobody committed after the TTL, but waits for a pending one', () => {
    const { timers, fire, pending } = manualTimers();
    const cache = new SuspenseCache<number>(timers);
    const w = work<number>();
    cache.obtain('k', w.run);
    assert.equal(pending.size, 0, 'a pending resource has no deadline');
    w.state.report?.value(1);
    fire(UNHELD_RESOURCE_TTL_MS);
    assert.equal(w.state.stops, 1);
    assert.equal(cache.peek('k'), undefined);
    cache.obtain('k', w.run);
    assert.equal(w.state.starts, 2, 'the next render starts it again');
  });

  it('replaces a resource whose tag no longer fits', () => {
    const cache = new SuspenseCache<number>(manualTimers().timers);
    const w = work<number>();
    const old = cache.obtain('k', w.run, 1, (tag) => tag === 1);
    const fresh = cache.obtain('k', w.run, 2, (tag) => tag === 2);
    assert.notEqual(old, fresh);
    assert.equal(old.dropped, true);
    assert.equal(w.state.stops, 1);
    assert.equal(cache.peek('k'), fresh);
  });
});
