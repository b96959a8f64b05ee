/** All environment variable values visible at one point of execution, keyed by variable. */
export type EnvironmentStore = ReadonlyMap<symbol, unknown>;

/**
 * How dynamic scope is carried. The default (synchronous) backend keeps one current store and
 * restores it when `run` returns, so a value set by `withValue` is gone after the first `await`
 * (the browser has nothing better). The server installs an AsyncLocalStorage backend, under which
 * values follow promises and callbacks.
 */
export interface EnvironmentBackend {
  current(): EnvironmentStore;
  run<R>(store: EnvironmentStore, fn: () => R): R;
}

export const EMPTY_STORE: EnvironmentStore = new Map();

/** The synchronous dynamic-scope backend. */
export function createSyncEnvironmentBackend(): EnvironmentBackend {
  let current = EMPTY_STORE;
  return {
    current: () => current,
    run(store, fn) {
      const previous = current;
      current = store;
      try {
        return fn();
      } finally {
        current = previous;
      }
    },
  };
}

let backend: EnvironmentBackend = createSyncEnvironmentBackend();

/** The installed backend. */
export function environmentBackend(): EnvironmentBackend {
  return backend;
}

/**
 * Installs `next` and returns the previous backend. Install once, at boot, before any
 * `withValue` is active: values set under one backend are invisible to the other.
 */
export function setEnvironmentBackend(next: EnvironmentBackend): EnvironmentBackend {
  if (typeof next?.current !== 'function' || typeof next.run !== 'function') {
    throw new TypeError('setEnvironmentBackend expects an object with current() and run()');
  }
  const previous = backend;
  backend = next;
  return previous;
}
