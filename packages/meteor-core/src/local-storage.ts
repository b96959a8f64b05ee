/** The part of the Web Storage API `Meteor._localStorage` offers (Meteor's localstorage package). */
export interface LocalStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * `Meteor._localStorage`: the page's localStorage when it really works (a private window may
 * have one that throws on every write), else a store in memory, as Meteor's localstorage
 * package decides. The server always gets the memory store. Apps and packages keep small
 * client state in it (accounts keeps its login token in the page's localStorage itself).
 */
export function createLocalStorage(storage: LocalStorageLike | undefined, probeKey: string): LocalStorageLike {
  if (storage !== undefined && works(storage, probeKey)) {
    // Methods that forward, so an app may replace one of them without touching the page's own.
    return {
      getItem: (key) => storage.getItem(key),
      setItem: (key, value) => storage.setItem(key, value),
      removeItem: (key) => storage.removeItem(key),
    };
  }
  const data = new Map<string, string>();
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, String(value));
    },
    removeItem: (key) => {
      data.delete(key);
    },
  };
}

function works(storage: LocalStorageLike, key: string): boolean {
  try {
    storage.setItem(key, key);
    const read = storage.getItem(key);
    storage.removeItem(key);
    return read === key;
  } catch {
    return false;
  }
}
