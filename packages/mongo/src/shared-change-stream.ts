import type { ChangeStream, Document } from 'mongodb';
import { clusterTimeFromResumeToken, type ClusterTime } from './cluster-time';
import { parseChangeEvent, type DocumentChange, type StreamReset } from './change-event';
import { ListenerRouting, type RoutedListener } from './listener-routing';
import { benchStagesOn, stampBenchStage, type Timers } from '@perseid/ddp-common';
import { afterNextPoll, type DeferRead } from './read-scheduling-policy';

/**
 * What an observe driver gives the shared stream so events can be routed to it without testing
 * every driver against every event (CPU per write stays flat as unrelated observers grow).
 */
export interface ChangeStreamListener extends RoutedListener {
  /**
   * Events (in stream order) that may concern this listener. Returns undefined when they were
   * delivered within the call (the usual case), else a promise that resolves once they are.
   */
  handleChanges(changes: readonly DocumentChange[]): Promise<void> | undefined;
  /**
   * A cheap synchronous pre-check run at dispatch: false means the change certainly does not
   * concern this listener, so no asynchronous work is queued for it.
   */
  isInterested(change: DocumentChange): boolean;
  /** The stream lost events (history gone, collection dropped): re-query and diff. */
  handleReset(): Promise<void>;
}

export type OpenChangeStream = (resumeAfter: Document | undefined) => ChangeStream;

export type SharedChangeStreamState = 'idle' | 'starting' | 'streaming' | 'recovering' | 'unavailable' | 'stopped';

export interface SharedChangeStreamStats {
  readonly collection: string;
  readonly state: SharedChangeStreamState;
  readonly listeners: number;
  readonly opens: number;
  readonly resumes: number;
  readonly resets: number;
  readonly events: number;
  /** The newest clusterTime every listener has processed, as (t << 32 | i). */
  readonly processedTime: string | null;
  /** Seconds between the server time last processed and this process's clock (coarse: the token's seconds). */
  readonly lagSeconds: number | null;
  /** Milliseconds since a read (getMore) last answered, events or not; null before the first. */
  readonly lastReadAgeMs: number | null;
  /** Milliseconds since the last batch carrying events; null before the first. */
  readonly lastEventAgeMs: number | null;
  /** Failed reads since the last successful one (0 while streaming). */
  readonly resumeAttempts: number;
}

export { routingKey } from './listener-routing';

const HISTORY_LOST = new Set([286, 260, 280]);

/** Change events read by every stream this process ever opened (a stopped stream's stay counted). */
let changeEventsReadInProcess = 0;

export function changeEventsRead(): number {
  return changeEventsReadInProcess;
}

function errorCode(error: unknown): number | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : null;
}

/**
 * ONE change stream per collection per process, shared by every observe driver of that
 * collection (one stream per observer is what made Meteor fall off a cliff at ~200 subs).
 *
 * Invariants:
 * - `processedTime` only advances after every listener concerned by the events up to it has
 *   finished handling them, so a write fence waiting for time T commits only once every
 *   observer has seen the write.
 * - After an error the stream resumes from its last token; if the server no longer has that
 *   history, every listener re-queries (handleReset) so no change is lost.
 */
export class SharedChangeStream {
  readonly collection: string;
  readonly #open: OpenChangeStream;
  readonly #timers: Timers;
  readonly #log: (message: string, error?: unknown) => void;
  readonly #routing = new ListenerRouting<ChangeStreamListener>();
  #state: SharedChangeStreamState = 'idle';
  #current: ChangeStream | null = null;
  #startedPromise: Promise<void> | null = null;
  #processedTime: ClusterTime | null = null;
  #waiters: Array<{ time: ClusterTime; resolve: () => void }> = [];
  #retryHandle: unknown = null;
  #counters = { opens: 0, resumes: 0, resets: 0, events: 0 };
  /** Liveness, in `timers.now()` time: a healthy stream answers a read at least every maxAwaitTimeMS. */
  #lastReadAt: number | null = null;
  #lastEventAt: number | null = null;
  #resumeAttempts = 0;
  #reopenFresh = false;
  readonly #retryDelayMs: number;
  readonly #deferRead: DeferRead;
  readonly #localWritesPending: () => boolean;

