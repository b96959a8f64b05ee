import { Timestamp } from 'bson';

/**
 * The one cluster clock: every write and every change event is stamped by `tick()`, and every
 * reply carries `current()`. Values are (seconds << 32 | counter), strictly increasing even if
 * the wall clock steps back, which is what makes resume tokens orderable.
 */
export class LogicalClock {
  #seconds = 0;
  #counter = 0;
  readonly #nowMs: () => number;

  constructor(nowMs: () => number = Date.now) {
    this.#nowMs = nowMs;
  }

  /** Advance to a fresh time and return it (as an unsigned 64-bit bigint). */
  tick(): bigint {
    const wall = Math.floor(this.#nowMs() / 1000);
    if (wall > this.#seconds) {
      this.#seconds = wall;
      this.#counter = 1;
    } else {
      this.#counter += 1;
      if (this.#counter > 0xffffffff) {
        this.#seconds += 1;
        this.#counter = 1;
      }
    }
    return this.current();
  }

  current(): bigint {
    return (BigInt(this.#seconds) << 32n) | BigInt(this.#counter);
  }

  /** Never go back below a time seen before (recovered from disk). */
  advanceTo(time: bigint): void {
    if (time > this.current()) {
      this.#seconds = Number(time >> 32n);
      this.#counter = Number(time & 0xffffffffn);
    }
  }
}

export function toTimestamp(time: bigint): Timestamp {
  return new Timestamp({ t: Number(time >> 32n), i: Number(time & 0xffffffffn) });
}

export function fromTimestamp(ts: Timestamp): bigint {
  return (BigInt(ts.high >>> 0) << 32n) | BigInt(ts.low >>> 0);
}
