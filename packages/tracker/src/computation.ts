import { enqueueComputation, throwOrLog } from './flush';
import { logTrackerError } from './report-error';
import { computing, nonreactive, withComputation } from './scope';
import { TrackerError, requireFunction } from './tracker-error';

/** The function an autorun runs; it receives its own computation. */
export type ComputationFunction = (computation: Computation) => unknown;

export interface ComputationOptions {
  /** Receives errors thrown by reruns (and rejections of async reruns) instead of the log. */
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * valid        ran, and nothing it read has changed since
 * invalidated  something it read changed; it will rerun at the next flush
 * stopped      never runs again (also counts as invalidated, as in Meteor)
 */
type ComputationPhase = 'valid' | 'invalidated' | 'stopped';

let nextId = 1;

/** Only `autorun` may construct computations; it passes this token. */
export const constructionToken: unique symbol = Symbol('Tracker.Computation construction');

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Code that reruns when the reactive data it read changes (Tracker.Computation). Thenable: for
 * an async function, `await autorun(fn)` waits for the first run.
 */
export class Computation implements PromiseLike<unknown> {
  readonly _id = nextId++;
  readonly _parent: Computation | null;
  /** Settles with the first run's result (a promise for async functions). */
  firstRunPromise: Promise<unknown> = Promise.resolve(undefined);
  #phase: ComputationPhase = 'valid';
  #firstRun = true;
  #recomputing = false;
  #onInvalidate: Array<(computation: Computation) => void> = [];
  #onStop: Array<(computation: Computation) => void> = [];
  readonly #fn: ComputationFunction;
  readonly #onError: ((error: unknown) => void) | undefined;

  constructor(fn: ComputationFunction, parent: Computation | null, options: ComputationOptions, token: typeof constructionToken) {
    if (token !== constructionToken) {
      throw new TrackerError('TRACKER_PRIVATE_CONSTRUCTOR', 'Tracker.Computation constructor is private; use Tracker.autorun');
    }
    this._parent = parent;
    this.#fn = fn;
    this.#onError = options.onError;
    let errored = true;
    try {
      this.#compute();
      errored = false;
    } finally {
      this.#firstRun = false;
      if (errored) this.stop();
    }
  }

  /** True only while the function runs for the first time, inside `autorun`. */
  get firstRun(): boolean {
    return this.#firstRun;
  }

  get invalidated(): boolean {
    return this.#phase !== 'valid';
  }

  get stopped(): boolean {
    return this.#phase === 'stopped';
  }

  /**
   * Calls `callback` when this computation is next invalidated (now, if it already is). Each
   * registration fires once.
   */
  onInvalidate(callback: (computation: Computation) => void): void {
    requireFunction(callback, 'onInvalidate requires a function');
    if (this.invalidated) nonreactive(() => callback(this));
    else this.#onInvalidate.push(callback);
  }

  /** Calls `callback` when this computation stops (now, if it already has), after onInvalidate callbacks. */
  onStop(callback: (computation: Computation) => void): void {
    requireFunction(callback, 'onStop requires a function');
    if (this.stopped) nonreactive(() => callback(this));
    else this.#onStop.push(callback);
  }

  /** Schedules a rerun at the next flush. */
  invalidate(): void {
    if (this.#phase !== 'valid') return;
    // While recomputing, the flush loop sees the new phase and reruns at once; no need to queue.
    if (!this.#recomputing) enqueueComputation(this);
    this.#phase = 'invalidated';
    this.#fireInvalidateCallbacks();
  }

  /** Never rerun again. Safe to call any number of times. */
  stop(): void {
    if (this.#phase === 'stopped') return;
    const wasValid = this.#phase === 'valid';
    this.#phase = 'stopped';
    if (wasValid) this.#fireInvalidateCallbacks();
    const callbacks = this.#onStop;
    this.#onStop = [];
    for (const callback of callbacks) nonreactive(() => callback(this));
  }

  /** Reruns now if invalidated (Computation.flush). */
  flush(): void {
    if (this.#recomputing) return;
    this._recompute();
  }

  /** Invalidates and reruns now. */
  run(): void {
    this.invalidate();
    this.flush();
  }

  // biome-ignore lint/suspicious/noThenProperty: Meteor 3 computations are awaitable (`await Tracker.autorun(...)` waits for the first run)
  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.firstRunPromise.then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<unknown> {
    return this.firstRunPromise.catch(onRejected);
  }

  /** @internal used by the flush loop */
  _needsRecompute(): boolean {
    return this.#phase === 'invalidated';
  }

  /** @internal used by the flush loop: rerun if needed, reporting (not throwing) errors. */
  _recompute(): void {
    this.#recomputing = true;
    try {
      if (this._needsRecompute()) {
        try {
          this.#compute();
        } catch (error) {
          if (this.#onError) this.#onError(error);
          else throwOrLog('recompute', error);
        }
      }
    } finally {
      this.#recomputing = false;
    }
  }

  #fireInvalidateCallbacks(): void {
    // Callbacks registered from here run at once, because the phase is no longer valid.
    const callbacks = this.#onInvalidate;
    this.#onInvalidate = [];
    for (const callback of callbacks) nonreactive(() => callback(this));
  }

  #compute(): void {
    if (this.#phase === 'invalidated') this.#phase = 'valid';
    const result = computing(() => withComputation(this, () => this.#fn(this)));
    if (!isPromiseLike(result)) {
      if (this.#firstRun) this.firstRunPromise = Promise.resolve(result);
      return;
    }
    if (this.#firstRun) {
      // The caller awaits the first run (or gets an unhandled rejection, as in Meteor).
      this.firstRunPromise = Promise.resolve(result);
      return;
    }
    Promise.resolve(result).catch((error: unknown) => {
      if (this.#onError) this.#onError(error);
      else logTrackerError('async recompute', error);
    });
  }
}
