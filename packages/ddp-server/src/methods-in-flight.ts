/**
 * Method calls a server has started and not finished (`result` and `updated` both sent), so a
 * draining server can let them complete before it closes their sockets.
 *
 * Invariant: every `begin()` is matched by exactly one call of the function it returns.
 */
export class MethodsInFlight {
  #count = 0;
  #idleWaiters: (() => void)[] = [];

  get count(): number {
    return this.#count;
  }

  begin(): () => void {
    this.#count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#count--;
      if (this.#count > 0) return;
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    };
  }

  /** Resolves once no call is in flight (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
