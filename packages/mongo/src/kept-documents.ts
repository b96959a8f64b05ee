/**
 * The part of one client collection kept on the device (`collection.keep(selector, options)`):
 *
 *   open ─► load: kept documents go into minimongo before the server answers (one re-render)
 *           they are "unconfirmed" until the server sends them
 *   server `added` for a kept id ─► confirmed; equal content does not re-render (minimongo skips
 *           equal replacements)
 *   reconcile() (the app's subscriptions are ready) ─► unconfirmed ones are removed: the server
 *           no longer publishes them
 *   any change ─► after a short delay, the first `limit` documents of the selector (sorted) are
 *           written back; documents a stub wrote are not written until the server has answered,
 *           so a reload replaying the outbox never applies a stub on top of its own result
 */
import type { Connection } from '@perseid/ddp-client';
import { idParse, idStringify } from '@perseid/ddp-protocol';
import { EJSON } from '@perseid/ejson';
import { Tracker, type Computation } from '@perseid/tracker';
import type { DocumentId, LocalCollection, ObserveHandle, Selector, SortSpecifier } from '@perseid/minimongo';
import { cacheKey, type CacheRecord, type CacheStorage } from './cache-storage';

export interface KeepOptions {
  readonly sort?: SortSpecifier;
  /** Documents kept at most (the first ones by `sort`). Default 500, at most MAX_KEPT_DOCUMENTS. */
  readonly limit?: number;
}

export const DEFAULT_KEPT_DOCUMENTS = 500;
export const MAX_KEPT_DOCUMENTS = 10_000;
/** A document larger than this (EJSON text) is not kept: the cache is for painting, not archives. */
export const MAX_KEPT_DOCUMENT_CHARS = 256 * 1024;
const WRITE_DELAY_MS = 250;

/** The store's side of the cache: the server confirmed a kept id, or reset the collection. */
export interface CacheStoreHook {
  serverAdded(wireId: string): boolean;
  reset(): void;
}

export interface KeptDocumentsHost {
  readonly name: string;
  readonly local: LocalCollection;
  readonly connection: Connection | null;
}

export class KeptDocuments implements CacheStoreHook {
  readonly selector: Selector;
  readonly limit: number;
  readonly sort: SortSpecifier | undefined;
  readonly #unconfirmed = new Set<string>();
  /** Wire id → EJSON text as last written to storage. */
  readonly #written = new Map<string, string>();
  #storage: CacheStorage | undefined;
  #warn: (message: string, detail?: unknown) => void = () => {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  #observer: ObserveHandle | undefined;
  #pendingWatch: Computation | undefined;

  readonly #host: KeptDocumentsHost;

