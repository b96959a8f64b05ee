import type { Timers } from '../src/timers';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A manual clock: nothing fires until the test advances time. */
export class ManualTimers implements Timers {
  #now = 0;
  #nextId = 1;
  #pending: Pending[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#pending.push({ id, at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending = this.#pending.filter((p) => p.id !== handle);
  }

  /** Number of timers waiting to fire. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Delay until the next timer fires, or undefined if none is pending. */
  nextDelay(): number | undefined {
    const next = this.#earliest();
    return next === undefined ? undefined : next.at - this.#now;
  }

  /** Moves the clock forward, firing due timers in time order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.at > target) break;
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#now = next.at;
      next.fn();
    }
    this.#now = target;
  }

  #earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.#pending) if (best === undefined || p.at < best.at || (p.at === best.at && p.id < best.id)) best = p;
    return best;
  }
}
