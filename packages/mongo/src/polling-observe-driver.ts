import type { Crossbar, Stoppable } from './crossbar';
import type { CursorDescription } from './cursor-description';
import { diffOrdered, diffUnordered } from './diff-sequence';
import { idKey, type MongoDocument } from './document-id';
import type { ObserveDriver, ObserveMultiplexer } from './observe-multiplexer';
import { compileProjection, type ProjectFn } from './projection';
import type { QueryRunner } from './query-runner';
import type { Timers } from '@perseid/ddp-common';

export const DEFAULT_POLLING_INTERVAL_MS = 10_000;
export const DEFAULT_POLLING_THROTTLE_MS = 50;

export type PollingDriverState = 'starting' | 'idle' | 'waiting' | 'polling' | 'stopped';

/**
 * Re-runs the query and diffs the results (Meteor's PollingObserveDriver): after every write
 * made through this process to the collection (via the crossbar), at most once per throttle
 * period, and every interval otherwise to catch writes made elsewhere.
 *
 * Invariant: a crossbar notification resolves only after a poll that *started after* it has
 * finished and its callbacks were delivered, so a write fence waiting on it sees the write.
 */
export class PollingObserveDriver implements ObserveDriver {
  readonly name = 'polling' as const;
  readonly #description: CursorDescription;
  readonly #multiplexer: ObserveMultiplexer;
  readonly #runQuery: QueryRunner;
  readonly #crossbar: Crossbar;
  readonly #timers: Timers;
  readonly #intervalMs: number;
  readonly #throttleMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #project: ProjectFn;
  #state: PollingDriverState = 'starting';
  #listener: Stoppable | null = null;
  #published: MongoDocument[] = [];
  #waiters: Array<() => void> = [];
  #pollAgain = false;
  #throttleTimer: unknown = null;
  #intervalTimer: unknown = null;
  #lastPollStart = Number.NEGATIVE_INFINITY;
  #pollCount = 0;

  constructor(options: {
    description: CursorDescription;
    multiplexer: ObserveMultiplexer;
    runQuery: QueryRunner;
    crossbar: Crossbar;
    timers: Timers;
    onError: (error: unknown) => void;
    intervalMs?: number;
    throttleMs?: number;
  }) {
    this.#description = options.description;
    this.#multiplexer = options.multiplexer;
    this.#runQuery = options.runQuery;
    this.#crossbar = options.crossbar;
    this.#timers = options.timers;
    this.#onError = options.onError;
    this.#intervalMs = options.description.options.pollingIntervalMs ?? options.intervalMs ?? DEFAULT_POLLING_INTERVAL_MS;
    this.#throttleMs = options.description.options.pollingThrottleMs ?? options.throttleMs ?? DEFAULT_POLLING_THROTTLE_MS;
    this.#project = compileProjection(options.description.options.projection);
  }

  #isStopped(): boolean {
    return this.#state === 'stopped';
  }

  get polls(): number {
    return this.#pollCount;
  }

  get currentState(): PollingDriverState {
    return this.#state;
  }

  async start(): Promise<void> {
    this.#listener = this.#crossbar.listen(this.#description.collectionName, () => this.requestPoll());
    this.#state = 'polling';
    this.#lastPollStart = this.#timers.now();
    await this.#pollOnce();
    if (this.#isStopped()) return;
    this.#state = 'idle';
    this.#multiplexer.ready();
    this.#armInterval();
    if (this.#pollAgain) this.#schedule();
  }

  stop(): void {
    if (this.#isStopped()) return;
    this.#state = 'stopped';
    this.#listener?.stop();
    if (this.#throttleTimer !== null) this.#timers.clearTimeout(this.#throttleTimer);
    if (this.#intervalTimer !== null) this.#timers.clearTimeout(this.#intervalTimer);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves after a poll that starts after this call has completed. */
  requestPoll(): Promise<void> {
    if (this.#state === 'stopped') return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#waiters.push(resolve);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#isStopped()) return;
    if (this.#state === 'polling' || this.#state === 'starting') {
      this.#pollAgain = true;
      return;
    }
    if (this.#throttleTimer !== null) return;
    const delay = Math.max(0, this.#lastPollStart + this.#throttleMs - this.#timers.now());
    this.#state = 'waiting';
    this.#throttleTimer = this.#timers.setTimeout(() => {
      this.#throttleTimer = null;
      void this.#runPoll();
    }, delay);
  }

  #armInterval(): void {
    if (this.#intervalTimer !== null) this.#timers.clearTimeout(this.#intervalTimer);
    this.#intervalTimer = this.#timers.setTimeout(() => {
      this.#intervalTimer = null;
      this.#schedule();
    }, this.#intervalMs);
  }

  async #runPoll(): Promise<void> {
    if (this.#isStopped()) return;
    this.#state = 'polling';
    this.#pollAgain = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#lastPollStart = this.#timers.now();
    try {
      await this.#pollOnce();
    } catch (error) {
      this.#onError(error);
    } finally {
      for (const resolve of waiters) resolve();
    }
    if (this.#isStopped()) return;
    this.#state = 'idle';
    this.#armInterval();
    if (this.#pollAgain || this.#waiters.length > 0) this.#schedule();
  }

  async #pollOnce(): Promise<void> {
    const { docs } = await this.#runQuery(this.#description);
    if (this.#isStopped()) return;
    this.#pollCount++;
    const next = docs.map(this.#project);
    if (this.#multiplexer.ordered) {
      diffOrdered(this.#published, next, this.#multiplexer);
    } else {
      diffUnordered(new Map(this.#published.map((d) => [idKey(d._id), d])), new Map(next.map((d) => [idKey(d._id), d])), this.#multiplexer);
    }
    this.#published = next;
    await this.#multiplexer.flushed();
  }
}
