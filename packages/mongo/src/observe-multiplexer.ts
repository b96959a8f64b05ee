import { EJSON } from '@perseid/ejson';
import { AsyncQueue } from './async-queue';
import { idKey, type MongoDocument } from './document-id';
import type { ChangeSink, Fields, ObserveChangesCallbacks } from './observe-callbacks';

/** Which mechanism keeps an observer's results current. */
export type ObserveDriverName = 'changeStreams' | 'polling';

export interface ObserveDriver {
  readonly name: ObserveDriverName;
  /** Runs the initial query into the sink, then calls `multiplexer.ready()`. */
  start(): Promise<void>;
  stop(): void;
}

export type MultiplexerState = 'starting' | 'ready' | 'failed' | 'stopped';

export interface MultiplexerHandle {
  readonly callbacks: ObserveChangesCallbacks;
  /** When false, every callback receives its own copy of the fields. */
  readonly nonMutatingCallbacks: boolean;
}

const shareFields = (fields: Fields): Fields => fields;
const cloneFields = (fields: Fields): Fields => EJSON.clone(fields);

interface CacheEntry {
  doc: MongoDocument;
}

/**
 * One multiplexer per distinct (ordered, cursor description): one driver feeds it, any number
 * of handles listen. It caches the current results so a handle joining later receives them as
 * its initial adds, and it delivers every callback through one queue so all handles see the
 * same changes in the same order.
 *
 * Invariant: the cache is updated inside the queued task, so a late joiner's replay (also a
 * queued task) sees exactly the state the earlier handles have been told about.
 */
export class ObserveMultiplexer implements ChangeSink {
  readonly ordered: boolean;
  readonly collectionName: string;
  readonly #queue: AsyncQueue;
  readonly #handles = new Set<MultiplexerHandle>();
  readonly #cache = new Map<string, CacheEntry>();
  /** Ordered results as id keys; only maintained when `ordered`. */
  readonly #order: string[] = [];
  #state: MultiplexerState = 'starting';
  readonly #readyPromise: Promise<void>;
  #settleReady!: (error?: unknown) => void;
  #driver: ObserveDriver | null = null;
  readonly #onStop: () => void;
  readonly #onCallbackError: (error: unknown) => void;

