import type { ChunkSource } from './file-store';

export interface IdleTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: IdleTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The rejection of a source from `withIdleTimeout` when no chunk arrived in time. */
export class BodyIdle extends Error {
  constructor(readonly idleMs: number) {
    super(`No chunk arrived for ${idleMs} ms`);
  }
}

/**
 * `source`, whose `next()` rejects with `BodyIdle` when the sender is silent for `idleMs`. The
 * clock runs only while a chunk is awaited, so time the reader spends storing one does not count.
 * The read a timeout leaves behind settles when the connection closes; it is never awaited.
 */
export function withIdleTimeout(source: ChunkSource, idleMs: number, timers: IdleTimers = systemTimers): ChunkSource {
  return {
    next() {
      const pending = source.next();
      pending.catch(() => undefined);
      let handle: unknown;
      const idle = new Promise<never>((_resolve, reject) => {
        handle = timers.setTimeout(() => reject(new BodyIdle(idleMs)), idleMs);
      });
      return Promise.race([pending, idle]).finally(() => timers.clearTimeout(handle));
    },
  };
}