  constructor(host: KeptDocumentsHost, selector: Selector, options: KeepOptions) {
    this.#host = host;
    const limit = options.limit ?? DEFAULT_KEPT_DOCUMENTS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_KEPT_DOCUMENTS) {
      throw new RangeError(`keep(): limit must be an integer from 1 to ${MAX_KEPT_DOCUMENTS}, got ${String(limit)}`);
    }
    this.selector = selector;
    this.limit = limit;
    this.sort = options.sort;
  }

  get name(): string {
    return this.#host.name;
  }

  /** Kept documents shown but not (yet) confirmed by the server. */
  get unconfirmedCount(): number {
    return this.#unconfirmed.size;
  }

  /** Puts the stored documents into minimongo (those it does not hold already), then keeps writing. */
  load(records: readonly CacheRecord[], storage: CacheStorage, warn: (message: string, detail?: unknown) => void): number {
    this.#storage = storage;
    this.#warn = warn;
    const local = this.#host.local;
    let loaded = 0;
    local.pauseObservers();
    try {
      for (const record of records) {
        if (loaded >= this.limit) break;
        let doc: Record<string, unknown>;
        try {
          doc = EJSON.parse(record.doc) as Record<string, unknown>;
          if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new TypeError('not a document');
        } catch (error) {
          warn(`a kept document of ${this.name} is unreadable; skipped`, error);
          continue;
        }
        const id = idParse(record.id) as DocumentId;
        this.#written.set(record.id, record.doc);
        if (local.hasDoc(id)) continue;
        local.replaceDoc(id, { ...doc, _id: id });
        this.#unconfirmed.add(record.id);
        loaded += 1;
      }
    } finally {
      local.resumeObservers();
    }
    this.#startWriting();
    return loaded;
  }

  serverAdded(wireId: string): boolean {
    return this.#unconfirmed.delete(wireId);
  }

  reset(): void {
    this.#unconfirmed.clear();
  }

  /** The server's truth is in: kept documents it did not send are removed (and then unkept). */
  reconcile(): number {
    const local = this.#host.local;
    let removed = 0;
    local.pauseObservers();
    try {
      for (const wireId of this.#unconfirmed) {
        if (this.#host.connection?.hasPendingWrites(this.name, wireId) === true) continue;
        if (local.removeDoc(idParse(wireId) as DocumentId)) removed += 1;
        this.#unconfirmed.delete(wireId);
      }
    } finally {
      local.resumeObservers();
    }
    return removed;
  }

  /** Stops writing; with `forget`, also removes the kept documents the server never confirmed. */
  close(forget: boolean): void {
    this.#observer?.stop();
    this.#observer = undefined;
    this.#pendingWatch?.stop();
    this.#pendingWatch = undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#storage = undefined;
    this.#written.clear();
    if (forget) {
      for (const wireId of this.#unconfirmed) this.#host.local.removeDoc(idParse(wireId) as DocumentId);
    }
    this.#unconfirmed.clear();
  }

  /** Writes what changed since the last write (at once, e.g. when the page is hidden). */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const storage = this.#storage;
    if (storage === undefined) return;
    const current = new Map<string, string>();
    const docs = this.#host.local.find(this.selector, { ...(this.sort === undefined ? {} : { sort: this.sort }), limit: this.limit, reactive: false }).fetch();
    for (const doc of docs) {
      const wireId = idStringify(doc._id as DocumentId);
      const pending = Tracker.nonreactive(() => this.#host.connection?.hasPendingWrites(this.name, wireId) === true);
      if (pending) {
        const before = this.#written.get(wireId);
        if (before !== undefined) current.set(wireId, before);
        continue;
      }
      const text = EJSON.stringify(doc);
      if (text.length <= MAX_KEPT_DOCUMENT_CHARS) current.set(wireId, text);
    }
    const puts: CacheRecord[] = [];
    for (const [wireId, text] of current) {
      if (this.#written.get(wireId) !== text) puts.push({ key: cacheKey(this.name, wireId), collection: this.name, id: wireId, doc: text });
    }
    const deletes = [...this.#written.keys()].filter((wireId) => !current.has(wireId));
    this.#written.clear();
    for (const [wireId, text] of current) this.#written.set(wireId, text);
    try {
      if (puts.length > 0) await storage.putMany(puts);
      if (deletes.length > 0) await storage.deleteMany(deletes.map((wireId) => cacheKey(this.name, wireId)));
    } catch (error) {
      this.#warn(`could not write the kept documents of ${this.name}; the next page load uses the network`, error);
      this.close(false);
    }
  }

  #startWriting(): void {
    const schedule = () => {
      if (this.#storage === undefined || this.#timer !== undefined) return;
      this.#timer = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
    };
    this.#observer = Tracker.nonreactive(() =>
      this.#host.local
        .find(this.selector, { ...(this.sort === undefined ? {} : { sort: this.sort }), limit: this.limit })
        .observeChanges({ added: schedule, changed: schedule, removed: schedule }, { _suppress_initial: true, _allow_unordered: true }),
    );
    // Documents that arrived before the cache opened (a sign-up, a sign-in: the data is often in
    // first) are written too, even if nothing changes afterwards.
    schedule();
    const connection = this.#host.connection;
    if (connection !== null) {
      // A stub's documents become writable once the server answered: hear when that happens.
      this.#pendingWatch = Tracker.nonreactive(() =>
        Tracker.autorun((computation) => {
          connection.hasPendingWrites(this.name, '');
          if (!computation.firstRun) schedule();
        }),
      );
    }
  }
}
