/**
 * Runs observer callbacks in the order their changes happened, after the write that caused
 * them has been applied everywhere (so a callback that reads the collection sees a consistent
 * state). A callback that writes to the collection enqueues more work; the outer drain runs it.
 * One failing callback does not stop the others; the first error is rethrown at the end.
 */
export class CallbackQueue {
  #tasks: Array<() => void> = [];
  #draining = false;

  push(task: () => void): void {
    this.#tasks.push(task);
  }

  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    let firstError: { error: unknown } | undefined;
    try {
      for (let i = 0; i < this.#tasks.length; i++) {
        try {
          (this.#tasks[i] as () => void)();
        } catch (error) {
          firstError ??= { error };
        }
      }
    } finally {
      this.#tasks = [];
      this.#draining = false;
    }
    if (firstError !== undefined) throw firstError.error;
  }
}
