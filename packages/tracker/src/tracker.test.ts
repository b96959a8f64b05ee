import assert from 'node:assert/strict';
import { setDebugSink } from '@perseid/meteor-core';
import { Computation } from './computation';
import { Dependency } from './dependency';
import type { FlushScheduler } from './flush';
import { Tracker } from './tracker';
import { TrackerError } from './tracker-error';

/** A scheduler the test runs by hand, so nothing happens "later" unless the test says so. */
class ManualScheduler implements FlushScheduler {
  scheduled: Array<() => void> = [];
  yielded: Array<() => void> = [];
  schedule(flush: () => void): void {
    this.scheduled.push(flush);
  }
  yieldThenSchedule(flush: () => void): void {
    this.yielded.push(flush);
  }
  runScheduled(): void {
    for (let next = this.scheduled.shift(); next; next = this.scheduled.shift()) next();
  }
}

describe('Tracker', () => {
  let scheduler: ManualScheduler;
  let previousScheduler: FlushScheduler;
  let logged: unknown[][];
  let previousSink: ReturnType<typeof setDebugSink>;
  const computations: Computation[] = [];
  const autorun = (fn: (c: Computation) => unknown, options?: Parameters<typeof Tracker.autorun>[1]) => {
    const c = Tracker.autorun(fn, options);
    computations.push(c);
    return c;
  };

  beforeEach(() => {
    scheduler = new ManualScheduler();
    previousScheduler = Tracker.setFlushScheduler(scheduler);
    logged = [];
    previousSink = setDebugSink((...args) => logged.push(args));
  });
  afterEach(() => {
    for (const c of computations.splice(0)) c.stop();
    Tracker.flush();
    Tracker.setFlushScheduler(previousScheduler);
    setDebugSink(previousSink);
  });

  describe('autorun and Dependency', () => {
    it('runs at once, with firstRun true only during the first run', () => {
      const seen: boolean[] = [];
      const dep = new Dependency();
      const c = autorun((comp) => {
        dep.depend();
        seen.push(comp.firstRun);
      });
      assert.deepEqual(seen, [true]);
      assert.equal(c.firstRun, false);
      dep.changed();
      Tracker.flush();
      assert.deepEqual(seen, [true, false]);
    });

    it('reruns after a change only when the flush runs, once for many changes', () => {
      const dep = new Dependency();
      let runs = 0;
      autorun(() => {
        dep.depend();
        runs += 1;
      });
      dep.changed();
      dep.changed();
      assert.equal(runs, 1, 'not synchronous');
      assert.equal(scheduler.scheduled.length, 1, 'one flush scheduled');
      scheduler.runScheduled();
      assert.equal(runs, 2);
    });

    it('the default scheduler flushes by itself after the current synchronous work', async () => {
      Tracker.setFlushScheduler(previousScheduler);
      const dep = new Dependency();
      let runs = 0;
      autorun(() => {
        dep.depend();
        runs += 1;
      });
      dep.changed();
      dep.changed();
      assert.equal(runs, 1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(runs, 2);
    });

    it('collects dependencies afresh on every run', () => {
      const useA = new Dependency();
      const a = new Dependency();
      const b = new Dependency();
      let readA = true;
      let runs = 0;
      autorun(() => {
        runs += 1;
        useA.depend();
        if (readA) a.depend();
        else b.depend();
      });
      readA = false;
      useA.changed();
      Tracker.flush();
      assert.equal(runs, 2);
      assert.equal(a.hasDependents(), false, 'dropped the dependency it no longer reads');
      a.changed();
      Tracker.flush();
      assert.equal(runs, 2);
      b.changed();
      Tracker.flush();
      assert.equal(runs, 3);
    });

    it('depend() reports whether the computation is new, and does nothing outside a computation', () => {
      const dep = new Dependency();
      assert.equal(dep.depend(), false);
      const results: boolean[] = [];
      autorun(() => {
        results.push(dep.depend(), dep.depend());
      });
      assert.deepEqual(results, [true, false]);
      assert.equal(dep.hasDependents(), true);
    });

    it('depend(computation) attaches an explicit computation', () => {
      const dep = new Dependency();
      let runs = 0;
      const c = autorun(() => {
        runs += 1;
      });
      assert.equal(dep.depend(c), true);
      dep.changed();
      Tracker.flush();
      assert.equal(runs, 2);
    });

    it('active and currentComputation reflect the running computation', () => {
      assert.equal(Tracker.active, false);
      assert.equal(Tracker.currentComputation, null);
      let inside: Computation | null = null;
      const c = autorun(() => {
        inside = Tracker.currentComputation;
        assert.equal(Tracker.active, true);
      });
      assert.equal(inside, c);
      assert.equal(Tracker.active, false);
    });
  });

  describe('stop, onInvalidate, onStop', () => {
    it('a stopped computation never reruns; stop twice is safe and onStop fires once', () => {
      const dep = new Dependency();
      let runs = 0;
      let stops = 0;
      const c = autorun((comp) => {
        dep.depend();
        runs += 1;
        comp.onStop(() => {
          stops += 1;
        });
      });
      c.stop();
      c.stop();
      assert.equal(c.stopped, true);
      assert.equal(c.invalidated, true);
      dep.changed();
      Tracker.flush();
      assert.equal(runs, 1);
      assert.equal(stops, 1);
      assert.equal(dep.hasDependents(), false);
    });

    it('onInvalidate fires once per invalidation, before the rerun, and immediately if already invalid', () => {
      const dep = new Dependency();
      const events: string[] = [];
      const c = autorun((comp) => {
        dep.depend();
        events.push('run');
        comp.onInvalidate(() => events.push('invalidated'));
      });
      dep.changed();
      dep.changed();
      Tracker.flush();
      assert.deepEqual(events, ['run', 'invalidated', 'run']);
      c.invalidate();
      c.onInvalidate(() => events.push('late'));
      assert.deepEqual(events.slice(-2), ['invalidated', 'late']);
    });

    it('onInvalidate and onStop callbacks run without a current computation', () => {
      const seen: Array<Computation | null> = [];
      const c = autorun((comp) => {
        comp.onInvalidate(() => seen.push(Tracker.currentComputation));
        comp.onStop(() => seen.push(Tracker.currentComputation));
      });
      c.stop();
      assert.deepEqual(seen, [null, null]);
    });

    it('onStop after the stop runs at once; invalidate callbacks come before stop callbacks', () => {
      const events: string[] = [];
      const c = autorun((comp) => {
        comp.onStop(() => events.push('stop'));
        comp.onInvalidate(() => events.push('invalidate'));
      });
      c.stop();
      c.onStop(() => events.push('late stop'));
      assert.deepEqual(events, ['invalidate', 'stop', 'late stop']);
    });

    it('a computation can stop itself while running', () => {
      const dep = new Dependency();
      let runs = 0;
      const c = autorun((comp) => {
        dep.depend();
        runs += 1;
        if (runs === 2) comp.stop();
      });
      dep.changed();
      Tracker.flush();
      dep.changed();
      Tracker.flush();
      assert.equal(runs, 2);
      assert.equal(c.stopped, true);
    });

    it('Tracker.onInvalidate registers on the current computation', () => {
      const events: string[] = [];
      const c = autorun(() => {
        Tracker.onInvalidate(() => events.push('invalidated'));
      });
      c.invalidate();
      assert.deepEqual(events, ['invalidated']);
    });
  });

  describe('nesting, nonreactive, withComputation', () => {
    it('an inner autorun is stopped when the outer one reruns', () => {
      const outerDep = new Dependency();
      const innerDep = new Dependency();
      const inner: Computation[] = [];
      let innerRuns = 0;
      autorun(() => {
        outerDep.depend();
        inner.push(
          Tracker.autorun(() => {
            innerDep.depend();
            innerRuns += 1;
          }),
        );
      });
      outerDep.changed();
      Tracker.flush();
      assert.equal(inner.length, 2);
      assert.equal(inner[0]?.stopped, true);
      assert.equal(inner[1]?.stopped, false);
      innerDep.changed();
      Tracker.flush();
      assert.equal(innerRuns, 3, 'two first runs plus one rerun of the live inner computation');
      assert.equal(inner[1]?._parent, computations[0]);
    });

    it('nonreactive reads are not tracked and its value is returned', () => {
      const dep = new Dependency();
      let runs = 0;
      autorun(() => {
        runs += 1;
        assert.equal(
          Tracker.nonreactive(() => {
            dep.depend();
            return Tracker.active;
          }),
          false,
        );
      });
      dep.changed();
      Tracker.flush();
      assert.equal(runs, 1);
    });

    it('withComputation tracks reads for the given computation and restores the previous one', () => {
      const dep = new Dependency();
      let runs = 0;
      const c = autorun(() => {
        runs += 1;
      });
      assert.equal(
        Tracker.withComputation(c, () => {
          dep.depend();
          return Tracker.currentComputation;
        }),
        c,
      );
      assert.equal(Tracker.currentComputation, null);
      dep.changed();
      Tracker.flush();
      assert.equal(runs, 2);
    });
  });

  describe('errors during flush', () => {
    it('one failing computation never stops the others; the error is logged', () => {
      const dep = new Dependency();
      const ran: string[] = [];
      autorun((c) => {
        dep.depend();
        if (!c.firstRun) throw new Error('first breaks');
      });
      autorun(() => {
        dep.depend();
        ran.push('second');
      });
      dep.changed();
      Tracker.flush();
      assert.deepEqual(ran, ['second', 'second']);
      assert.equal(logged[0]?.[0], 'Exception from Tracker recompute function:');
      assert.equal((logged[0]?.[1] as Error | undefined)?.message, 'first breaks');
    });

    it('throwFirstError rethrows the first error after finishing the flush, logging later ones', () => {
      const dep = new Dependency();
      const ran: string[] = [];
      for (const name of ['a', 'b', 'c']) {
        autorun((c) => {
          dep.depend();
          if (!c.firstRun && name !== 'b') throw new Error(`${name} failed`);
          ran.push(name);
        });
      }
      Tracker.afterFlush(() => ran.push('afterFlush'));
      dep.changed();
      assert.throws(() => Tracker.flush({ _throwFirstError: true }), /a failed/);
      assert.deepEqual(ran, ['a', 'b', 'c', 'b', 'afterFlush']);
      assert.equal((logged[0]?.[1] as Error | undefined)?.message, 'c failed');
      assert.equal(Tracker.inFlush(), false);
    });

    it('accepts throwFirstError without the underscore too', () => {
      Tracker.afterFlush(() => {
        throw new Error('cb');
      });
      assert.throws(() => Tracker.flush({ throwFirstError: true }), /cb/);
    });

    it('onError receives rerun errors instead of the log', () => {
      const dep = new Dependency();
      const errors: unknown[] = [];
      autorun(
        (c) => {
          dep.depend();
          if (!c.firstRun) throw new Error('handled');
        },
        { onError: (e) => errors.push(e) },
      );
      dep.changed();
      Tracker.flush();
      assert.equal((errors[0] as Error).message, 'handled');
      assert.deepEqual(logged, []);
    });

    it('a first run that throws stops the computation and the error reaches the caller', () => {
      let stopped = false;
      assert.throws(
        () =>
          Tracker.autorun((c) => {
            c.onStop(() => {
              stopped = true;
            });
            throw new Error('first run');
          }),
        /first run/,
      );
      assert.equal(stopped, true);
    });

    it('a failing afterFlush callback is logged and the next ones still run', () => {
      const ran: string[] = [];
      Tracker.afterFlush(() => {
        throw new Error('cb failed');
      });
      Tracker.afterFlush(() => ran.push('next'));
      Tracker.flush();
      assert.deepEqual(ran, ['next']);
      assert.equal(logged[0]?.[0], 'Exception from Tracker afterFlush function:');
    });
  });

  describe('flush, afterFlush, inFlush', () => {
    it('afterFlush runs after invalidated computations; computations it invalidates rerun before the next callback', () => {
      const dep = new Dependency();
      const events: string[] = [];
      autorun((c) => {
        dep.depend();
        events.push(c.firstRun ? 'first run' : 'rerun');
      });
      Tracker.afterFlush(() => {
        events.push('after 1');
        assert.equal(Tracker.inFlush(), true);
        dep.changed();
      });
      Tracker.afterFlush(() => events.push('after 2'));
      dep.changed();
      Tracker.flush();
      assert.deepEqual(events, ['first run', 'rerun', 'after 1', 'rerun', 'after 2']);
    });

    it('afterFlush schedules a flush by itself and runs each callback once', () => {
      let calls = 0;
      Tracker.afterFlush(() => {
        calls += 1;
      });
      assert.equal(scheduler.scheduled.length, 1);
      scheduler.runScheduled();
      Tracker.flush();
      assert.equal(calls, 1);
    });

    it('refuses to flush inside a computation or inside a flush', () => {
      assert.throws(
        () => Tracker.autorun(() => Tracker.flush()),
        (e: unknown) => e instanceof TrackerError && e.code === 'TRACKER_FLUSH_IN_COMPUTATION',
      );
      Tracker.afterFlush(() => Tracker.flush());
      assert.throws(
        () => Tracker.flush({ throwFirstError: true }),
        (e: unknown) => e instanceof TrackerError && e.code === 'TRACKER_FLUSH_REENTRANT',
      );
    });

    it('Computation.flush and run rerun one computation synchronously', () => {
      const dep = new Dependency();
      let runs = 0;
      const c = autorun(() => {
        dep.depend();
        runs += 1;
      });
      c.flush();
      assert.equal(runs, 1, 'flush does nothing while valid');
      dep.changed();
      c.flush();
      assert.equal(runs, 2);
      c.run();
      assert.equal(runs, 3);
    });

    it('a computation that changes what it just read reruns within the same flush until stable', () => {
      const dep = new Dependency();
      let value = 0;
      const seen: number[] = [];
      autorun(() => {
        dep.depend();
        seen.push(value);
        if (value > 0 && value < 3) {
          value += 1;
          dep.changed();
        }
      });
      value = 1;
      dep.changed();
      Tracker.flush();
      assert.deepEqual(seen, [0, 1, 2, 3]);
    });

    it('a change made by one computation reruns an earlier one in the same flush', () => {
      const source = new Dependency();
      const derived = new Dependency();
      const events: string[] = [];
      autorun(() => {
        derived.depend();
        events.push('reader');
      });
      autorun((c) => {
        source.depend();
        events.push('writer');
        if (!c.firstRun) derived.changed();
      });
      source.changed();
      Tracker.flush();
      assert.deepEqual(events, ['reader', 'writer', 'writer', 'reader']);
    });

    it('a computation stopped while waiting for the flush does not rerun', () => {
      const dep = new Dependency();
      let runs = 0;
      const c = autorun(() => {
        dep.depend();
        runs += 1;
      });
      dep.changed();
      c.stop();
      Tracker.flush();
      assert.equal(runs, 1);
    });

    it('afterFlush registered during a flush runs in that same flush', () => {
      const events: string[] = [];
      Tracker.afterFlush(() => {
        events.push('outer');
        Tracker.afterFlush(() => events.push('inner'));
      });
      Tracker.flush();
      assert.deepEqual(events, ['outer', 'inner']);
      assert.equal(scheduler.scheduled.length, 1, 'no extra flush was scheduled for the inner callback');
    });

    it('a computation that keeps invalidating itself yields to the event loop after 1000 reruns', () => {
      let runs = 0;
      const c = autorun((comp) => {
        runs += 1;
        comp.invalidate();
      });
      scheduler.runScheduled();
      assert.equal(runs, 1 + 1001);
      assert.equal(scheduler.yielded.length, 1, 'the rest is rescheduled, not run in a tight loop');
      c.stop();
      scheduler.yielded.shift()?.();
      assert.equal(runs, 1002);
    });
  });

  describe('async computations', () => {
    it('await autorun(async fn) waits for the first run and gives its result', async () => {
      const result = await autorun(async () => {
        await Promise.resolve();
        return 'done';
      });
      assert.equal(result, 'done');
    });

    it('tracks reads before the first await, and after it through withComputation', async () => {
      const before = new Dependency();
      const after = new Dependency();
      const untracked = new Dependency();
      let runs = 0;
      const c = autorun(async (comp) => {
        runs += 1;
        before.depend();
        await Promise.resolve();
        untracked.depend();
        Tracker.withComputation(comp, () => after.depend());
      });
      await c.firstRunPromise;
      assert.equal(untracked.hasDependents(), false);
      after.changed();
      Tracker.flush();
      assert.equal(runs, 2);
      await Promise.resolve();
      before.changed();
      Tracker.flush();
      assert.equal(runs, 3);
    });

    it('a rejected async rerun goes to onError, a rejected first run to firstRunPromise', async () => {
      const dep = new Dependency();
      const errors: unknown[] = [];
      const c = autorun(
        async (comp) => {
          dep.depend();
          const first = comp.firstRun;
          await Promise.resolve();
          throw new Error(first ? 'first run failed' : 'rerun failed');
        },
        { onError: (e) => errors.push(e) },
      );
      await assert.rejects(c.firstRunPromise, /first run failed/);
      assert.equal(errors.length, 0);
      dep.changed();
      Tracker.flush();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal((errors[0] as Error).message, 'rerun failed');
    });

    it('without onError a rejected async rerun is logged', async () => {
      const dep = new Dependency();
      const c = autorun(async (comp) => {
        dep.depend();
        if (!comp.firstRun) throw new Error('async rerun');
      });
      await c;
      dep.changed();
      Tracker.flush();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(logged[0]?.[0], 'Exception from Tracker async recompute function:');
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, () => unknown, string, RegExp]> = [
      ['autorun without a function', () => Tracker.autorun(5 as unknown as () => void), 'TRACKER_BAD_ARGUMENT', /requires a function argument/],
      ['afterFlush without a function', () => Tracker.afterFlush(null as unknown as () => void), 'TRACKER_BAD_ARGUMENT', /afterFlush requires a function/],
      [
        'Tracker.onInvalidate outside a computation',
        () => Tracker.onInvalidate(() => undefined),
        'TRACKER_NO_CURRENT_COMPUTATION',
        /requires a currentComputation/,
      ],
      ['a bad scheduler', () => Tracker.setFlushScheduler({} as FlushScheduler), 'TRACKER_BAD_ARGUMENT', /schedule, yieldThenSchedule/],
      [
        'constructing a Computation directly',
        () => new (Computation as unknown as new (...args: unknown[]) => Computation)(() => undefined, null, {}, Symbol('fake')),
        'TRACKER_PRIVATE_CONSTRUCTOR',
        /constructor is private; use Tracker.autorun/,
      ],
    ];
    for (const [name, run, code, message] of cases) {
      it(`${name} -> ${code}`, () => {
        assert.throws(run, (error: unknown) => error instanceof TrackerError && error.code === code && message.test(error.message));
      });
    }

    it('onInvalidate / onStop need functions', () => {
      const c = autorun(() => undefined);
      assert.throws(() => c.onInvalidate('x' as unknown as () => void), /onInvalidate requires a function/);
      assert.throws(() => c.onStop(1 as unknown as () => void), /onStop requires a function/);
    });
  });
});