  constructor(options: { ordered: boolean; collectionName: string; onStop: () => void; onCallbackError: (error: unknown) => void }) {
    this.ordered = options.ordered;
    this.collectionName = options.collectionName;
    this.#onStop = options.onStop;
    this.#onCallbackError = options.onCallbackError;
    this.#queue = new AsyncQueue(options.onCallbackError);
    this.#readyPromise = new Promise<void>((resolve, reject) => {
      this.#settleReady = (error) => (error === undefined ? resolve() : reject(error));
    });
    // A failure is reported to every waiting handle through addHandle; never unhandled here.
    this.#readyPromise.catch(() => undefined);
  }

  get driverName(): ObserveDriverName | null {
    return this.#driver?.name ?? null;
  }

  get handleCount(): number {
    return this.#handles.size;
  }

  get currentState(): MultiplexerState {
    return this.#state;
  }

  get documentCount(): number {
    return this.#cache.size;
  }

  attachDriver(driver: ObserveDriver): void {
    this.#driver = driver;
  }

  /**
   * Registers a handle and, once the initial results are known, sends it every current document
   * as an add. Resolves after those adds were delivered; rejects if the initial query failed.
   */
  async addHandle(handle: MultiplexerHandle): Promise<void> {
    if (this.#state === 'stopped') throw new Error('observe multiplexer already stopped');
    void this.#queue.push(async () => {
      // A multiplexer that failed or stopped before this join ran must not keep the handle.
      if (this.#state === 'stopped' || this.#state === 'failed') return;
      this.#handles.add(handle);
      if (this.#state === 'ready') await this.#replayTo(handle);
    });
    await this.#readyPromise;
    await this.#queue.drain();
  }

  /** Removes a handle; the last one out stops the driver. */
  removeHandle(handle: MultiplexerHandle): void {
    if (!this.#handles.delete(handle)) return;
    if (this.#handles.size === 0) this.stop();
  }

  /** Called by the driver once the initial results have been pushed. */
  ready(): void {
    if (this.#state !== 'starting') return;
    void this.#queue.push(() => {
      if (this.#state !== 'starting') return;
      this.#state = 'ready';
      this.#settleReady();
    });
  }

  fail(error: unknown): void {
    if (this.#state !== 'starting') return;
    this.#state = 'failed';
    this.#settleReady(error);
    this.stop();
  }

  stop(): void {
    if (this.#state === 'stopped') return;
    if (this.#state !== 'failed') this.#settleReady(new Error('observe multiplexer stopped before it was ready'));
    this.#state = 'stopped';
    this.#handles.clear();
    this.#driver?.stop();
    this.#onStop();
  }

  /** True when every change pushed so far has been delivered (nothing to wait for). */
  get isFlushed(): boolean {
    return this.#queue.size === 0;
  }

  /** Resolves once every change pushed so far has been delivered to every handle. */
  flushed(): Promise<void> {
    return this.#queue.drain();
  }

  /** Current results, in order when ordered. */
  snapshot(): MongoDocument[] {
    if (this.ordered) return this.#order.map((k) => (this.#cache.get(k) as CacheEntry).doc);
    return [...this.#cache.values()].map((e) => e.doc);
  }

  async #replayTo(handle: MultiplexerHandle): Promise<void> {
    const docs = this.snapshot();
    for (const doc of docs) {
      const { _id, ...fields } = doc;
      const cb = handle.callbacks;
      if (this.ordered && cb.addedBefore) await cb.addedBefore(_id, EJSON.clone(fields), null);
      else if (cb.added) await cb.added(_id, EJSON.clone(fields));
    }
  }

  /**
   * Calls every handle; one throwing observer is reported and never keeps a change from the
   * others. Synchronous while the callbacks are (the usual case: no promise, no microtask hop);
   * the first callback returning a promise makes the rest wait for it, in order.
   */
  #deliver(invoke: (cb: ObserveChangesCallbacks, copy: (f: Fields) => Fields) => unknown): Promise<void> | undefined {
    const handles = [...this.#handles];
    for (let i = 0; i < handles.length; i++) {
      const handle = handles[i] as MultiplexerHandle;
      if (!this.#handles.has(handle)) continue;
      try {
        const result = invoke(handle.callbacks, handle.nonMutatingCallbacks ? shareFields : cloneFields);
        if (result instanceof Promise) return this.#deliverAfter(result, handles, i + 1, invoke);
      } catch (error) {
        this.#onCallbackError(error);
      }
    }
    return undefined;
  }

  async #deliverAfter(
    pending: Promise<unknown>,
    handles: readonly MultiplexerHandle[],
    from: number,
    invoke: (cb: ObserveChangesCallbacks, copy: (f: Fields) => Fields) => unknown,
  ): Promise<void> {
    try {
      await pending;
    } catch (error) {
      this.#onCallbackError(error);
    }
    for (let i = from; i < handles.length; i++) {
      const handle = handles[i] as MultiplexerHandle;
      if (!this.#handles.has(handle)) continue;
      try {
        const result = invoke(handle.callbacks, handle.nonMutatingCallbacks ? shareFields : cloneFields);
        if (result instanceof Promise) await result;
      } catch (error) {
        this.#onCallbackError(error);
      }
    }
  }

  // ChangeSink: the driver's calls. Each becomes one queued task.

  added(id: unknown, fields: Fields): void {
    this.addedBefore(id, fields, null);
  }

  addedBefore(id: unknown, fields: Fields, before: unknown): void {
    void this.#queue.push(() => {
      if (this.#state === 'stopped') return;
      const key = idKey(id);
      if (this.#cache.has(key)) throw new Error(`observe driver added document ${key} twice`);
      this.#cache.set(key, { doc: { _id: id, ...fields } });
      if (this.ordered) {
        const at = before === null || before === undefined ? -1 : this.#order.indexOf(idKey(before));
        if (at < 0) this.#order.push(key);
        else this.#order.splice(at, 0, key);
      }
      return this.#deliver((cb, copy) => {
        if (this.ordered && cb.addedBefore) return cb.addedBefore(id, copy(fields), before ?? null);
        return cb.added?.(id, copy(fields));
      });
    });
  }

  changed(id: unknown, fields: Fields): void {
    void this.#queue.push(() => {
      if (this.#state === 'stopped') return;
      const entry = this.#cache.get(idKey(id));
      if (!entry) throw new Error(`observe driver changed unknown document ${idKey(id)}`);
      const next: MongoDocument = { ...entry.doc };
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      entry.doc = next;
      return this.#deliver((cb, copy) => cb.changed?.(id, copy(fields)));
    });
  }

  movedBefore(id: unknown, before: unknown): void {
    void this.#queue.push(() => {
      if (this.#state === 'stopped' || !this.ordered) return;
      const key = idKey(id);
      const from = this.#order.indexOf(key);
      if (from < 0) throw new Error(`observe driver moved unknown document ${key}`);
      this.#order.splice(from, 1);
      const at = before === null || before === undefined ? -1 : this.#order.indexOf(idKey(before));
      if (at < 0) this.#order.push(key);
      else this.#order.splice(at, 0, key);
      return this.#deliver((cb) => cb.movedBefore?.(id, before ?? null));
    });
  }

  removed(id: unknown): void {
    void this.#queue.push(() => {
      if (this.#state === 'stopped') return;
      const key = idKey(id);
      if (!this.#cache.delete(key)) throw new Error(`observe driver removed unknown document ${key}`);
      if (this.ordered) {
        const at = this.#order.indexOf(key);
        if (at >= 0) this.#order.splice(at, 1);
      }
      return this.#deliver((cb) => cb.removed?.(id));
    });
  }
}
