import { createRequire } from 'node:module';
import * as mongodb from 'mongodb';
import { ObjectID } from '@perseid/ejson';
import { Collection } from './collection';
import { Cursor } from './cursor';
import { closeDefaultRemoteCollectionDriver, defaultRemoteCollectionDriver } from './default-driver';
import { RemoteCollectionDriver } from './remote-collection-driver';
import { registerMetricsSource, registerStatsProvider } from '@perseid/ddp-server';
import { observerStats } from './observer-stats';
import { observerMetrics } from './observer-metrics';

export const Mongo = { Collection, Cursor, ObjectID } as const;

// `Mongo.Collection<T>` / `Mongo.Cursor<T>` as types, the way Meteor apps write them.
export declare namespace Mongo {
  type Collection<T = MongoDocument> = import('./collection').Collection<T>;
  type Cursor<T = MongoDocument> = import('./cursor').Cursor<T>;
  type ObjectID = import('@perseid/ejson').ObjectID;
}

export const MongoInternals = {
  defaultRemoteCollectionDriver,
  closeDefaultRemoteCollectionDriver,
  RemoteCollectionDriver,
  NpmModules: { mongodb: { version: readDriverVersion(), module: mongodb } },
} as const;

function readDriverVersion(): string {
  // The driver exposes no version constant; its package.json is the source of truth.
  const pkg: unknown = createRequire(import.meta.url)('mongodb/package.json');
  const version = (pkg as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

export { Collection, Cursor, ObjectID, RemoteCollectionDriver };
export { METHOD_REPLAYS_COLLECTION, MongoMethodReplayStore, type MongoMethodReplayStoreOptions } from './mongo-method-replay-store';

// The observers section of GET /__perseid/stats (ddp-server serves it, never importing us).
registerStatsProvider('mongo', observerStats);
// Observers by driver and change-stream lag on GET /__perseid/metrics, likewise.
registerMetricsSource('observers', observerMetrics);
export { observerStats, observerMetrics };
export { changeStreamsHealth, DEFAULT_STALL_MS, type ChangeStreamsHealth, type ChangeStreamHealth, type ChangeStreamLiveness } from './change-stream-health';
export type { SharedChangeStreamState, SharedChangeStreamStats } from './shared-change-stream';
export type { ObserverStats } from './observer-stats';
export { ObserveHandle } from './observe-handle';
export type { ObserveDriverName } from './observe-multiplexer';
export type { CollectionOptions, UpdateOptions, UpsertResult, IdGeneration } from './collection';
export type { FindOptions, Transform, CursorDescription } from './cursor-description';
export type { ObserveChangesCallbacks, Fields } from './observe-callbacks';
export type { ObserveCallbacks } from './observe-from-changes';
export type { PublicationSink } from './publish-cursor';
export type { MongoDocument, DocumentId } from './document-id';
export type { ServerSyncApi } from './server-sync-api';
export type { RemoteCollectionDriverOptions, DriverStats, ObserverStat } from './remote-collection-driver';
export type { ReactivityMechanism } from './reactivity-order';
export { PerseidMongoError, isPerseidMongoError, type MongoErrorCode } from './mongo-errors';
// The client collection (also what `{ connection }` and null-name collections are on Node); index.browser.ts exports the same.
export {
  ClientCollection,
  type ClientCollectionOptions,
  type ClientUpdateOptions,
  type ClientUpsertResult,
  type ClientIdGeneration,
  type ClientInsertDoc,
} from './client-collection';
import type { MongoDocument } from './document-id';
export { isDuplicateKeyError } from './duplicate-key';
export { collectionCache, CollectionCache, type CollectionCacheOpenOptions } from './collection-cache';
export { KeptDocuments, DEFAULT_KEPT_DOCUMENTS, MAX_KEPT_DOCUMENTS, type KeepOptions } from './kept-documents';
export { indexedDbCacheStorage, memoryCacheStorage, type CacheRecord, type CacheStorage } from './cache-storage';
