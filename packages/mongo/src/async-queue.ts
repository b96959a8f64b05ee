/**
 * Runs tasks one at a time in the order they were pushed. A failing task is reported to
 * `onError` and never stops the tasks behind it: one broken observer callback must not
 * freeze every other observer sharing the queue.
 *
 * A task pushed while the queue is idle runs at once, inside `push`; only a task that returns a
 * promise (or one pushed while another is still running) makes the queue asynchronous. Most
 * observer work is synchronous (match, update the window, call the callbacks), so a change
 * costs no promise allocations and no microtask hops on its way to the sessions.
 *
 * Invariant: a task pushed while another one runs, synchronously from inside it or while it
 * awaits, starts only after that one has finished.
 */
const settled: Promise<void> = Promise.resolve();

export class AsyncQueue {
  /** Settles after the last task started or chained so far; meaningful only while `active > 0`. */
  #tail: Promise<void> = settled;
  /** Tasks running inline or waiting in the promise chain. */
  #active = 0;
  /** True while a task runs synchronously inside `push`. */
  #inline = false;
  /** Tasks pushed from inside an inline task, first in first out, started once it is done. */
  readonly #deferred: Array<{ task: () => unknown; resolve: () => void }> = [];
  /** Created only if someone drains while an inline task runs. */
  #inlineDone: { promise: Promise<void>; resolve: () => void } | null = null;
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  push(task: () => unknown): Promise<void> {
    if (this.#inline) return new Promise<void>((resolve) => this.#deferred.push({ task, resolve }));
    if (this.#active > 0) return this.#chain(task);
    this.#active = 1;
    this.#inline = true;
    let result: unknown;
    try {
      result = task();
    } catch (error) {
      this.#onError(error);
    }
    this.#inline = false;
    if (isPromiseLike(result)) {
      const run = Promise.resolve(result).then(
        () => void this.#active--,
        (error: unknown) => {
          this.#onError(error);
          this.#active--;
        },
      );
      this.#tail = run;
    } else {
      this.#active = 0;
    }
    this.#startDeferred();
    this.#releaseInlineWaiters();
    return this.#active === 0 ? settled : this.#tail;
  }

  /** Resolves once every task pushed before this call has finished. */
  drain(): Promise<void> {
    if (this.#inline) {
      if (this.#inlineDone === null) {
        let resolve: () => void = () => {};
        const promise = new Promise<void>((r) => (resolve = r));
        this.#inlineDone = { promise, resolve };
      }
      return this.#inlineDone.promise;
    }
    // Tasks run one after another and never reject, so the newest one settling means all have.
    return this.#active === 0 ? settled : this.#tail;
  }

  /** Tasks pushed and not yet finished. */
  get size(): number {
    return this.#active + this.#deferred.length;
  }

  #chain(task: () => unknown): Promise<void> {
    this.#active++;
    const run = this.#tail.then(async () => {
      try {
        await task();
      } catch (error) {
        this.#onError(error);
      } finally {
        this.#active--;
      }
    });
    this.#tail = run;
    return run;
  }

  /** Starts what an inline task pushed: inline again while everything stays synchronous. */
  #startDeferred(): void {
    while (this.#deferred.length > 0) {
      const { task, resolve } = this.#deferred.shift() as { task: () => unknown; resolve: () => void };
      void (this.#active > 0 ? this.#chain(task) : this.push(task)).then(resolve);
    }
  }

  #releaseInlineWaiters(): void {
    const waiters = this.#inlineDone;
    if (waiters === null) return;
    this.#inlineDone = null;
    void this.drain().then(waiters.resolve);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
