import * as trackerModule from '@perseid/tracker';

/**
 * The few Tracker facilities the DDP client needs, in one place: the client's reactive
 * values (status, userId, sub readiness) and sub reuse inside re-running computations.
 */
export interface ReactiveDependency {
  depend(): void;
  changed(): void;
}

/** The slice of Meteor's Tracker API used here. */
interface TrackerLike {
  readonly active: boolean;
  readonly currentComputation: { onInvalidate(fn: () => void): void } | null;
  readonly Dependency: new () => ReactiveDependency;
  afterFlush(fn: () => void): void;
  nonreactive<T>(fn: () => T): T;
}

// Read through a namespace so this file still compiles while @perseid/tracker is being
// written; without a Tracker the client works, just without reactivity.
const tracker = (trackerModule as unknown as { Tracker?: TrackerLike }).Tracker;

const inert: ReactiveDependency = { depend() {}, changed() {} };

export function createDependency(): ReactiveDependency {
  return tracker === undefined ? { ...inert } : new tracker.Dependency();
}

/** True inside a Tracker computation. */
export function inComputation(): boolean {
  return tracker?.active ?? false;
}

/** Registers `fn` for when the current computation is invalidated; no-op outside one. */
export function onInvalidate(fn: () => void): void {
  tracker?.currentComputation?.onInvalidate(() => fn());
}

/** Runs `fn` after the next Tracker flush (after re-running computations have re-subscribed). */
export function afterFlush(fn: () => void): void {
  if (tracker === undefined) queueMicrotask(fn);
  else tracker.afterFlush(fn);
}

export function nonreactive<T>(fn: () => T): T {
  return tracker === undefined ? fn() : tracker.nonreactive(fn);
}
