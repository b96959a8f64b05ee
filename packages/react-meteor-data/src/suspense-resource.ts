/** What a render reads from a resource: it suspends on `pending`, throws on `failed`. */
export type ResourceStatus<V> =
  | { readonly state: 'pending'; readonly settled: Promise<void> }
  | { readonly state: 'ready'; readonly value: V }
  | { readonly state: 'failed'; readonly error: unknown };

/** How running work tells its resource about outcomes; later outcomes replace earlier ones. */
export interface ResourceReport<V> {
  value(value: V): void;
  error(error: unknown): void;
}

/** Starts the work behind a resource (a subscription, a fetch, a computation); returns stop(). */
export type ResourceWork<V> = (report: ResourceReport<V>) => () => void;

export interface SuspenseTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realSuspenseTimers: SuspenseTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** Meteor's suspense hooks defer their cleanup by a 0 ms timeout, long enough for a re-mount. */
export const RELEASE_GRACE_MS = 0;
/** How long a settled resource that no committed component holds may live, in ms. */
export const UNHELD_RESOURCE_TTL_MS = 1000;

export interface SuspenseResourceOptions {
  readonly timers: SuspenseTimers;
  /** Called once when the resource is dropped (its cache forgets it). */
  readonly onDrop: () => void;
  /** Whatever the cache compares to decide whether this resource still fits a render. */
  readonly tag?: unknown;
}

type Life = 'live' | 'dropped';

/**
 * Shared work that components suspend on, counted by the committed components holding it.
 *
 * Invariants: a render may create a resource that nobody ever commits (it suspended and was
 * abandoned), so a settled resource with no holder is dropped after UNHELD_RESOURCE_TTL_MS;
 * a pending one waits for its outcome first, since its component may still be waiting.
 * When the last holder releases, the drop waits RELEASE_GRACE_MS, and a hold in between
 * (StrictMode's re-mount, a sibling mounting) keeps the work running. Once dropped, the
 * work is stopped and outcomes are ignored.
 */
export class SuspenseResource<V> {
  #status: ResourceStatus<V>;
  readonly #settle: () => void;
  #life: Life = 'live';
  #holders = 0;
  #timer: unknown = undefined;
  readonly #listeners = new Set<() => void>();
  readonly #options: SuspenseResourceOptions;
  readonly #stopWork: () => void;

  constructor(work: ResourceWork<V>, options: SuspenseResourceOptions) {
    this.#options = options;
    let settle!: () => void;
    // Never rejects: React only needs to know when to render again, and reads the error then.
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.#settle = settle;
    this.#status = { state: 'pending', settled };
    this.#stopWork = work({
      value: (value) => this.#set({ state: 'ready', value }),
      error: (error) => this.#set({ state: 'failed', error }),
    });
  }

  get tag(): unknown {
    return this.#options.tag;
  }

  get dropped(): boolean {
    return this.#life === 'dropped';
  }

  get holders(): number {
    return this.#holders;
  }

  readonly getStatus = (): ResourceStatus<V> => this.#status;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.#listeners.delete(listener);
    };
  };

  /** A committed component holds the work; null if it was already dropped. */
  hold(): (() => void) | null {
    if (this.#life === 'dropped') return null;
    this.#holders += 1;
    this.#cancelTimer();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#holders -= 1;
      if (this.#holders === 0) this.#schedule(RELEASE_GRACE_MS);
    };
  }

  /** Stops the work and leaves the cache; safe to call twice. */
  drop(): void {
    if (this.#life === 'dropped') return;
    this.#life = 'dropped';
    this.#cancelTimer();
    this.#stopWork();
    this.#options.onDrop();
  }

  #set(status: ResourceStatus<V>): void {
    if (this.#life === 'dropped') return;
    this.#status = status;
    this.#settle();
    if (this.#holders === 0 && this.#timer === undefined) this.#schedule(UNHELD_RESOURCE_TTL_MS);
    for (const listener of [...this.#listeners]) listener();
  }

  #schedule(ms: number): void {
    this.#cancelTimer();
    this.#timer = this.#options.timers.setTimeout(() => {
      this.#timer = undefined;
      if (this.#holders === 0) this.drop();
    }, ms);
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
