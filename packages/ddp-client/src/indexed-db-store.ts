/**
 * A small promise face on one IndexedDB object store, shared by the durable outbox and the
 * persistent collection cache. Opening fails (rejects) when IndexedDB is missing, blocked or
 * corrupted; callers fall back to the network.
 */
export interface IndexedDbStore<T> {
  getAll(): Promise<T[]>;
  put(value: T): Promise<void>;
  putMany(values: readonly T[]): Promise<void>;
  delete(key: string): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Opens (creating if needed) database `name` with one object store `store` keyed by `keyPath`. */
export async function openIndexedDbStore<T>(name: string, store: string, keyPath: string): Promise<IndexedDbStore<T>> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) throw new Error('IndexedDB is not available');
  const opening = factory.open(name, 1);
  opening.onupgradeneeded = () => {
    if (!opening.result.objectStoreNames.contains(store)) opening.result.createObjectStore(store, { keyPath });
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error ?? new Error(`cannot open IndexedDB ${name}`));
    opening.onblocked = () => reject(new Error(`IndexedDB ${name} is blocked by another tab`));
  });
  // Another tab deleting the database (a logout there) must not be blocked by this one.
  db.onversionchange = () => db.close();
  const write = async (fn: (objects: IDBObjectStore) => void): Promise<void> => {
    const tx = db.transaction(store, 'readwrite');
    fn(tx.objectStore(store));
    await done(tx);
  };
  return {
    getAll: () => request(db.transaction(store, 'readonly').objectStore(store).getAll() as IDBRequest<T[]>),
    put: (value) => write((objects) => objects.put(value)),
    putMany: (values) =>
      write((objects) => {
        for (const value of values) objects.put(value);
      }),
    delete: (key) => write((objects) => objects.delete(key)),
    deleteMany: (keys) =>
      write((objects) => {
        for (const key of keys) objects.delete(key);
      }),
    clear: () => write((objects) => objects.clear()),
    close: () => db.close(),
  };
}

/** Deletes database `name` (a logout): resolves even when it did not exist. */
export function deleteIndexedDb(name: string): Promise<void> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const deleting = factory.deleteDatabase(name);
    deleting.onsuccess = () => resolve();
    deleting.onerror = () => reject(deleting.error ?? new Error(`cannot delete IndexedDB ${name}`));
    deleting.onblocked = () => resolve();
  });
}
