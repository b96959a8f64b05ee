/**
 * Where a durable outbox keeps its calls: IndexedDB in a browser (indexedDbOutboxStorage),
 * memory in tests. Implementations may reject (quota, a corrupted database); the outbox then
 * warns and carries on with the network alone.
 */
import { openIndexedDbStore, type IndexedDbStore } from './indexed-db-store';
export interface OutboxRecord {
  /** Order of the calls: replays go out in this order. */
  readonly seq: number;
  /** The call's identity for the server (see ddp-server's method-replay-log). */
  readonly randomSeed: string;
  readonly method: string;
  /** The params as EJSON text, so Dates and binary survive the store. */
  readonly params: string;
  /** Page loads that replayed this call without learning its outcome. */
  readonly attempts: number;
  /** The tab that sends it (see outbox-tabs.ts); absent when tabs are not coordinated. */
  readonly owner?: string;
}

export interface OutboxStorage {
  load(): Promise<OutboxRecord[]>;
  put(record: OutboxRecord): Promise<void>;
  delete(randomSeed: string): Promise<void>;
  clear(): Promise<void>;
}

/** An outbox store that lives as long as the object: for tests and for browsers without IndexedDB. */
export function memoryOutboxStorage(): OutboxStorage {
  const records = new Map<string, OutboxRecord>();
  return {
    load: () => Promise.resolve([...records.values()].map((record) => ({ ...record }))),
    put: (record) => {
      records.set(record.randomSeed, { ...record });
      return Promise.resolve();
    },
    delete: (randomSeed) => {
      records.delete(randomSeed);
      return Promise.resolve();
    },
    clear: () => {
      records.clear();
      return Promise.resolve();
    },
  };
}

/**
 * The outbox of one user in this browser's IndexedDB (database `perseid-outbox:<scope>`). Opens
 * lazily; a failure to open rejects every operation, which the outbox turns into a warning.
 */
export function indexedDbOutboxStorage(scope: string): OutboxStorage {
  let opened: Promise<IndexedDbStore<OutboxRecord>> | undefined;
  const store = () => (opened ??= openIndexedDbStore<OutboxRecord>(`perseid-outbox:${scope}`, 'calls', 'randomSeed'));
  return {
    load: async () => (await store()).getAll(),
    put: async (record) => (await store()).put(record),
    delete: async (randomSeed) => (await store()).delete(randomSeed),
    clear: async () => (await store()).clear(),
  };
}
