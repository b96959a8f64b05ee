import type { Connection } from '@perseid/ddp-client';
import {
  MongoServerSelectionError,
  type ClientSession,
  type Collection as RawCollection,
  type CreateIndexesOptions,
  type Db,
  type IndexSpecification,
} from 'mongodb';
import { ObjectID } from '@perseid/ejson';
import { toBson, toBsonDocument } from './bson-conversion';
import { clusterTimeFromTimestamp } from './cluster-time';
import { Cursor } from './cursor';
import { describeCursor, normalizeSelector, type FindOptions, type Transform } from './cursor-description';
import type { MongoDocument } from './document-id';
import { defaultRemoteCollectionDriver } from './default-driver';
import { databaseUnavailable, isConnectionLoss } from './connection-loss';
import { isDuplicateKeyError } from './duplicate-key';
import { PerseidMongoError } from './mongo-errors';
import { selectsNothing } from './selector-rewrite';
import type { RemoteCollectionDriver } from './remote-collection-driver';
import { autopublish, currentWriteFence, idsReplayedOnResend, idSourceFor } from './runtime-hooks';
import { createClientCollection } from './client-collection-bridge';
import { allowWrites, attachSchema, denyWrites, registerServerCollection } from '@perseid/collection-security';
import type { AllowDenyOptions } from '@perseid/collection-security';
import type SimpleSchema from 'simpl-schema';
import type { ServerSyncApi } from './server-sync-api';

export type IdGeneration = 'STRING' | 'MONGO';

export interface CollectionOptions {
  idGeneration?: IdGeneration;
  transform?: Transform;
  /** A specific database connection (tests, several databases); default: MONGO_URL's. */
  _driver?: RemoteCollectionDriver;
  /**
   * A DDP connection to fill this collection from, or null for a local (minimongo) collection:
   * both are client collections, as in Meteor.
   */
  connection?: Connection | null;
  defineMutationMethods?: boolean;
  /** Keeps this collection out of autopublish (Meteor.users publishes only chosen fields). */
  _preventAutopublish?: boolean;
}

export interface UpdateOptions {
  multi?: boolean;
  upsert?: boolean;
  arrayFilters?: Record<string, unknown>[];
  /** Return `{ numberAffected, insertedId? }` instead of a count (Meteor's internal flag). */
  _returnObject?: boolean;
}

export interface UpsertResult {
  numberAffected: number;
  insertedId?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * What a write does when the database connection is lost under it: `fail` with the stable
 * `database-unavailable` Meteor.Error (updates and removes: repeating one could apply it twice),
 * or `wait-and-retry` until the driver's write budget runs out (inserts, repeatable by _id).
 */
type ConnectionLossPolicy = 'fail' | 'wait-and-retry';

const WRITE_RETRY_INTERVAL_MS = 250;

function syncApiError(name: string, replacement: string): PerseidMongoError {
  return new PerseidMongoError('mongo.sync-api-on-server', `${name}() is not available on the server in Meteor 3: use ${replacement}()`);
}

export function validateCollectionName(name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new PerseidMongoError('mongo.invalid-collection-name', 'a server collection needs a non-empty string name');
  }
  if (name.includes('$') || name.includes('\0') || name.startsWith('system.')) {
    throw new PerseidMongoError('mongo.invalid-collection-name', `invalid collection name "${name}"`);
  }
  return name;
}

/** `{ $set: … }` (true), a replacement document (false); a mix is an error. */
function isModifier(modifier: Record<string, unknown>): boolean {
  const keys = Object.keys(modifier);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length !== keys.length) {
    throw new PerseidMongoError('mongo.invalid-modifier', 'a modifier cannot mix $operators and plain fields');
  }
  return ops.length > 0;
}

/**
 * A server collection over the official driver (Meteor 3's async API). Every write made
 * inside a method registers with that method's write fence and commits once every observer
 * of the collection has processed it, so the client's `updated` follows the data.
 */
export class Collection<T = MongoDocument> {
  // Definite: the constructor either assigns these or returns a client collection instead.
  readonly _name!: string;
  readonly #idGeneration!: IdGeneration;
  readonly #transform!: Transform;
  readonly #explicitDriver: RemoteCollectionDriver | undefined;

