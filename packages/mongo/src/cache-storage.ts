/**
 * Where kept documents live between page loads: one IndexedDB database per scope (the signed-in
 * user), `perseid-cache:<scope>`, one object store of records keyed by collection and wire id.
 * Memory in tests. Any operation may reject (quota, corruption); the cache then warns and the
 * collections fill from the network alone.
 */
import { deleteIndexedDb, openIndexedDbStore, type IndexedDbStore } from '@perseid/ddp-client';

export interface CacheRecord {
  /** `<collection>\u0000<wire id>`. */
  readonly key: string;
  readonly collection: string;
  /** The document's id as DDP writes it (idStringify). */
  readonly id: string;
  /** The document as EJSON text. */
  readonly doc: string;
}

export interface CacheStorage {
  load(): Promise<CacheRecord[]>;
  putMany(records: readonly CacheRecord[]): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  /** Deletes everything of this scope (logout, account switch). */
  destroy(): Promise<void>;
}

export function cacheKey(collection: string, wireId: string): string {
  return `${collection}\u0000${wireId}`;
}

export function indexedDbCacheStorage(scope: string): CacheStorage {
  const name = `perseid-cache:${scope}`;
  let opened: Promise<IndexedDbStore<CacheRecord>> | undefined;
  const store = () => (opened ??= openIndexedDbStore<CacheRecord>(name, 'documents', 'key'));
  return {
    load: async () => (await store()).getAll(),
    putMany: async (records) => (await store()).putMany(records),
    deleteMany: async (keys) => (await store()).deleteMany(keys),
    destroy: async () => {
      const pending = opened;
      opened = undefined;
      if (pending !== undefined) (await pending.catch(() => undefined))?.close();
      await deleteIndexedDb(name);
    },
  };
}

export function memoryCacheStorage(): CacheStorage & { readonly records: Map<string, CacheRecord> } {
  const records = new Map<string, CacheRecord>();
  return {
    records,
    load: () => Promise.resolve([...records.values()]),
    putMany: (list) => {
      for (const record of list) records.set(record.key, record);
      return Promise.resolve();
    },
    deleteMany: (keys) => {
      for (const key of keys) records.delete(key);
      return Promise.resolve();
    },
    destroy: () => {
      records.clear();
      return Promise.resolve();
    },
  };
}
