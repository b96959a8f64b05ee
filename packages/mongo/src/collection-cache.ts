/**
 * The device cache of every kept collection (see kept-documents.ts), opened per user:
 *
 *   Messages.keep({}, { sort: { createdAt: -1 }, limit: 500 })   at start-up, per collection
 *   collectionCache.prefetch(storedUserId)   optional, as early as the page can: the read starts
 *                                        while the rest of the client still loads
 *   await collectionCache.open(userId)   once the user is known: kept documents painted at once
 *   collectionCache.reconcile()          once the app's subscriptions are ready
 *   await collectionCache.wipe()         on logout, an account switch, a session the server ended
 *
 * One scope is open at a time; opening another closes the first and removes its unconfirmed
 * documents from the screen, so one user never sees another's cache.
 */
import { MAX_KEPT_DOCUMENTS, type KeptDocuments } from './kept-documents';
import { indexedDbCacheStorage, type CacheRecord, type CacheStorage } from './cache-storage';

/** A read started by prefetch() that open() has not taken yet. */
interface PrefetchedScope {
  readonly scope: string;
  readonly storage: CacheStorage;
  readonly records: Promise<CacheRecord[]>;
}

export interface CollectionCacheOpenOptions {
  /** Storage of this scope; default IndexedDB `perseid-cache:<scope>`. */
  readonly storage?: CacheStorage;
  readonly warn?: (message: string, detail?: unknown) => void;
}

const defaultWarn = (message: string, detail?: unknown): void => console.warn(`[cache] ${message}`, detail ?? '');

export class CollectionCache {
  readonly #kept = new Map<string, KeptDocuments>();
  #scope: string | undefined;
  #storage: CacheStorage | undefined;
  #onHidden: (() => void) | undefined;
  #prefetched: PrefetchedScope | undefined;

  /** Called by `collection.keep()`; one kept selector per collection. */
  register(kept: KeptDocuments): void {
    if (this.#kept.has(kept.name)) throw new Error(`Collection '${kept.name}' is already kept`);
    this.#kept.set(kept.name, kept);
  }

  get scope(): string | undefined {
    return this.#scope;
  }

  /**
   * Starts reading a scope's stored documents now, without showing them: on a page load the
   * read (opening IndexedDB is the slow part) then runs while the rest of the client loads and
   * connects, and open(scope) finds the records read. Nothing reaches a collection before
   * open(scope); a prefetch of another scope is dropped unseen. Failures surface in open().
   */
  prefetch(scope: string, options: Pick<CollectionCacheOpenOptions, 'storage'> = {}): void {
    if (typeof scope !== 'string' || scope === '') throw new TypeError('collectionCache.prefetch(scope): scope must be a non-empty string');
    if (this.#scope !== undefined || this.#prefetched?.scope === scope) return;
    const storage = options.storage ?? indexedDbCacheStorage(scope);
    const records = storage.load();
    // Read by open(), which warns; a prefetch never taken must not be an unhandled rejection.
    records.catch(() => undefined);
    this.#prefetched = { scope, storage, records };
  }

  /**
   * Loads the scope's kept documents into their collections and keeps them written from then on.
   * Resolves with the number of documents painted; a storage that fails is warned about and
   * leaves the collections to the network (resolves 0).
   */
  async open(scope: string, options: CollectionCacheOpenOptions = {}): Promise<number> {
    if (typeof scope !== 'string' || scope === '') throw new TypeError('collectionCache.open(scope): scope must be a non-empty string');
    if (this.#scope === scope) return 0;
    if (this.#scope !== undefined) this.close(true);
    const warn = options.warn ?? defaultWarn;
    const prefetched = this.#takePrefetched(scope, options.storage);
    const storage = prefetched?.storage ?? options.storage ?? indexedDbCacheStorage(scope);
    this.#scope = scope;
    this.#storage = storage;
    let records: CacheRecord[] = [];
    try {
      records = (await (prefetched?.records ?? storage.load())).filter(isRecord);
    } catch (error) {
      warn('could not read the kept documents; the collections fill from the network', error);
    }
    // Closed or switched while reading: these records are no longer wanted on screen.
    if (this.#scope !== scope) return 0;
    const byCollection = new Map<string, CacheRecord[]>();
    for (const record of records) {
      if (!this.#kept.has(record.collection)) continue;
      let list = byCollection.get(record.collection);
      if (list === undefined) byCollection.set(record.collection, (list = []));
      if (list.length < MAX_KEPT_DOCUMENTS) list.push(record);
    }
    let loaded = 0;
    for (const kept of this.#kept.values()) loaded += kept.load(byCollection.get(kept.name) ?? [], storage, warn);
    this.#listenForHide();
    return loaded;
  }

  /** The server's data is in: kept documents it did not send disappear. Returns how many. */
  reconcile(): number {
    let removed = 0;
    for (const kept of this.#kept.values()) removed += kept.reconcile();
    return removed;
  }

  /** Writes pending changes now (the page is going away). */
  async flush(): Promise<void> {
    await Promise.all([...this.#kept.values()].map((kept) => kept.flush()));
  }

  /** Stops writing; with `forget`, removes the documents the server never confirmed from the screen. */
  close(forget: boolean): void {
    for (const kept of this.#kept.values()) kept.close(forget);
    this.#scope = undefined;
    this.#storage = undefined;
    if (this.#onHidden !== undefined) globalThis.removeEventListener?.('pagehide', this.#onHidden);
    this.#onHidden = undefined;
  }

  /** Deletes the open scope's stored documents (or `scope`'s) and removes unconfirmed ones from the screen. */
  async wipe(scope?: string): Promise<void> {
    if (scope !== undefined && this.#prefetched?.scope === scope) this.#prefetched = undefined;
    const storage = scope === undefined || scope === this.#scope ? this.#storage : indexedDbCacheStorage(scope);
    if (scope === undefined || scope === this.#scope) this.close(true);
    await storage?.destroy();
  }

  /** The prefetch of `scope` (into the same storage), if any; any other prefetch is dropped. */
  #takePrefetched(scope: string, storage: CacheStorage | undefined): PrefetchedScope | undefined {
    const prefetched = this.#prefetched;
    this.#prefetched = undefined;
    if (prefetched === undefined || prefetched.scope !== scope) return undefined;
    return storage === undefined || storage === prefetched.storage ? prefetched : undefined;
  }

  #listenForHide(): void {
    if (typeof globalThis.addEventListener !== 'function') return;
    this.#onHidden = () => void this.flush();
    globalThis.addEventListener('pagehide', this.#onHidden);
  }
}

/** The process's cache, which `collection.keep()` registers with. */
export const collectionCache = new CollectionCache();

function isRecord(value: unknown): value is CacheRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['key'] === 'string' && typeof record['collection'] === 'string' && typeof record['id'] === 'string' && typeof record['doc'] === 'string';
}