  constructor(options: {
    collection: string;
    open: OpenChangeStream;
    timers: Timers;
    log: (message: string, error?: unknown) => void;
    retryDelayMs?: number;
    /** When the read after a batch is started (tests drive it). */
    deferRead?: DeferRead;
    /**
     * Whether this process has writes to the collection awaiting their acknowledgement; only
     * then is the read after a batch deferred (read-scheduling-policy.ts). Default: always.
     */
    localWritesPending?: () => boolean;
  }) {
    this.#retryDelayMs = options.retryDelayMs ?? 100;
    this.#deferRead = options.deferRead ?? afterNextPoll;
    this.#localWritesPending = options.localWritesPending ?? (() => true);
    this.collection = options.collection;
    this.#open = options.open;
    this.#timers = options.timers;
    this.#log = options.log;
  }

  get currentState(): SharedChangeStreamState {
    return this.#state;
  }

  #isStopped(): boolean {
    return this.#state === 'stopped';
  }

  get listenerCount(): number {
    return this.#routing.size;
  }

  stats(): SharedChangeStreamStats {
    return {
      collection: this.collection,
      state: this.#state,
      listeners: this.#routing.size,
      ...this.#counters,
      processedTime: this.#processedTime === null ? null : this.#processedTime.toString(),
      lagSeconds: this.#processedTime === null ? null : Math.max(0, Math.floor(this.#timers.now() / 1000) - Number(this.#processedTime >> 32n)),
      lastReadAgeMs: this.#lastReadAt === null ? null : this.#timers.now() - this.#lastReadAt,
      lastEventAgeMs: this.#lastEventAt === null ? null : this.#timers.now() - this.#lastEventAt,
      resumeAttempts: this.#resumeAttempts,
    };
  }

  /** Opens the stream if needed; resolves once the server accepted it (rejects if it cannot). */
  ensureStarted(): Promise<void> {
    if (this.#startedPromise !== null) return this.#startedPromise;
    this.#state = 'starting';
    this.#startedPromise = new Promise<void>((resolve, reject) => {
      void this.#run(undefined, true, resolve, reject);
    });
    return this.#startedPromise;
  }

  addListener(listener: ChangeStreamListener): void {
    this.#routing.add(listener);
  }

  removeListener(listener: ChangeStreamListener): void {
    this.#routing.remove(listener);
  }

  /** Drivers report which documents they currently hold, so updates and deletes reach them. */
  trackDocument(listener: ChangeStreamListener, key: string): void {
    this.#routing.track(listener, key);
  }

  untrackDocument(listener: ChangeStreamListener, key: string): void {
    this.#routing.untrack(listener, key);
  }

  /** Whether every listener has already processed the events up to `time`. */
  hasProcessed(time: ClusterTime): boolean {
    return this.#processedTime !== null && this.#processedTime >= time;
  }

  /** Resolves once every listener has processed the events up to `time`. */
  waitUntilProcessed(time: ClusterTime): Promise<void> {
    if (this.#processedTime !== null && this.#processedTime >= time) return Promise.resolve();
    if (this.#state === 'stopped' || this.#state === 'unavailable') return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ time, resolve }));
  }

  /**
   * For writes whose reply carried no operationTime: resolves once the stream has processed
   * anything newer than what it had processed when called (an event or a later resume token).
   * Slower (up to one await period) but never early for a write that has already returned.
   */
  waitUntilProcessedBeyondNow(): Promise<void> {
    return this.waitUntilProcessed((this.#processedTime ?? 0n) + 1n);
  }

  stop(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    if (this.#retryHandle !== null) this.#timers.clearTimeout(this.#retryHandle);
    const stream = this.#current;
    this.#current = null;
    if (stream) void stream.close().catch(() => undefined);
    this.#releaseWaiters(null);
  }

  #releaseWaiters(upTo: ClusterTime | null): void {
    if (this.#waiters.length === 0) return;
    const keep: Array<{ time: ClusterTime; resolve: () => void }> = [];
    for (const waiter of this.#waiters) {
      if (upTo === null || waiter.time <= upTo) waiter.resolve();
      else keep.push(waiter);
    }
    this.#waiters = keep;
  }

  #advance(time: ClusterTime | null): void {
    if (time === null) return;
    if (this.#processedTime === null || time > this.#processedTime) this.#processedTime = time;
    this.#releaseWaiters(this.#processedTime);
  }

  /** Undefined when every listener handled its changes synchronously: no promise, no microtask hop. */
  #dispatch(changes: DocumentChange[]): Promise<void> | undefined {
    const perListener = new Map<ChangeStreamListener, DocumentChange[]>();
    // Ownership is only updated when a listener applies a change, after this loop: a listener
    // that takes an earlier change of a document in this batch must get its later ones too
    // (insert, then an update moving it away from the routed value).
    const takenInBatch = new Map<string, Set<ChangeStreamListener>>();
    for (const change of changes) {
      const earlier = takenInBatch.get(change.key);
      for (const listener of this.#routing.targets(change)) {
        if (!earlier?.has(listener) && !listener.isInterested(change)) continue;
        let list = perListener.get(listener);
        if (!list) perListener.set(listener, (list = []));
        list.push(change);
        let takers = takenInBatch.get(change.key);
        if (!takers) takenInBatch.set(change.key, (takers = new Set()));
        takers.add(listener);
      }
      if (earlier) {
        for (const listener of earlier) {
          const list = perListener.get(listener) as DocumentChange[];
          if (list[list.length - 1] !== change) list.push(change);
        }
      }
    }
    let pending: Array<Promise<void>> | null = null;
    for (const [listener, list] of perListener) {
      const delivering = this.#deliverTo(listener, list);
      if (delivering !== undefined) (pending ??= []).push(delivering);
    }
    return pending === null ? undefined : Promise.all(pending).then(() => undefined);
  }

  /** One listener failing never keeps the changes from the others, nor stops the stream. */
  #deliverTo(listener: ChangeStreamListener, changes: readonly DocumentChange[]): Promise<void> | undefined {
    const report = (error: unknown): void => this.#log(`observer failed on ${this.collection} changes`, error);
    try {
      return listener.handleChanges(changes)?.catch(report);
    } catch (error) {
      report(error);
      return undefined;
    }
  }

  async #resetAll(): Promise<void> {
    this.#counters.resets++;
    await Promise.all(
      this.#routing.all().map((l) => l.handleReset().catch((error: unknown) => this.#log(`observer failed to re-query ${this.collection}`, error))),
    );
  }

  /** One stream's life: open, read batches, dispatch; on failure schedule a resume. */
  async #run(resumeAfter: Document | undefined, initial: boolean, onStarted: () => void, onFailedStart: (e: unknown) => void): Promise<void> {
    if (this.#state === 'stopped') return;
    let stream: ChangeStream;
    let token: Document | undefined = resumeAfter;
    let started = false;
    let resetting: Promise<void> | null = null;
    // A stream reopened without a token has a gap behind it: re-query once it is open.
    const needsReset = !initial && resumeAfter === undefined;
    this.#reopenFresh = false;
    try {
      stream = this.#open(resumeAfter);
    } catch (error) {
      this.#state = 'unavailable';
      this.#startedPromise = null;
      onFailedStart(error);
      return;
    }
    this.#current = stream;
    this.#counters.opens++;
    stream.on('resumeTokenChanged', () => {
      if (started) return;
      started = true;
      this.#state = 'streaming';
      // Accepted by the server: counts as an answered read for liveness.
      this.#lastReadAt = this.#timers.now();
      this.#resumeAttempts = 0;
      if (needsReset) resetting = this.#resetAll();
      onStarted();
    });
    // The read in flight: started before a batch is dispatched, or deferred while this process
    // has writes to the collection awaiting their reply (read-scheduling-policy.ts says why).
    let reading: Promise<Document | null> | null = null;
    const read = (): Promise<Document | null> => {
      const pending = stream.tryNext();
      // Handled here too, so a read left behind when the loop ends is never unhandled.
      pending.catch(() => undefined);
      return pending;
    };
    const deferredRead = (): Promise<Document | null> => {
      const pending = new Promise<Document | null>((resolve, reject) => {
        this.#deferRead(() => {
          // Stopped or replaced meanwhile: the loop has ended, nobody awaits this read.
          if (this.#isStopped() || this.#current !== stream || stream.closed) resolve(null);
          else read().then(resolve, reject);
        });
      });
      pending.catch(() => undefined);
      return pending;
    };
    try {
      while (!this.#isStopped() && this.#current === stream) {
        const first = await (reading ?? read());
        reading = null;
        this.#lastReadAt = this.#timers.now();
        this.#resumeAttempts = 0;
        if (first !== null) this.#lastEventAt = this.#lastReadAt;
        if (resetting !== null) {
          await resetting;
          resetting = null;
        }
        if (first === null) {
          token = stream.resumeToken ?? token;
          this.#advance(clusterTimeFromResumeToken(token));
          continue;
        }
        const raw: unknown[] = [first];
        while (stream.bufferedCount() > 0) {
          const next = await stream.tryNext();
          if (next === null) break;
          raw.push(next);
        }
        token = stream.resumeToken ?? token;
        if (benchStagesOn) stampBenchStage(`event-read-${this.collection}`, JSON.stringify(raw));
        const defer = this.#localWritesPending();
        if (!stream.closed && !defer) reading = read();
        const processing = this.#processBatch(raw);
        if (!stream.closed && defer) reading = deferredRead();
        if (benchStagesOn) stampBenchStage(`event-dispatched-${this.collection}`, JSON.stringify(raw));
        if (processing !== undefined) await processing;
        this.#advance(clusterTimeFromResumeToken(token));
        // invalidate closes the server cursor; reading on would spin on a dead stream.
        if (stream.closed) throw new Error(`change stream on ${this.collection} was closed by the server`);
      }
    } catch (error) {
      if (this.#isStopped() || this.#current !== stream) return;
      void stream.close().catch(() => undefined);
      this.#current = null;
      if (!started && initial) {
        // The server never accepted the stream: no change streams here (standalone, old server…).
        this.#state = 'unavailable';
        this.#startedPromise = null;
        this.#releaseWaiters(null);
        onFailedStart(error);
        return;
      }
      const lost = HISTORY_LOST.has(errorCode(error) ?? 0);
      this.#log(`change stream on ${this.collection} failed${lost ? ' (history lost, re-querying)' : ', resuming'}`, error);
      this.#state = 'recovering';
      this.#counters.resumes++;
      this.#resumeAttempts++;
      const fresh = lost || this.#reopenFresh;
      const next = fresh ? undefined : token;
      this.#retryHandle = this.#timers.setTimeout(
        () => {
          this.#retryHandle = null;
          void this.#run(
            next,
            false,
            () => undefined,
            () => undefined,
          );
        },
        fresh ? 0 : this.#retryDelayMs,
      );
    }
  }

  /** Undefined when the batch was delivered synchronously (no reset in it, synchronous listeners). */
  #processBatch(raw: readonly unknown[]): Promise<void> | undefined {
    const pending: DocumentChange[] = [];
    for (let i = 0; i < raw.length; i++) {
      const parsed = parseChangeEvent(raw[i]);
      if (parsed === null) continue;
      this.#counters.events++;
      changeEventsReadInProcess++;
      if (parsed.kind === 'reset') return this.#processReset(pending, parsed, raw.slice(i + 1));
      pending.push(parsed);
    }
    return pending.length > 0 ? this.#dispatch(pending) : undefined;
  }

  /** The changes before a reset are delivered, then every listener re-queries, then the rest follows. */
  async #processReset(before: DocumentChange[], reset: StreamReset, rest: readonly unknown[]): Promise<void> {
    if (before.length > 0) await this.#dispatch(before);
    this.#log(`change stream on ${this.collection}: ${reset.reason}, re-querying`);
    // After drop/rename/invalidate the old token cannot be resumed; the next stream starts fresh.
    this.#reopenFresh = reset.reason === 'invalidate' || reset.reason === 'drop' || reset.reason === 'rename' || reset.reason === 'dropDatabase';
    await this.#resetAll();
    await this.#processBatch(rest);
  }
}
