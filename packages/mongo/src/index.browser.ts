/**
 * @perseid/mongo in the browser: the same names as index.ts, where `Mongo.Collection` is
 * the client collection (minimongo fed by DDP, writes through collection methods).
 * The driver-side names exist so shared code imports resolve, and refuse with a clear
 * error if used: there is no database connection in a browser.
 */
import { ObjectID } from '@perseid/ejson';
import { Cursor } from '@perseid/minimongo';
import { ClientCollection } from './client-collection';
import { PerseidMongoError, isPerseidMongoError, type MongoErrorCode } from './mongo-errors';

export const Mongo = { Collection: ClientCollection, Cursor, ObjectID } as const;

export declare namespace Mongo {
  type Collection<T = Record<string, unknown>> = ClientCollection<T>;
  type Cursor<T = Record<string, unknown>> = import('@perseid/minimongo').Cursor<T>;
  type ObjectID = import('@perseid/ejson').ObjectID;
}

function serverOnly(what: string): never {
  throw new PerseidMongoError('mongo.no-database', `${what} is server-only; the browser has no database connection`);
}

export const MongoInternals = {
  defaultRemoteCollectionDriver: () => serverOnly('MongoInternals.defaultRemoteCollectionDriver'),
  closeDefaultRemoteCollectionDriver: () => serverOnly('MongoInternals.closeDefaultRemoteCollectionDriver'),
  RemoteCollectionDriver: class {
    constructor() {
      serverOnly('RemoteCollectionDriver');
    }
  },
  NpmModules: {},
} as const;

export const RemoteCollectionDriver = MongoInternals.RemoteCollectionDriver;
export const observerStats = (): never => serverOnly('observerStats');

// The server's observe handle class (type-only imports, so harmless here); client cursors' observe returns minimongo handles.
export { ObserveHandle } from './observe-handle';
export { ClientCollection as Collection, Cursor, ObjectID, PerseidMongoError, isPerseidMongoError, type MongoErrorCode };
export {
  ClientCollection,
  type ClientCollectionOptions,
  type ClientUpdateOptions,
  type ClientUpsertResult,
  type ClientIdGeneration,
  type ClientInsertDoc,
} from './client-collection';
export { isDuplicateKeyError } from './duplicate-key';
export type { ServerSyncApi } from './server-sync-api';
export { collectionCache, CollectionCache, type CollectionCacheOpenOptions } from './collection-cache';
export { KeptDocuments, DEFAULT_KEPT_DOCUMENTS, MAX_KEPT_DOCUMENTS, type KeepOptions } from './kept-documents';
export { indexedDbCacheStorage, memoryCacheStorage, type CacheRecord, type CacheStorage } from './cache-storage';
