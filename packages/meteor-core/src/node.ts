// Node-only entry (`@perseid/meteor-core/node`): never reachable from the browser bundle.
export { createAsyncLocalStorageBackend } from './async-local-storage-backend';
