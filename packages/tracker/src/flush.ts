import type { Computation } from './computation';
import { logTrackerError } from './report-error';
import { isComputing } from './scope';
import { TrackerError, requireFunction } from './tracker-error';

/** How Tracker gets a flush to run later; tests install one they drive by hand. */
export interface FlushScheduler {
  /** Run `flush` after the current synchronous work. */
  schedule(flush: () => void): void;
  /** Run `flush` after giving the event loop a turn (used after 1000 reruns in one flush). */
  yieldThenSchedule(flush: () => void): void;
}

/** Default: a microtask, so every change made in one synchronous stretch causes one flush. */
export const defaultFlushScheduler: FlushScheduler = {
  schedule: (flush) => queueMicrotask(flush),
  yieldThenSchedule: (flush) => void globalThis.setTimeout(flush, 10),
};

type FlushPhase = 'idle' | 'scheduled' | 'flushing';

let scheduler: FlushScheduler = defaultFlushScheduler;
let phase: FlushPhase = 'idle';
let throwFirstError = false;
const pendingComputations: Computation[] = [];
const afterFlushCallbacks: Array<() => void> = [];

/** Installs `next` and returns the previous scheduler. */
export function setFlushScheduler(next: FlushScheduler): FlushScheduler {
  if (typeof next?.schedule !== 'function' || typeof next.yieldThenSchedule !== 'function') {
    throw new TrackerError('TRACKER_BAD_ARGUMENT', 'setFlushScheduler expects { schedule, yieldThenSchedule } functions');
  }
  const previous = scheduler;
  scheduler = next;
  return previous;
}

function scheduledFlush(): void {
  // A synchronous Tracker.flush() may already have done the work; then this is a no-op.
  if (phase === 'flushing') return;
  runFlush(false, false);
}

/** Makes sure a flush will happen (one is scheduled or running). */
export function requireFlush(): void {
  if (phase !== 'idle') return;
  phase = 'scheduled';
  scheduler.schedule(scheduledFlush);
}

/** Queues an invalidated computation for the next (or current) flush. */
export function enqueueComputation(computation: Computation): void {
  requireFlush();
  pendingComputations.push(computation);
}

/** In a `throwFirstError` flush, rethrows; otherwise logs and lets the flush go on. */
export function throwOrLog(from: 'recompute' | 'afterFlush', error: unknown): void {
  if (throwFirstError) throw error;
  logTrackerError(from, error);
}

/** True while a flush is running. */
export function inFlush(): boolean {
  return phase === 'flushing';
}

/**
 * Reruns every invalidated computation, then runs afterFlush callbacks one at a time (each may
 * invalidate more computations, which rerun before the next callback), until nothing is left.
 * A failing computation or callback never stops the flush: it is logged, or with
 * `throwFirstError` the first error is rethrown once the rest of the flush has finished.
 */
function runFlush(finishSynchronously: boolean, throwFirst: boolean): void {
  if (phase === 'flushing') throw new TrackerError('TRACKER_FLUSH_REENTRANT', "Can't call Tracker.flush while flushing");
  if (isComputing()) throw new TrackerError('TRACKER_FLUSH_IN_COMPUTATION', "Can't flush inside Tracker.autorun");
  phase = 'flushing';
  throwFirstError = throwFirst;
  let recomputed = 0;
  let finished = false;
  try {
    while (pendingComputations.length > 0 || afterFlushCallbacks.length > 0) {
      for (let computation = pendingComputations.shift(); computation; computation = pendingComputations.shift()) {
        computation._recompute();
        if (computation._needsRecompute()) pendingComputations.unshift(computation);
        if (!finishSynchronously && ++recomputed > 1000) {
          finished = true;
          return;
        }
      }
      const callback = afterFlushCallbacks.shift();
      if (callback) {
        try {
          callback();
        } catch (error) {
          throwOrLog('afterFlush', error);
        }
      }
    }
    finished = true;
  } finally {
    phase = 'idle';
    throwFirstError = false;
    // Only reached unfinished when throwFirstError rethrew: finish the work (logging any
    // further errors), then the first error continues to propagate.
    if (!finished) runFlush(finishSynchronously, false);
    if (pendingComputations.length > 0 || afterFlushCallbacks.length > 0) {
      phase = 'scheduled';
      scheduler.yieldThenSchedule(scheduledFlush);
    }
  }
}

export interface FlushOptions {
  /** Rethrow the first error after finishing the flush (Meteor spells it `_throwFirstError`). */
  throwFirstError?: boolean;
  _throwFirstError?: boolean;
}

/** Processes all reactive updates now (Tracker.flush). */
export function flush(options?: FlushOptions): void {
  runFlush(true, Boolean(options?.throwFirstError || options?._throwFirstError));
}

/**
 * Runs `callback` once, at the end of the next flush (or of the current one, if flushing),
 * after invalidated computations have rerun.
 */
export function afterFlush(callback: () => void): void {
  requireFunction(callback, 'Tracker.afterFlush requires a function');
  afterFlushCallbacks.push(callback);
  requireFlush();
}
