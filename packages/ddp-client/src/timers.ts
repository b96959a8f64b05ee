/**
 * The clock and timer functions the DDP client uses. Injected so tests can drive
 * back-off, heartbeats and write batching without waiting on real time.
 */
export interface Timers {
  now(): number;
  /** Returns an opaque handle that only this Timers' clearTimeout understands. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};
