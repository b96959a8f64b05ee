import type { LogicalClock } from './logical-clock';
import type { OplogEntry } from './oplog-entry';

/** Where committed entries go to become durable (the journal); absent = in memory. */
export interface DurableSink {
  append(entry: OplogEntry): void;
  /** Resolves once everything appended before the call is on disk. */
  sync(): Promise<void>;
}

export const DEFAULT_HISTORY_LIMIT = 100_000;

/** What a publish listener did: released a parked reader, or is still waiting for its scope. */
export type ListenerOutcome = 'released' | 'waiting';

/**
 * The ordered record of committed changes. Entries are published to change streams only once
 * durable, in commit order; `highWater()` is the time up to which a reader has seen everything.
 * History is bounded: `floor` is the newest time whose events may have been forgotten.
 */
export class Oplog {
  readonly #history: OplogEntry[] = [];
  #historyStart = 0;
  readonly #pending: OplogEntry[] = [];
  readonly #listeners = new Set<() => ListenerOutcome>();
  #releases = 0;
  #floorTs = 0n;
  #commits = 0;
  readonly #clock: LogicalClock;
  readonly #sink: DurableSink | null;
  readonly #limit: number;

  constructor(options: { clock: LogicalClock; sink?: DurableSink | null; historyLimit?: number }) {
    this.#clock = options.clock;
    this.#sink = options.sink ?? null;
    this.#limit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  }

  get floor(): bigint {
    return this.#floorTs;
  }

  /** Forget events up to `ts` (e.g. compacted into a snapshot before a restart). */
  raiseFloor(ts: bigint): void {
    if (ts > this.#floorTs) this.#floorTs = ts;
  }

  /** Entries committed so far; lets a caller tell whether a command wrote anything. */
  get commitCount(): number {
    return this.#commits;
  }

  commit(entry: OplogEntry): void {
    this.#commits += 1;
    if (this.#sink === null) {
      this.#publish([entry]);
      return;
    }
    this.#sink.append(entry);
    this.#pending.push(entry);
  }

  /** Recovery: entries already on disk go straight to history, without journaling or waking anyone. */
  restore(entry: OplogEntry): void {
    this.#pushHistory(entry);
  }

  /** Wait until every entry committed so far is durable and published. */
  async durable(): Promise<void> {
    if (this.#sink === null || this.#pending.length === 0) return;
    const last = this.#pending[this.#pending.length - 1] as OplogEntry;
    await this.#sink.sync();
    let n = 0;
    while (n < this.#pending.length && (this.#pending[n] as OplogEntry).ts <= last.ts) n += 1;
    if (n > 0) this.#publish(this.#pending.splice(0, n));
  }

  highWater(): bigint {
    const first = this.#pending[0];
    return first === undefined ? this.#clock.current() : first.ts - 1n;
  }

  /** Entries with ts > `after`, oldest first. */
  since(after: bigint): OplogEntry[] {
    let lo = this.#historyStart;
    let hi = this.#history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#history[mid] as OplogEntry).ts <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.#history.slice(lo);
  }

  /**
   * Parked readers released by publishes so far; a command that changed it has woken a
   * change-stream getMore whose reply should go out before the command's own.
   */
  get releaseCount(): number {
    return this.#releases;
  }

  /** Subscribe to "something was published"; returns stop(), safe to call twice. */
  listen(listener: () => ListenerOutcome): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #publish(entries: OplogEntry[]): void {
    for (const entry of entries) this.#pushHistory(entry);
    for (const listener of [...this.#listeners]) if (listener() === 'released') this.#releases += 1;
  }

  #pushHistory(entry: OplogEntry): void {
    this.#history.push(entry);
    const live = this.#history.length - this.#historyStart;
    if (live > this.#limit) {
      const dropped = this.#history[this.#historyStart] as OplogEntry;
      this.#floorTs = dropped.ts;
      this.#historyStart += 1;
      // Compact the backing array occasionally instead of shifting on every push.
      if (this.#historyStart > this.#limit) {
        this.#history.splice(0, this.#historyStart);
        this.#historyStart = 0;
      }
    }
  }
}
