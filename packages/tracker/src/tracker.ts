import { Computation, constructionToken, type ComputationFunction, type ComputationOptions } from './computation';
import { Dependency } from './dependency';
import { afterFlush, flush, inFlush, setFlushScheduler } from './flush';
import { currentComputation, nonreactive, withComputation } from './scope';
import { TrackerError, requireFunction } from './tracker-error';

/**
 * Runs `fn` now and again whenever the reactive data it read changes. Inside another
 * computation, the new one is stopped when the outer one is invalidated (so reruns of the outer
 * one do not pile up inner ones). A synchronous first run that throws stops the computation
 * and rethrows.
 */
function autorun(fn: ComputationFunction, options: ComputationOptions = {}): Computation {
  requireFunction(fn, 'Tracker.autorun requires a function argument');
  const parent = currentComputation();
  const computation = new Computation(fn, parent, options, constructionToken);
  if (parent) parent.onInvalidate(() => computation.stop());
  return computation;
}

/** Registers `callback` on the current computation (which must exist). */
function onInvalidate(callback: (computation: Computation) => void): void {
  const current = currentComputation();
  if (!current) {
    throw new TrackerError('TRACKER_NO_CURRENT_COMPUTATION', 'Tracker.onInvalidate requires a currentComputation');
  }
  current.onInvalidate(callback);
}

/** Meteor's `Tracker` namespace. `active` and `currentComputation` are live getters. */
export const Tracker = {
  get active(): boolean {
    return currentComputation() !== null;
  },
  get currentComputation(): Computation | null {
    return currentComputation();
  },
  Computation,
  Dependency,
  autorun,
  flush,
  afterFlush,
  inFlush,
  nonreactive,
  withComputation,
  onInvalidate,
  /** Replaces how flushes are scheduled (tests drive them by hand); returns the previous one. */
  setFlushScheduler,
};

/** Lets app code write `Tracker.Computation` / `Tracker.Dependency` as types, as with Meteor's typings. */
export declare namespace Tracker {
  type Computation = import('./computation').Computation;
  type Dependency = import('./dependency').Dependency;
  type ComputationFunction = import('./computation').ComputationFunction;
}
