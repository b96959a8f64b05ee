import { Files } from '../collection';
import { deleteBytes } from './file-store';

export interface SweepTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface OrphanSweepOptions {
  /** How long an upload may stay pending (taken by no message and no profile). */
  orphanAfterMs: number;
  everyMs: number;
  now?: () => number;
  timers?: SweepTimers;
  /** Files removed per run at most, so one run stays short; the next run takes the rest. */
  batch?: number;
  log?: (message: string, error: unknown) => void;
}

const realTimers: SweepTimers = {
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

type SweepState = { kind: 'stopped' } | { kind: 'running'; handle: unknown };

/**
 * Deletes uploads still pending after the orphan window (uploaded, then never sent in a
 * message nor used as an avatar). A file is removed only by a delete that still finds it
 * pending and old, so a message taking it at the same moment either wins or gets "not found".
 */
export class OrphanSweep {
  readonly #now: () => number;
  readonly #timers: SweepTimers;
  readonly #batch: number;
  readonly #log: (message: string, error: unknown) => void;
  #state: SweepState = { kind: 'stopped' };
  #inProgress: Promise<number> | null = null;

  readonly #options: OrphanSweepOptions;

  constructor(options: OrphanSweepOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? realTimers;
    this.#batch = options.batch ?? 500;
    this.#log = options.log ?? ((message, error) => console.error(message, error));
  }

  start(): void {
    if (this.#state.kind === 'running') return;
    const handle = this.#timers.setInterval(() => {
      this.sweepOnce().catch((error: unknown) => this.#log('orphan file sweep failed', error));
    }, this.#options.everyMs);
    this.#state = { kind: 'running', handle };
  }

  stop(): void {
    if (this.#state.kind === 'running') this.#timers.clearInterval(this.#state.handle);
    this.#state = { kind: 'stopped' };
  }

  /** One run (runs never overlap: a tick during a run joins it). Resolves to the files removed. */
  sweepOnce(): Promise<number> {
    this.#inProgress ??= this.#run().finally(() => {
      this.#inProgress = null;
    });
    return this.#inProgress;
  }

  async #run(): Promise<number> {
    const cutoff = new Date(this.#now() - this.#options.orphanAfterMs);
    const stale = { state: 'pending' as const, createdAt: { $lt: cutoff } };
    const candidates = await Files.find(stale, { fields: { _id: 1 }, limit: this.#batch }).fetchAsync();
    let removed = 0;
    for (const { _id } of candidates) {
      if ((await Files.removeAsync({ _id, ...stale })) === 0) continue;
      await deleteBytes(_id);
      removed += 1;
    }
    return removed;
  }
}
