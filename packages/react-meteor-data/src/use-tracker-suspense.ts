import type { DependencyList } from 'react';
import { Tracker } from '@perseid/tracker';
import { SuspenseCache } from './suspense-cache';
import type { ResourceWork } from './suspense-resource';
import { useSuspenseResource } from './use-suspense-resource';

type Computation = ReturnType<typeof Tracker.autorun>;
export type AsyncReactiveFn<T> = (computation: Computation) => Promise<T> | T;

/** One computation per key, shared by the components rendering that key. */
export const suspenseComputations = new SuspenseCache<unknown>();

function sameDeps(a: unknown, b: DependencyList): boolean {
  return Array.isArray(a) && a.length === b.length && b.every((value, i) => Object.is(value, a[i]));
}

function computationWork<T>(fn: AsyncReactiveFn<T>): ResourceWork<unknown> {
  return (report) => {
    // Only the latest run may report: an older, slower run must not overwrite it.
    let latest = 0;
    const computation = Tracker.nonreactive(() =>
      Tracker.autorun((c) => {
        const run = ++latest;
        let result: Promise<T>;
        try {
          result = Promise.resolve(fn(c));
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(
          (value) => void (run === latest && report.value(value)),
          (error: unknown) => void (run === latest && report.error(error)),
        );
      }),
    );
    return () => {
      latest = -1;
      computation.stop();
    };
  };
}

/**
 * `useTracker(key, asyncReactiveFn, deps?)` of `meteor/react-meteor-data/suspense`: runs the
 * function in a Tracker computation and suspends until its first result. Reactive sources it
 * reads synchronously (and, after an await, inside `Tracker.withComputation(computation, ...)`)
 * re-run it; the component then re-renders with the new result without suspending. A
 * rejection reaches the nearest error boundary.
 *
 * The key names the computation: components rendering the same key share it. New deps
 * (compared with Object.is) restart it, and the component suspends for its first result
 * again. Omitted deps mean the function runs once per key plus its reactive re-runs. The
 * computation stops and the key is forgotten when the last component using it unmounts.
 */
export function useTrackerSuspense<T>(key: string, fn: AsyncReactiveFn<T>, deps: DependencyList = []): T {
  if (typeof key !== 'string' || key === '') throw new TypeError('useTracker (suspense): the first argument must be a non-empty key string');
  if (typeof fn !== 'function') throw new TypeError('useTracker (suspense): the second argument must be a function');
  if (!Array.isArray(deps)) throw new TypeError('useTracker (suspense): deps must be an array');
  const tag = [...deps];
  return useSuspenseResource(suspenseComputations, {
    key,
    work: computationWork(fn),
    tag,
    fits: (cached) => sameDeps(cached, tag),
  }) as T;
}
