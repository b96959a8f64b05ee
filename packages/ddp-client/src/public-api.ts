// Everything both entry points export; index.ts and index.browser.ts differ only in the
// WebSocket implementation they install.
export { DDP, connect, getDefaultConnection, setDefaultConnection, randomStream, type ConnectOptions } from './ddp';
export { clientMeteorApi, type ClientMeteorApi } from './client-meteor-api';
export { Connection, type ConnectionOptions, type ApplyOptions, type MethodStub, type MethodPromise } from './connection';
export type { ConnectionStatus, ConnectionState } from './connection-status';
export type { SubscriptionHandle, SubscriptionCallbacks } from './subscription-record';
export type { MethodCallback } from './method-invoker';
export type { Store, StoreUpdate, Fields } from './store';
export type { Transport, TransportSocket, TransportHandlers } from './transport';
export type { Timers } from '@perseid/ddp-common';
export type { RetryOptions } from './retry-policy';
export { DEFAULT_RETRY, retryDelay } from './retry-policy';
export { WebSocketTransport, toWebSocketUrl, type WebSocketConstructor, type WebSocketLike } from './websocket-transport';
export { ClientMethodInvocation } from './client-method-invocation';
export { currentInvocation } from './current-invocation';
export { onReconnect } from './reconnect-hooks';
export { DdpClientErrorCode } from './ddp-errors';
export { DurableOutbox, type DurableOutboxOptions, type OutboxConnection, type OutboxFailure } from './durable-outbox';
export { browserOutboxTabs, OutboxTabs, type OutboxTabsOptions, type TabChannel, type TabLocks, type TabMessage } from './outbox-tabs';
export { indexedDbOutboxStorage, memoryOutboxStorage, type OutboxRecord, type OutboxStorage } from './outbox-storage';
export { deleteIndexedDb, openIndexedDbStore, type IndexedDbStore } from './indexed-db-store';
export type { KeptCall, MethodCallHook } from './method-caller';
export { browserOnline, syncState, type SyncState, type SyncStateSource } from './sync-state';
export { reconnectWhenOnline, type ReconnectTarget } from './reconnect-when-online';
