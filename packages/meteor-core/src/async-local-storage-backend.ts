import { AsyncLocalStorage } from 'node:async_hooks';
import { EMPTY_STORE, type EnvironmentBackend, type EnvironmentStore } from './environment-backend';

/**
 * The server backend: values set by `withValue` follow the async work started inside it
 * (awaits, timers, I/O callbacks), as Meteor 3 does with AsyncLocalStorage. Node only: this
 * file is reached through the package's node entry and its `./node` subpath, never the browser.
 */
export function createAsyncLocalStorageBackend(): EnvironmentBackend {
  const storage = new AsyncLocalStorage<EnvironmentStore>();
  return {
    current: () => storage.getStore() ?? EMPTY_STORE,
    run: (store, fn) => storage.run(store, fn),
  };
}
