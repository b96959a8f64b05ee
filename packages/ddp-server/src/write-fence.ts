/**
 * WriteFence: tells a method when every write it made is visible to every observer, so the
 * session can send `updated` after the data messages those writes caused (DDP.md "Remote
 * Procedure Calls"; Meteor's DDPServer._WriteFence).
 *
 * Life of a fence:
 *
 *   collecting ──arm()──► armed ──(no outstanding writes)──► firing ──► fired ──retire()──► retired
 *       │ beginWrite()       │ beginWrite()                    │ onBeforeFire callbacks may
 *       │ onBeforeFire()     │ committed()                     │ still beginWrite(); firing
 *       │ onAllCommitted()   │                                 │ waits for those too
 *
 * Invariants: `onAllCommitted` callbacks run exactly once, after `arm()` and after every write
 * begun before firing has committed; `committed()` is idempotent; writes begun on a retired
 * fence are ignored (a late observer callback must never throw into a finished method).
 */

/** Where a fence is in its life. */
export type WriteFenceState = 'collecting' | 'armed' | 'firing' | 'fired' | 'retired';

/** One write registered with a fence; `committed()` may be called any number of times. */
export interface FenceWrite {
  committed(): void;
}

type FenceCallback = (fence: WriteFence) => void | Promise<void>;

const noopWrite: FenceWrite = { committed() {} };

/** Reports errors thrown by fence callbacks; they must not stop the other callbacks. */
export type FenceErrorReporter = (message: string, error: unknown) => void;

const defaultReporter: FenceErrorReporter = (message, error) => {
  console.error(message, error);
};

export class WriteFence {
  #state: WriteFenceState = 'collecting';
  #outstanding = 0;
  #beforeFire: FenceCallback[] = [];
  #completion: FenceCallback[] = [];
  #firedWaiters: Array<() => void> = [];
  readonly #report: FenceErrorReporter;

  constructor(options: { reportError?: FenceErrorReporter } = {}) {
    this.#report = options.reportError ?? defaultReporter;
  }

  get state(): WriteFenceState {
    return this.#state;
  }

  /** Number of writes begun and not yet committed. */
  get outstandingWrites(): number {
    return this.#outstanding;
  }

  /**
   * Registers a write. The caller must call `committed()` once observers have seen it.
   * Throws once the fence has fired: a write that late could not be waited for.
   */
  beginWrite(): FenceWrite {
    if (this.#state === 'retired') return noopWrite;
    if (this.#state === 'fired') throw new Error('WriteFence has already fired: too late to add writes');
    this.#outstanding += 1;
    let done = false;
    return {
      committed: () => {
        if (done) return;
        done = true;
        this.#outstanding -= 1;
        this.#maybeFire();
      },
    };
  }

  /** No more writes will be begun by the fence's owner; fire once outstanding writes commit. */
  arm(): void {
    if (this.#state !== 'collecting') return;
    this.#state = 'armed';
    this.#maybeFire();
  }

  /** Arms the fence and resolves once it has fired. */
  armAndWait(): Promise<void> {
    const fired = this.whenFired();
    this.arm();
    return fired;
  }

  /** Resolves once the fence has fired (at once if it already has). */
  whenFired(): Promise<void> {
    if (this.#state === 'fired' || this.#state === 'retired') return Promise.resolve();
    return new Promise((resolve) => this.#firedWaiters.push(resolve));
  }

  /**
   * Runs `callback` when the fence is about to fire; it may begin (and later commit) more writes,
   * e.g. an observer that must catch up first.
   */
  onBeforeFire(callback: FenceCallback): void {
    if (this.#state === 'fired' || this.#state === 'retired') {
      throw new Error('WriteFence has already fired: too late to add a callback');
    }
    this.#beforeFire.push(callback);
  }

  /** Runs `callback` once all writes have committed and the fence fires. */
  onAllCommitted(callback: FenceCallback): void {
    if (this.#state === 'fired' || this.#state === 'retired') {
      throw new Error('WriteFence has already fired: too late to add a callback');
    }
    this.#completion.push(callback);
  }

  /** Declares the fence finished; later writes against it are ignored. Only after firing. */
  retire(): void {
    if (this.#state !== 'fired' && this.#state !== 'retired') throw new Error("Can't retire a WriteFence that hasn't fired");
    this.#state = 'retired';
  }

  /** Runs one callback; returns a promise only when it is asynchronous. Errors are reported. */
  #invoke(callback: FenceCallback): Promise<void> | undefined {
    try {
      const result = callback(this);
      if (result instanceof Promise) {
        return result.then(
          () => undefined,
          (error: unknown) => this.#report('Exception in write fence callback:', error),
        );
      }
    } catch (error) {
      this.#report('Exception in write fence callback:', error);
    }
    return undefined;
  }

  // Synchronous all the way while the callbacks are (sending `updated` is): a method's fence
  // fires within the commit that completes it, with no microtask hop.
  #maybeFire(): void {
    if (this.#state !== 'armed' || this.#outstanding > 0) return;
    this.#state = 'firing';
    // Before-fire callbacks may begin writes; hold one pseudo-write so they cannot fire us early.
    this.#outstanding += 1;
    this.#runBeforeFire();
  }

  #runBeforeFire(): void {
    while (this.#beforeFire.length > 0) {
      const pending = this.#invoke(this.#beforeFire.shift() as FenceCallback);
      if (pending !== undefined) {
        void pending.then(() => this.#runBeforeFire());
        return;
      }
    }
    this.#outstanding -= 1;
    if (this.#outstanding > 0) {
      // Writes begun by before-fire callbacks: their committed() re-enters #maybeFire.
      this.#state = 'armed';
      return;
    }
    this.#state = 'fired';
    const completion = this.#completion;
    this.#completion = [];
    this.#runCompletion(completion, 0);
  }

  #runCompletion(callbacks: readonly FenceCallback[], from: number): void {
    for (let i = from; i < callbacks.length; i++) {
      const pending = this.#invoke(callbacks[i] as FenceCallback);
      if (pending !== undefined) {
        void pending.then(() => this.#runCompletion(callbacks, i + 1));
        return;
      }
    }
    const waiters = this.#firedWaiters;
    this.#firedWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
