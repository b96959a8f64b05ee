/**
 * Runs observer callbacks in the order their changes happened, after the write that caused
 * them has been applied everywhere (so a callback that reads the collection sees a consistent
 * state). A callback that writes to the collection enqueues more work; the outer drain runs it.
 * A failing callback is reported and the rest still run: as in Meteor, an observer's bug must
 * not make the write (or a DDP data message being applied) look failed.
 */
export class CallbackQueue {
  #tasks: Array<() => void> = [];
  #state: 'idle' | 'draining' = 'idle';
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  push(task: () => void): void {
    this.#tasks.push(task);
  }

  drain(): void {
    if (this.#state === 'draining') return;
    this.#state = 'draining';
    try {
      for (let i = 0; i < this.#tasks.length; i++) {
        try {
          (this.#tasks[i] as () => void)();
        } catch (error) {
          this.#onError(error);
        }
      }
    } finally {
      this.#tasks = [];
      this.#state = 'idle';
    }
  }
}
