import type { Fields, Store, StoreUpdate } from './store';
import type { Timers } from '@perseid/ddp-common';

export interface StoreRegistryOptions {
  readonly timers: Timers;
  /** Quiet time after a data message before the batch is applied, in ms (0: apply at once). */
  readonly bufferedWritesInterval: number;
  /** A continuous stream of data is applied at least this often, in ms. */
  readonly bufferedWritesMaxAge: number;
}

/**
 * The stores registered on a connection and the batching of writes into them.
 *
 * Data messages are buffered per collection and applied in one beginUpdate/endUpdate
 * per store, so a burst of messages re-renders once. Updates for a collection nobody
 * registered yet are kept until it registers. Callbacks queued with `afterUpdate` run
 * after the next batch is applied (sub ready / method data visible must see the data).
 */
export class StoreRegistry {
  readonly #stores = new Map<string, Store>();
  readonly #unknown = new Map<string, StoreUpdate[]>();
  #buffered: StoreUpdate[] = [];
  #afterUpdate: Array<() => void> = [];
  #flushAt: number | undefined;
  #timer: unknown = undefined;
  /** When the current quiet window ends (the last buffered frame's time plus the interval). */
  #quietAt = 0;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  /** While > 0 nothing is applied (a stub is running and snapshotting originals). */
  #holds = 0;
  #flushWhenReleased = false;

  readonly #options: StoreRegistryOptions;

  constructor(options: StoreRegistryOptions) {
    this.#options = options;
  }

  /** Returns false if `name` is already registered (the first registration stays). */
  register(name: string, store: Store): boolean {
    if (this.#stores.has(name)) return false;
    this.#stores.set(name, store);
    const queued = this.#unknown.get(name);
    if (queued !== undefined) {
      this.#unknown.delete(name);
      store.beginUpdate(queued.length, false);
      for (const update of queued) store.update(update);
      store.endUpdate();
    }
    return true;
  }

  /** Queues one update; call `scheduleFlush` or `flush` afterwards. */
  push(update: StoreUpdate): void {
    this.#buffered.push(update);
  }

  /**
   * Applies the buffer after `bufferedWritesInterval` of quiet, or at once past max age.
   * With `leading`, a write that follows a quiet window is applied at once: a lone change
   * pushed by someone else (a chat message) should not wait for a burst that is not coming,
   * while the frames that follow it inside the window are still batched.
   */
  scheduleFlush(leading = false): void {
    const { timers, bufferedWritesInterval, bufferedWritesMaxAge } = this.#options;
    if (bufferedWritesInterval <= 0) {
      this.flush();
      return;
    }
    const now = timers.now();
    if (leading && this.#timer === undefined && now - this.#lastFlushAt >= bufferedWritesInterval) {
      this.flush();
      return;
    }
    if (this.#flushAt === undefined) this.#flushAt = now + bufferedWritesMaxAge;
    else if (this.#flushAt <= now) {
      this.flush();
      return;
    }
    // One timer per window, moved on when it fires, instead of one cleared and set per frame:
    // a page of 50 documents arrives as 50 frames, and the timer churn was a tenth of their cost.
    this.#quietAt = now + bufferedWritesInterval;
    if (this.#timer === undefined) this.#armTimer(bufferedWritesInterval);
  }

  #armTimer(delay: number): void {
    const { timers } = this.#options;
    this.#timer = timers.setTimeout(() => {
      this.#timer = undefined;
      const now = timers.now();
      // A frame came since the timer was set: wait for the rest of its quiet window (never past max age).
      const due = Math.min(this.#quietAt, this.#flushAt ?? this.#quietAt);
      if (due > now) this.#armTimer(due - now);
      else this.flush();
    }, delay);
  }

  /** Applies everything buffered now; with `reset`, every store is emptied in the same batch. */
  flush(reset = false): void {
    if (this.#timer !== undefined) this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flushAt = undefined;
    if (this.#holds > 0) {
      this.#flushWhenReleased = true;
      return;
    }
    this.#lastFlushAt = this.#options.timers.now();
    const updates = this.#buffered;
    this.#buffered = [];
    const byCollection = new Map<string, StoreUpdate[]>();
    if (reset) for (const name of this.#stores.keys()) byCollection.set(name, []);
    for (const update of updates) {
      let list = byCollection.get(update.collection);
      if (list === undefined) byCollection.set(update.collection, (list = []));
      list.push(update);
    }
    for (const [name, list] of byCollection) {
      const store = this.#stores.get(name);
      if (store === undefined) {
        const queued = this.#unknown.get(name) ?? [];
        queued.push(...list);
        this.#unknown.set(name, queued);
        continue;
      }
      store.beginUpdate(list.length, reset);
      for (const update of list) store.update(update);
      store.endUpdate();
    }
    this.#runAfterUpdate();
  }

  /** Runs `fn` after the next applied batch. */
  afterUpdate(fn: () => void): void {
    this.#afterUpdate.push(fn);
  }

  dropAfterUpdateCallbacks(): void {
    this.#afterUpdate = [];
  }

  /** Forgets updates for collections nobody registered (a new session will resend them). */
  clearUnknown(): void {
    this.#unknown.clear();
  }

  hold(): void {
    this.#holds += 1;
  }

  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
    if (this.#holds === 0 && this.#flushWhenReleased) {
      this.#flushWhenReleased = false;
      this.flush();
    }
  }

  getDoc(collection: string, id: string): Fields | undefined {
    return this.#stores.get(collection)?.getDoc(id);
  }

  saveOriginals(): void {
    for (const store of this.#stores.values()) store.saveOriginals();
  }

  /** collection → id → fields before the stub, for stores whose documents a stub wrote. */
  retrieveOriginals(): Map<string, Map<string, Fields | undefined>> {
    const result = new Map<string, Map<string, Fields | undefined>>();
    for (const [name, store] of this.#stores) {
      const originals = store.retrieveOriginals();
      if (originals.size > 0) result.set(name, originals);
    }
    return result;
  }

  /** Cancels the pending flush timer (the connection is being torn down). */
  stop(): void {
    if (this.#timer !== undefined) this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Callbacks may queue more callbacks; those run in the same pass. */
  #runAfterUpdate(): void {
    while (this.#afterUpdate.length > 0) {
      const callbacks = this.#afterUpdate;
      this.#afterUpdate = [];
      for (const fn of callbacks) fn();
    }
  }

  /** True while data is waiting to be applied. */
  get hasBuffered(): boolean {
    return this.#buffered.length > 0;
  }
}
