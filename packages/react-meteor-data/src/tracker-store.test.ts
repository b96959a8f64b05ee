import assert from 'node:assert/strict';
import { Tracker } from '@perseid/tracker';
import { TrackerStore, UNCOMMITTED_RENDER_TTL_MS } from './tracker-store';

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn: () => void, _ms: number) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimeout: (h: unknown) => void pending.delete(h as number),
    fireAll: () => {
      for (const [id, fn] of [...pending]) {
        pending.delete(id);
        fn();
      }
    },
    get size() {
      return pending.size;
    },
  };
}

describe('TrackerStore', () => {
  it('computes on first read and notifies subscribers when a reactive source changes', () => {
    const dep = new Tracker.Dependency();
    let value = 1;
    const store = new TrackerStore(() => {
      dep.depend();
      return value;
    });
    assert.equal(store.getSnapshot(), 1);
    let notified = 0;
    const unsubscribe = store.subscribe(() => notified++);
    value = 2;
    dep.changed();
    Tracker.flush();
    assert.equal(store.getSnapshot(), 2);
    assert.equal(notified, 1);
    unsubscribe();
    unsubscribe();
    assert.equal(store.running, false);
    assert.equal(dep.hasDependents(), false, 'the last unsubscribe stopped the computation');
  });

  it('stops a computation that no subscriber adopted (a render React threw away)', () => {
    const timers = manualTimers();
    const dep = new Tracker.Dependency();
    const store = new TrackerStore(() => dep.depend(), timers);
    store.ensureRunning();
    assert.equal(store.running, true);
    assert.equal(timers.size, 1, `cleanup armed for ${UNCOMMITTED_RENDER_TTL_MS} ms`);
    timers.fireAll();
    assert.equal(store.running, false);
    assert.equal(dep.hasDependents(), false);
  });

  it('a subscriber arriving in time keeps the computation alive', () => {
    const timers = manualTimers();
    const store = new TrackerStore(() => 1, timers);
    store.ensureRunning();
    const unsubscribe = store.subscribe(() => {});
    timers.fireAll();
    assert.equal(store.running, true);
    unsubscribe();
  });

  it('keeps the previous value when skipUpdate says so', () => {
    const dep = new Tracker.Dependency();
    let value = 10;
    const store = new TrackerStore(
      () => {
        dep.depend();
        return value;
      },
      { skipUpdate: (a, b) => Math.sign(a) === Math.sign(b) },
    );
    let notified = 0;
    const unsubscribe = store.subscribe(() => notified++);
    value = 20;
    dep.changed();
    Tracker.flush();
    assert.equal(store.getSnapshot(), 10);
    value = -1;
    dep.changed();
    Tracker.flush();
    assert.equal(store.getSnapshot(), -1);
    assert.equal(notified, 1);
    unsubscribe();
  });

  it('re-subscribing after an unsubscribe (StrictMode) starts a fresh computation', () => {
    const dep = new Tracker.Dependency();
    const store = new TrackerStore(() => dep.depend());
    store.subscribe(() => {})();
    assert.equal(dep.hasDependents(), false);
    const unsubscribe = store.subscribe(() => {});
    assert.equal(dep.hasDependents(), true);
    unsubscribe();
  });
});
