/**
 * Runs tasks one at a time in the order they were pushed. A failing task is reported to
 * `onError` and never stops the tasks behind it: one broken observer callback must not
 * freeze every other observer sharing the queue.
 */
export class AsyncQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.onError = onError;
  }

  push(task: () => unknown): Promise<void> {
    this.pending++;
    const run = this.tail.then(async () => {
      try {
        await task();
      } catch (error) {
        this.onError(error);
      } finally {
        this.pending--;
      }
    });
    this.tail = run;
    return run;
  }

  /** Resolves once every task pushed before this call has finished. */
  drain(): Promise<void> {
    // Tasks run one after another and never reject, so the newest one settling means all have.
    return this.tail;
  }

  get size(): number {
    return this.pending;
  }
}
