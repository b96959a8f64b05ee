/**
 * Time and timers, passed in so tests can drive heartbeats, back-off, grace periods, polling and
 * fence timeouts without waiting on real time. One type for client and server DDP and the
 * Mongo driver.
 */
export interface Timers {
  now(): number;
  /** Returns an opaque handle that only this Timers' clearTimeout understands. */
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type Handle = Parameters<typeof globalThis.clearTimeout>[0];

/** The platform clock; a pending timer keeps a Node process alive (a client waiting to reconnect). */
export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Handle),
};

/**
 * The platform clock for work that serves something else (a server's heartbeats, an observer's
 * polling): its timers are unref'd, so they never keep a finished Node process alive.
 */
export const backgroundTimers: Timers = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle: unknown = globalThis.setTimeout(callback, ms);
    // Browsers return a number, which has no unref.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Handle),
};
