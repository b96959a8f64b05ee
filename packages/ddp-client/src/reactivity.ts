import { Tracker } from '@perseid/tracker';

/**
 * The few Tracker facilities the DDP client needs, in one place: the client's reactive
 * values (status, userId, sub readiness) and sub reuse inside re-running computations.
 */
export interface ReactiveDependency {
  depend(): void;
  changed(): void;
}

export function createDependency(): ReactiveDependency {
  return new Tracker.Dependency();
}

/** True inside a Tracker computation. */
export function inComputation(): boolean {
  return Tracker.active;
}

/** Registers `fn` for when the current computation is invalidated; no-op outside one. */
export function onInvalidate(fn: () => void): void {
  Tracker.currentComputation?.onInvalidate(() => fn());
}

/** Runs `fn` after the next Tracker flush (after re-running computations have re-subscribed). */
export function afterFlush(fn: () => void): void {
  Tracker.afterFlush(fn);
}
