/** A list of callbacks with registration handles, as Meteor's callback-hook. */
export interface HookHandle {
  /** Unregisters the callback; safe to call more than once. */
  stop(): void;
}

export class Hook<F extends (...args: never[]) => unknown> {
  readonly #callbacks = new Map<number, F>();
  #nextId = 0;
  readonly #label: string;

  constructor(label: string) {
    this.#label = label;
  }

  register(callback: F): HookHandle {
    if (typeof callback !== 'function') throw new TypeError(`${this.#label}: callback must be a function`);
    const id = this.#nextId++;
    this.#callbacks.set(id, callback);
    return { stop: () => void this.#callbacks.delete(id) };
  }

  get size(): number {
    return this.#callbacks.size;
  }

  /** Snapshot, so a callback that unregisters itself does not disturb the iteration. */
  list(): F[] {
    return [...this.#callbacks.values()];
  }
}
