import { useRef, useSyncExternalStore, type DependencyList } from 'react';
import type { Tracker } from '@perseid/tracker';
import { TrackerStore } from './tracker-store';

type Computation = ReturnType<typeof Tracker.autorun>;
export type ReactiveFn<T> = (computation: Computation) => T;
export type SkipUpdate<T> = (previous: T, next: T) => boolean;

function sameDeps(a: DependencyList | undefined, b: DependencyList | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((value, i) => Object.is(value, b[i]));
}

/**
 * Runs `fn` in a Tracker computation and re-renders when its reactive sources change.
 *
 * `useTracker(fn)`: `fn` re-runs on every render as well (it may read props).
 * `useTracker(fn, deps)`: `fn` re-runs when a dep changes or a reactive source does.
 * `skipUpdate(prev, next)` returning true keeps the previous value (no re-render).
 */
export function useTracker<T>(fn: ReactiveFn<T>, skipUpdate?: SkipUpdate<T>): T;
export function useTracker<T>(fn: ReactiveFn<T>, deps: DependencyList, skipUpdate?: SkipUpdate<T>): T;
export function useTracker<T>(fn: ReactiveFn<T>, depsOrSkip?: DependencyList | SkipUpdate<T>, maybeSkip?: SkipUpdate<T>): T {
  if (typeof fn !== 'function') throw new TypeError('useTracker expects a function as its first argument');
  const deps = Array.isArray(depsOrSkip) ? (depsOrSkip as DependencyList) : undefined;
  const skipUpdate = typeof depsOrSkip === 'function' ? depsOrSkip : maybeSkip;
  if (depsOrSkip !== undefined && deps === undefined && typeof depsOrSkip !== 'function') {
    throw new TypeError('useTracker: the second argument must be a deps array or a skipUpdate function');
  }

  const ref = useRef<{ store: TrackerStore<T>; deps: DependencyList | undefined } | null>(null);
  if (ref.current === null) {
    ref.current = { store: new TrackerStore(fn, { skipUpdate }), deps };
    ref.current.store.ensureRunning();
  } else if (deps === undefined || !sameDeps(ref.current.deps, deps)) {
    ref.current.deps = deps;
    ref.current.store.replace(fn);
  }
  const { store } = ref.current;
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
