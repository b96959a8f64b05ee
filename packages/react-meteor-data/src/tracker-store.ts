import { Tracker } from '@perseid/tracker';

type Computation = ReturnType<typeof Tracker.autorun>;

/** How long a computation started by a render that React never commits may live, in ms. */
export const UNCOMMITTED_RENDER_TTL_MS = 1000;

export interface TrackerStoreOptions<T> {
  /** true: keep the previous value (no re-render) although the function re-ran. */
  readonly skipUpdate?: ((previous: T, next: T) => boolean) | undefined;
  readonly setTimeout?: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
}

/**
 * An external store (for useSyncExternalStore) whose value is a reactive function's
 * result, kept fresh by a Tracker computation.
 *
 * Life of the computation: a render starts it (React needs the value synchronously), the
 * first subscriber adopts it, the last unsubscribe stops it (so StrictMode's double
 * effects and unmounts leak nothing), and a render that never commits is cleaned up
 * after UNCOMMITTED_RENDER_TTL_MS. A re-subscribe starts a fresh computation.
 */
export class TrackerStore<T> {
  #fn: (computation: Computation) => T;
  #computation: Computation | null = null;
  #value!: T;
  #hasValue = false;
  readonly #listeners = new Set<() => void>();
  #cleanupTimer: unknown = undefined;
  readonly #options: TrackerStoreOptions<T>;

  constructor(fn: (computation: Computation) => T, options: TrackerStoreOptions<T> = {}) {
    this.#fn = fn;
    this.#options = options;
  }

  /** Swaps the function (new deps) and recomputes now; the old computation stops. */
  replace(fn: (computation: Computation) => T): void {
    this.#fn = fn;
    this.#stopComputation();
    this.ensureRunning();
  }

  /** Starts the computation if none runs (render and subscribe both call this). */
  ensureRunning(): void {
    if (this.#computation !== null) return;
    this.#computation = Tracker.nonreactive(() =>
      Tracker.autorun((computation) => {
        const next = this.#fn(computation);
        if (this.#hasValue && this.#options.skipUpdate?.(this.#value, next) === true) return;
        this.#value = next;
        this.#hasValue = true;
        // A first run happens inside render or subscribe, where React reads the snapshot
        // itself; notifying then would update a component while it renders.
        if (!computation.firstRun) for (const listener of [...this.#listeners]) listener();
      }),
    );
    if (this.#listeners.size === 0) this.#scheduleCleanup();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#cancelCleanup();
    this.ensureRunning();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopComputation();
    };
  };

  readonly getSnapshot = (): T => {
    if (!this.#hasValue) this.ensureRunning();
    return this.#value;
  };

  /** True while a computation is alive (tests check nothing leaks). */
  get running(): boolean {
    return this.#computation !== null;
  }

  /** Stops everything; safe to call twice. */
  stop(): void {
    this.#listeners.clear();
    this.#stopComputation();
  }

  #stopComputation(): void {
    this.#cancelCleanup();
    const computation = this.#computation;
    this.#computation = null;
    computation?.stop();
  }

  #scheduleCleanup(): void {
    this.#cancelCleanup();
    const set = this.#options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.#cleanupTimer = set(() => {
      this.#cleanupTimer = undefined;
      if (this.#listeners.size === 0) this.#stopComputation();
    }, UNCOMMITTED_RENDER_TTL_MS);
  }

  #cancelCleanup(): void {
    if (this.#cleanupTimer === undefined) return;
    const clear = this.#options.clearTimeout ?? ((h) => globalThis.clearTimeout(h as Parameters<typeof globalThis.clearTimeout>[0]));
    clear(this.#cleanupTimer);
    this.#cleanupTimer = undefined;
  }
}
