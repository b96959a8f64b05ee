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
 *
 * The upkeep is incremental: an ordered live query on the kept selector, sort and limit reports
 * which ids enter, change in or leave the first `limit` (minimongo keeps that window by binary
 * search), and a write touches only those ids, in one storage transaction per delay.
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
/**
 * Stores whose writes already failed and were warned about: a full quota fails every kept
 * collection of the scope, and the app hears it once, not once per collection.
 */
const warnedWriteFailure = new WeakSet<CacheStorage>();

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
  /** Wire ids among the first `limit` of the kept selector now (as the live query reports them). */
  readonly #members = new Set<string>();
  /** Wire ids that entered, changed or left since the last write. */
  readonly #dirty = new Set<string>();
  /** Members not written because a stub's write on them awaits the server. */
  readonly #heldBack = new Set<string>();
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
    this.#members.clear();
    this.#dirty.clear();
    this.#heldBack.clear();
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
    const local = this.#host.local;
    const puts: CacheRecord[] = [];
    const deletes: string[] = [];
    for (const wireId of this.#dirty) {
      let text: string | undefined;
      if (this.#members.has(wireId)) {
        const pending = Tracker.nonreactive(() => this.#host.connection?.hasPendingWrites(this.name, wireId) === true);
        if (pending) {
          // Keep what the device holds (if anything) until the server has answered.
          this.#heldBack.add(wireId);
          continue;
        }
        this.#heldBack.delete(wireId);
        const doc = local.getDoc(idParse(wireId) as DocumentId);
        if (doc !== undefined) text = EJSON.stringify(doc);
        if (text !== undefined && text.length > MAX_KEPT_DOCUMENT_CHARS) text = undefined;
      } else {
        this.#heldBack.delete(wireId);
      }
      const before = this.#written.get(wireId);
      if (text === undefined) {
        if (before !== undefined) {
          deletes.push(wireId);
          this.#written.delete(wireId);
        }
      } else if (text !== before) {
        puts.push({ key: cacheKey(this.name, wireId), collection: this.name, id: wireId, doc: text });
        this.#written.set(wireId, text);
      }
    }
    this.#dirty.clear();
    try {
      if (puts.length > 0) await storage.putMany(puts);
      if (deletes.length > 0) await storage.deleteMany(deletes.map((wireId) => cacheKey(this.name, wireId)));
    } catch (error) {
      if (!warnedWriteFailure.has(storage)) {
        warnedWriteFailure.add(storage);
        this.#warn(`could not write the kept documents of ${this.name}; the next page load uses the network`, error);
      }
      this.close(false);
    }
  }

  #startWriting(): void {
    const schedule = () => {
      if (this.#storage === undefined || this.#timer !== undefined) return;
      this.#timer = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
    };
    const touch = (id: DocumentId) => {
      this.#dirty.add(idStringify(id));
      schedule();
    };
    // Stored ids are checked once: those no longer among the first `limit` are deleted.
    for (const wireId of this.#written.keys()) this.#dirty.add(wireId);
    // The initial adds (not suppressed) are the documents that arrived before the cache opened
    // (a sign-up, a sign-in: the data is often in first): written too, even if nothing changes.
    this.#observer = Tracker.nonreactive(() =>
      this.#host.local.find(this.selector, { ...(this.sort === undefined ? {} : { sort: this.sort }), limit: this.limit }).observeChanges({
        addedBefore: (id) => {
          this.#members.add(idStringify(id));
          touch(id);
        },
        changed: touch,
        removed: (id) => {
          this.#members.delete(idStringify(id));
          touch(id);
        },
      }),
    );
    schedule();
    const connection = this.#host.connection;
    if (connection !== null) {
      // A stub's documents become writable once the server answered: hear when that happens.
      this.#pendingWatch = Tracker.nonreactive(() =>
        Tracker.autorun((computation) => {
          connection.hasPendingWrites(this.name, '');
          if (computation.firstRun || this.#heldBack.size === 0) return;
          for (const wireId of this.#heldBack) this.#dirty.add(wireId);
          schedule();
        }),
      );
    }
  }
}
