/** The Web Storage slice we use (localStorage, sessionStorage, or an in-memory stand-in). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Meteor's storage keys, so a Perseid client and a Meteor client share a stored session. */
export const LOGIN_TOKEN_KEY = 'Meteor.loginToken';
export const LOGIN_TOKEN_EXPIRES_KEY = 'Meteor.loginTokenExpires';
export const USER_ID_KEY = 'Meteor.userId';

export interface StoredLogin {
  id: string;
  token: string;
  tokenExpires: Date;
}

export function createMemoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
  };
}

function defaultStorage(): KeyValueStorage {
  // Storage access throws in some privacy modes; fall back to memory so login still works.
  try {
    const storage = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    if (storage !== undefined) return storage;
  } catch {
    // fall through
  }
  return createMemoryStorage();
}

export class LoginTokenStore {
  readonly #storage: KeyValueStorage;

  constructor(storage?: KeyValueStorage) {
    this.#storage = storage ?? defaultStorage();
  }

  /** The stored login, or null when absent or unreadable (a half-written entry is no login). */
  read(): StoredLogin | null {
    const token = this.#storage.getItem(LOGIN_TOKEN_KEY);
    const id = this.#storage.getItem(USER_ID_KEY);
    const expires = this.#storage.getItem(LOGIN_TOKEN_EXPIRES_KEY);
    if (token === null || id === null || expires === null) return null;
    const tokenExpires = new Date(expires);
    if (Number.isNaN(tokenExpires.getTime())) return null;
    return { id, token, tokenExpires };
  }

  write(login: StoredLogin): void {
    this.#storage.setItem(USER_ID_KEY, login.id);
    this.#storage.setItem(LOGIN_TOKEN_KEY, login.token);
    this.#storage.setItem(LOGIN_TOKEN_EXPIRES_KEY, login.tokenExpires.toString());
  }

  clear(): void {
    this.#storage.removeItem(USER_ID_KEY);
    this.#storage.removeItem(LOGIN_TOKEN_KEY);
    this.#storage.removeItem(LOGIN_TOKEN_EXPIRES_KEY);
  }
}