  constructor(name: string | null, options: CollectionOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new PerseidMongoError('mongo.invalid-options', 'collection options must be an object');
    }
    if (name === null || options.connection !== undefined) {
      // Unnamed (local) collections and DDP-connection-backed ones are client collections.
      // biome-ignore lint/correctness/noConstructorReturn: Meteor's `new Mongo.Collection(null)` and `{ connection }` give a client collection
      return createClientCollection(name, options) as Collection<T>;
    }
    this._name = validateCollectionName(name);
    const idGeneration = options.idGeneration ?? 'STRING';
    if (idGeneration !== 'STRING' && idGeneration !== 'MONGO') {
      throw new PerseidMongoError('mongo.invalid-options', `idGeneration must be "STRING" or "MONGO", got ${String(idGeneration)}`);
    }
    if (options.transform !== undefined && options.transform !== null && typeof options.transform !== 'function') {
      throw new PerseidMongoError('mongo.invalid-options', 'transform must be a function or null');
    }
    this.#idGeneration = idGeneration;
    this.#transform = options.transform ?? null;
    this.#explicitDriver = options._driver;
    // The allow/deny hook (collection-security) owns the client mutation methods; until an
    // allow rule exists they refuse every client write.
    if (options.defineMutationMethods !== false) registerServerCollection(this, { transform: this.#transform });
    if (options._preventAutopublish !== true) autopublish(() => this.find());
  }

  /** Client writes this collection accepts (Meteor's allow/deny); server code is unaffected. */
  allow(options: AllowDenyOptions<T>): void {
    allowWrites(this, options);
  }

  deny(options: AllowDenyOptions<T>): void {
    denyWrites(this, options);
  }

  /** collection2's attachSchema: every insert and update is cleaned and validated first. */
  attachSchema(schema: SimpleSchema): this {
    return attachSchema(this, schema);
  }

  /** The connection, resolved on first use so collections can be defined before MONGO_URL is read. */
  get _driver(): RemoteCollectionDriver {
    return this.#explicitDriver ?? defaultRemoteCollectionDriver();
  }

  rawCollection(): RawCollection {
    return this._driver.rawCollection(this._name);
  }

  rawDatabase(): Db {
    return this._driver.db;
  }

  /** A new document id following the collection's idGeneration and the method's random seed. */
  _makeNewID(): string | ObjectID {
    const source = idSourceFor(this._name);
    return this.#idGeneration === 'MONGO' ? new ObjectID(source.hexString(24)) : source.id();
  }

  find(...args: [selector?: unknown, options?: FindOptions]): Cursor<T> {
    const selector = normalizeSelector(args[0], args.length > 0 ? 'given' : 'omitted', this._name);
    const options = args[1];
    const description = describeCursor(this._name, selector, options);
    const transform = options && 'transform' in options ? (options.transform ?? null) : this.#transform;
    return new Cursor<T>(() => this._driver, description, transform);
  }

  async findOneAsync(...args: [selector?: unknown, options?: FindOptions]): Promise<T | undefined> {
    const options = { ...(args[1] ?? {}), limit: 1 };
    const cursor = args.length === 0 ? this.find() : this.find(args[0], options);
    const [doc] = await cursor.fetchAsync();
    return doc;
  }

  async countDocuments(...args: [selector?: unknown]): Promise<number> {
    return this.rawCollection().countDocuments(toBsonDocument(normalizeSelector(args[0], args.length > 0 ? 'given' : 'omitted', this._name)));
  }

  async estimatedDocumentCount(): Promise<number> {
    return this.rawCollection().estimatedDocumentCount();
  }

  /**
   * Runs a write with the fence protocol: begin a fence write first (so the fence cannot fire
   * while the write is in flight), then commit once observers confirmed it, or at once when
   * the write changed nothing. Failed writes commit at once.
   */
  async #fencedWrite<R>(
    run: (raw: RawCollection, session: ClientSession | undefined) => Promise<R>,
    changedSomething: (result: R) => boolean,
    onConnectionLoss: ConnectionLossPolicy = 'fail',
  ): Promise<R> {
    const driver = this._driver;
    const fenceWrite = currentWriteFence()?.beginWrite();
    // The operationTime of the reply is only exposed on an explicit session.
    let session = fenceWrite ? driver.client.startSession({ causalConsistency: true }) : undefined;
    const endWrite = driver.beginWrite(this._name);
    const startedAt = driver.timers.now();
    // Whether an attempt may have reached the database (a selection failure never sent it).
    let maybeApplied = false;
    try {
      let result: R;
      for (;;) {
        try {
          result = await run(driver.rawCollection(this._name), session);
          break;
        } catch (error) {
          if (!isConnectionLoss(error)) throw error;
          if (!(error instanceof MongoServerSelectionError)) maybeApplied = true;
          // Meteor clients see a stable Meteor.Error, never the driver's 500; a write that
          // may be repeated safely waits for the database instead, within the budget.
          if (onConnectionLoss === 'fail' || driver.timers.now() - startedAt >= driver.writeRetryBudgetMs) {
            throw databaseUnavailable(maybeApplied ? 'unknown' : 'not-applied');
          }
          await new Promise<void>((resolve) => driver.timers.setTimeout(resolve, WRITE_RETRY_INTERVAL_MS));
          // A session whose connection broke is not reused (the driver marks it dirty).
          if (session) {
            void session.endSession().catch(() => undefined);
            session = driver.client.startSession({ causalConsistency: true });
          }
        }
      }
      if (!changedSomething(result)) {
        fenceWrite?.committed();
        return result;
      }
      const time = session ? clusterTimeFromTimestamp(session.operationTime) : null;
      const observed = driver.writeObserved(this._name, time, fenceWrite !== undefined);
      if (fenceWrite) {
        if (observed === undefined) fenceWrite.committed();
        else {
          const commit = (): void => fenceWrite.committed();
          observed.then(commit, commit);
        }
      }
      return result;
    } catch (error) {
      fenceWrite?.committed();
      throw error;
    } finally {
      endWrite();
      // Only returns the server session to the pool: the write is done, its caller need not wait.
      if (session) void session.endSession().catch(() => undefined);
    }
  }

