import type { Clock } from './use-clock';

/** A clock a Chromium test moves by hand: nothing scheduled runs until `advance` passes its time. */
export class ManualClock implements Clock {
  #now = Date.UTC(2026, 0, 5, 9);
  #pending: Array<{ at: number; run: () => void }> = [];
  now(): number {
    return this.#now;
  }
  after(ms: number, run: () => void): () => void {
    const entry = { at: this.#now + ms, run };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((item) => item !== entry);
    };
  }
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#pending.filter((item) => item.at <= this.#now);
    this.#pending = this.#pending.filter((item) => item.at > this.#now);
    for (const item of due) item.run();
  }
}
