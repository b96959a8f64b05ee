import { createAsyncLocalStorageBackend } from './async-local-storage-backend';
import { setEnvironmentBackend } from './environment-backend';

// Node entry only: server code awaits everywhere, so environment variables (the current method
// invocation, the write fence) must follow async work from the moment the package loads.
setEnvironmentBackend(createAsyncLocalStorageBackend());