  async insertAsync(doc: unknown): Promise<unknown> {
    if (!isPlainObject(doc)) throw new PerseidMongoError('mongo.invalid-document', 'insertAsync expects a plain object');
    const toInsert: MongoDocument = { ...doc };
    // Exactly-once inserts across reconnects and servers: a client re-sends a method that got no
    // `result` (its server died, or the socket dropped past the resumption window) with the same
    // randomSeed, so the re-run generates the same ids. An insert whose generated `_id` already
    // exists is that earlier run's insert: it is answered as the first one was (the id), writing
    // nothing. Only ids generated from a client's seed count; a caller-supplied `_id` that exists
    // is still a duplicate-key error.
    const replayable = toInsert._id === undefined && idsReplayedOnResend();
    if (toInsert._id === undefined) toInsert._id = this._makeNewID();
    else if (typeof toInsert._id !== 'string' && !(toInsert._id instanceof ObjectID) && typeof toInsert._id !== 'number') {
      throw new PerseidMongoError('mongo.invalid-document', '_id must be a string, a number or an ObjectID');
    }
    // After a lost connection the insert is sent again with the same _id: finding it then
    // means the earlier attempt was applied (so inserts can wait out a database restart).
    let lostConnection = false;
    await this.#fencedWrite(
      async (raw, session) => {
        try {
          await raw.insertOne(toBsonDocument(toInsert), session ? { session } : {});
        } catch (error) {
          if ((replayable || lostConnection) && isDuplicateKeyError(error, '_id')) return;
          if (isConnectionLoss(error)) lostConnection = true;
          throw error;
        }
      },
      // An earlier run's insert, found, counts as this write: it may not have reached this
      // server's observers yet (made through a server that died, or applied just before the
      // database went away and still unread by the change stream). Committing the fence at once
      // would send `updated` before the caller's subscription has the document, and the caller's
      // screen would drop its message until the change stream caught up.
      () => true,
      'wait-and-retry',
    );
    return toInsert._id;
  }

  async updateAsync(selector: unknown, modifier: unknown, options: UpdateOptions = {}): Promise<number | UpsertResult> {
    if (!isPlainObject(modifier)) throw new PerseidMongoError('mongo.invalid-modifier', 'the modifier must be an object');
    if (typeof options !== 'object' || options === null) throw new PerseidMongoError('mongo.invalid-options', 'update options must be an object');
    // An upsert whose selector can match nothing inserts under a seeded id, as its stub does.
    const fallbackId = options.upsert && selectsNothing(selector) ? this._makeNewID() : undefined;
    const query = normalizeSelector(selector, 'given', this._name, fallbackId);
    const modify = isModifier(modifier);
    if (!modify && options.multi) {
      throw new PerseidMongoError('mongo.invalid-modifier', 'a replacement document cannot be used with multi: true');
    }
    let update: Record<string, unknown> = modifier;
    let generatedId: unknown;
    const selectorId = query['_id'];
    const literalId = typeof selectorId === 'string' || selectorId instanceof ObjectID || typeof selectorId === 'number';
    if (options.upsert && !literalId) {
      // Generate the upserted _id here (from the method's seed) so a stub and the server agree.
      generatedId = this._makeNewID();
      if (!modify && modifier['_id'] === undefined) update = { ...modifier, _id: generatedId };
    }
    const bsonQuery = toBsonDocument(query);
    const bsonUpdate = toBsonDocument(update);
    const driverOptions = {
      ...(options.upsert ? { upsert: true } : {}),
      ...(options.arrayFilters ? { arrayFilters: options.arrayFilters.map(toBsonDocument) } : {}),
    };
    const result = await this.#fencedWrite(
      async (raw, session) => {
        const opts = session ? { ...driverOptions, session } : driverOptions;
        if (generatedId !== undefined) {
          // Meteor's order for a generated upsert id: update what matches (keeping its _id);
          // insert with the generated id only if nothing did.
          const { upsert: _upsert, ...plain } = opts;
          const bsonPlain = toBsonDocument(modifier);
          const matched = !modify
            ? await raw.replaceOne(bsonQuery, bsonPlain, session ? { session } : {})
            : options.multi
              ? await raw.updateMany(bsonQuery, bsonPlain, plain)
              : await raw.updateOne(bsonQuery, bsonPlain, plain);
          if (matched.matchedCount > 0) return matched;
          const idQuery: Record<string, unknown> =
            '_id' in bsonQuery ? { $and: [bsonQuery, { _id: toBson(generatedId) }] } : { ...bsonQuery, _id: toBson(generatedId) };
          const replaceUpsert = { upsert: true, ...(session ? { session } : {}) };
          return modify ? raw.updateOne(idQuery, bsonUpdate, opts) : raw.replaceOne(idQuery, bsonUpdate, replaceUpsert);
        }
        if (!modify) return raw.replaceOne(bsonQuery, bsonUpdate, { ...(options.upsert ? { upsert: true } : {}), ...(session ? { session } : {}) });
        return options.multi ? raw.updateMany(bsonQuery, bsonUpdate, opts) : raw.updateOne(bsonQuery, bsonUpdate, opts);
      },
      (r) => r.modifiedCount + r.upsertedCount > 0,
    );
    const numberAffected = result.matchedCount + result.upsertedCount;
    if (options._returnObject || options.upsert) {
      const out: UpsertResult = { numberAffected };
      if (result.upsertedCount > 0) out.insertedId = literalId ? selectorId : (generatedId ?? result.upsertedId);
      return options._returnObject ? out : numberAffected;
    }
    return numberAffected;
  }

  async upsertAsync(selector: unknown, modifier: unknown, options: Omit<UpdateOptions, 'upsert' | '_returnObject'> = {}): Promise<UpsertResult> {
    return (await this.updateAsync(selector, modifier, { ...options, upsert: true, _returnObject: true })) as UpsertResult;
  }

  async removeAsync(selector: unknown): Promise<number> {
    const query = toBsonDocument(normalizeSelector(selector, 'given', this._name));
    const result = await this.#fencedWrite(
      (raw, session) => raw.deleteMany(query, session ? { session } : {}),
      (r) => r.deletedCount > 0,
    );
    return result.deletedCount;
  }

  async createIndexAsync(keys: IndexSpecification, options: CreateIndexesOptions = {}): Promise<string> {
    return this.rawCollection().createIndex(keys, options);
  }

  async dropIndexAsync(name: string): Promise<void> {
    await this.rawCollection().dropIndex(name);
  }

  /** Meteor 3 keeps `createIndex` as an (async) alias. */
  createIndex(keys: IndexSpecification, options: CreateIndexesOptions = {}): Promise<string> {
    return this.createIndexAsync(keys, options);
  }

  // Meteor 3 removed the synchronous server API; porting code gets told what to call instead,
  // by the compiler (a `this` type naming the replacement) and at run time.
  findOne(this: ServerSyncApi<'findOne', 'findOneAsync'>, ..._args: unknown[]): never {
    throw syncApiError('findOne', 'findOneAsync');
  }

  insert(this: ServerSyncApi<'insert', 'insertAsync'>, ..._args: unknown[]): never {
    throw syncApiError('insert', 'insertAsync');
  }

  update(this: ServerSyncApi<'update', 'updateAsync'>, ..._args: unknown[]): never {
    throw syncApiError('update', 'updateAsync');
  }

  upsert(this: ServerSyncApi<'upsert', 'upsertAsync'>, ..._args: unknown[]): never {
    throw syncApiError('upsert', 'upsertAsync');
  }

  remove(this: ServerSyncApi<'remove', 'removeAsync'>, ..._args: unknown[]): never {
    throw syncApiError('remove', 'removeAsync');
  }

  async dropCollectionAsync(): Promise<void> {
    await this.rawCollection().drop();
  }
}
