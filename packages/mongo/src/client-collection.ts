import { clientMeteorApi, currentInvocation, randomStream, type Connection, type MethodPromise, type MethodStub } from '@perseid/ddp-client';
import { ObjectID } from '@perseid/ejson';
import { _debug as debug, MeteorError } from '@perseid/meteor-core';
import { LocalCollection, type Cursor, type DocumentId, type FindOptions, type Selector } from '@perseid/minimongo';
import { Random } from '@perseid/random';
import { idStringify } from '@perseid/ddp-protocol';
import { createClientCollectionStore } from './client-collection-store';
import { collectionCache } from './collection-cache';
import { KeptDocuments, type KeepOptions } from './kept-documents';
import { rewriteSelector, selectsNothing } from './selector-rewrite';

export type ClientIdGeneration = 'STRING' | 'MONGO';
type Doc = Record<string, unknown>;

/**
 * A document to insert: the collection's type with `_id` optional (a new one is generated), or
 * any plain object, since with a `transform` the type is what reads return, not what is stored.
 */
export type ClientInsertDoc<T> = (Omit<T, '_id'> & { _id?: DocumentId }) | Doc;

export interface ClientCollectionOptions<T> {
  /**
   * The DDP connection whose data fills this collection and whose server runs its
   * writes. `undefined`: the default connection; `null`: a purely local collection.
   */
  readonly connection?: Connection | null;
  readonly idGeneration?: ClientIdGeneration;
  readonly transform?: ((doc: Doc) => T) | null;
  /** false: do not define the `/<name>/…` mutation stubs. */
  readonly defineMutationMethods?: boolean;
}

export interface ClientUpdateOptions {
  multi?: boolean;
  upsert?: boolean;
}

export interface ClientUpsertResult {
  numberAffected: number;
  insertedId?: DocumentId;
}

type MutatorName = 'insertAsync' | 'updateAsync' | 'removeAsync';

/**
 * `Mongo.Collection` on the client (and on Node for `{ connection }` / null names):
 * reads are synchronous and reactive over minimongo, fed by the connection's data
 * messages; writes run as Meteor's collection methods `/<name>/insertAsync` … with a
 * local simulation, so the UI shows them before the server answers.
 */
export class ClientCollection<T = Doc> {
  readonly _name: string | null;
  readonly _collection: LocalCollection;
  readonly _connection: Connection | null;
  readonly #idGeneration: ClientIdGeneration;
  readonly #transform: ((doc: Doc) => T) | null;
  #kept: KeptDocuments | undefined;

  constructor(name: string | null, options: ClientCollectionOptions<T> = {}) {
    if (name !== null && (typeof name !== 'string' || name === '')) {
      throw new MeteorError('mongo.invalid-collection-name', 'A collection name must be a non-empty string, or null for a local collection');
    }
    if (typeof options !== 'object' || options === null) throw new TypeError('collection options must be an object');
    const idGeneration = options.idGeneration ?? 'STRING';
    if (idGeneration !== 'STRING' && idGeneration !== 'MONGO') {
      throw new MeteorError('mongo.invalid-options', `idGeneration must be "STRING" or "MONGO", got ${String(idGeneration)}`);
    }
    if (options.transform !== undefined && options.transform !== null && typeof options.transform !== 'function') {
      throw new MeteorError('mongo.invalid-options', 'transform must be a function or null');
    }
    this._name = name;
    this.#idGeneration = idGeneration;
    this.#transform = options.transform ?? null;
    this._collection = new LocalCollection(name, { makeNewId: () => this._makeNewID() });
    this._connection = name === null || options.connection === null ? null : (options.connection ?? clientMeteorApi.connection);

    if (this._connection !== null && name !== null) {
      const store = createClientCollectionStore(
        this._collection,
        (message) => debug(`[mongo] ${message}`),
        () => this.#kept,
      );
      if (!this._connection.registerStoreClient(name, store)) {
        throw new MeteorError('mongo.duplicate-collection', `There is already a collection named "${name}"`);
      }
      if (options.defineMutationMethods !== false) this.#defineMutationMethods(this._connection, name);
    }
  }

  /**
   * Keeps the first `limit` documents of `selector` (by `sort`) on the device, so the next page
   * load paints them before the server answers (see collection-cache.ts for opening, reconciling
   * and wiping). One kept selector per collection.
   */
  keep(selector: Selector = {}, options: KeepOptions = {}): KeptDocuments {
    if (this._name === null) throw new MeteorError('mongo.invalid-options', 'keep(): a local collection has nothing to keep');
    if (this.#kept !== undefined) throw new MeteorError('mongo.invalid-options', `keep(): collection '${this._name}' is already kept`);
    const kept = new KeptDocuments({ name: this._name, local: this._collection, connection: this._connection }, selector, options);
    collectionCache.register(kept);
    this.#kept = kept;
    return kept;
  }

  /**
   * Reactive: a method's stub wrote this document and the server has not answered yet, so what
   * is shown of it is a guess (a "waiting to send" mark).
   */
  hasPendingWrites(id: DocumentId): boolean {
    if (this._connection === null || this._name === null) return false;
    return this._connection.hasPendingWrites(this._name, idStringify(id));
  }

  // ── reads ─────────────────────────────────────────────────────────────────────

  find(...args: [selector?: Selector, options?: FindOptions<T>]): Cursor<T> {
    return this._collection.find<T>(this.#selector(args), this.#withTransform(args[1] ?? {}));
  }

  findOne(...args: [selector?: Selector, options?: FindOptions<T>]): T | undefined {
    return this._collection.findOne<T>(this.#selector(args), this.#withTransform(args[1] ?? {}));
  }

  async findOneAsync(...args: [selector?: Selector, options?: FindOptions<T>]): Promise<T | undefined> {
    return this.findOne(...args);
  }

  async countDocuments(...args: [selector?: Selector]): Promise<number> {
    return this._collection.find(this.#selector(args), { reactive: false }).count();
  }

  async estimatedDocumentCount(): Promise<number> {
    return this._collection.size;
  }

  // ── writes ────────────────────────────────────────────────────────────────────

  /** Inserts (locally at once, on the server through the connection); returns the new id. */
  insert(doc: ClientInsertDoc<T>, callback?: (error: unknown, id?: DocumentId) => void): DocumentId {
    const prepared = this.#prepareInsert(doc);
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) {
      return this.#localWrite(() => {
        this._collection.insert(prepared);
        return prepared._id as DocumentId;
      }, callback);
    }
    this._connection.apply(`/${this._name}/insertAsync`, [prepared], { returnStubValue: true }, (error) =>
      callback?.(error, error ? undefined : (prepared._id as DocumentId)),
    );
    return prepared._id as DocumentId;
  }

  insertAsync(doc: ClientInsertDoc<T>): MethodPromise<DocumentId> {
    const prepared = this.#prepareInsert(doc);
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) {
      return localPromise(() => {
        this._collection.insert(prepared);
        return prepared._id as DocumentId;
      });
    }
    const call = this._connection.applyAsync(`/${this._name}/insertAsync`, [prepared], { returnStubValue: true });
    return mapMethodPromise(call, () => prepared._id as DocumentId);
  }

  update(selector: Selector, modifier: Doc, options: ClientUpdateOptions = {}, callback?: (error: unknown, count?: number) => void): number {
    const args = this.#prepareUpdate(selector, modifier, options);
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) {
      return this.#localWrite(() => countOf(this._collection.update(args.selector, modifier, args.options)), callback);
    }
    return this._connection.apply(`/${this._name}/updateAsync`, [args.selector, modifier, args.options], { returnStubValue: true }, (error, result) =>
      callback?.(error, countOf(result)),
    ) as number;
  }

  updateAsync(selector: Selector, modifier: Doc, options: ClientUpdateOptions = {}): MethodPromise<number> {
    const args = this.#prepareUpdate(selector, modifier, options);
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) {
      return localPromise(() => countOf(this._collection.update(args.selector, modifier, args.options)));
    }
    const call = this._connection.applyAsync(`/${this._name}/updateAsync`, [args.selector, modifier, args.options]);
    return mapMethodPromise(call, countOf);
  }

  /** Updates the matching document or inserts one (with the same id on client and server). */
  upsertAsync(selector: Selector, modifier: Doc, options: Omit<ClientUpdateOptions, 'upsert'> = {}): MethodPromise<ClientUpsertResult> {
    const args = this.#prepareUpdate(selector, modifier, { ...options, upsert: true });
    const withReturn = { ...args.options, _returnObject: true };
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) {
      return localPromise(() => upsertResultOf(this._collection.update(args.selector, modifier, withReturn)));
    }
    const call = this._connection.applyAsync(`/${this._name}/updateAsync`, [args.selector, modifier, withReturn]);
    return mapMethodPromise(call, upsertResultOf);
  }

  remove(selector: Selector, callback?: (error: unknown, count?: number) => void): number {
    const normalized = this.#prepareRemove(selector);
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) {
      return this.#localWrite(() => this._collection.remove(normalized), callback);
    }
    return this._connection.apply(`/${this._name}/removeAsync`, [normalized], { returnStubValue: true }, (error, result) =>
      callback?.(error, countOf(result)),
    ) as number;
  }

  removeAsync(selector: Selector): MethodPromise<number> {
    const normalized = this.#prepareRemove(selector);
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) {
      return localPromise(() => this._collection.remove(normalized));
    }
    return mapMethodPromise(this._connection.applyAsync(`/${this._name}/removeAsync`, [normalized]), countOf);
  }

  /** A new `_id`: seeded from the running stub's randomSeed, so the server makes the same one. */
  _makeNewID(): DocumentId {
    const source = this._name === null ? Random : randomStream(`/collection/${this._name}`);
    return this.#idGeneration === 'MONGO' ? new ObjectID(source.hexString(24)) : source.id();
  }

  // ── internals ─────────────────────────────────────────────────────────────────

  /** Meteor's selector rules (rewriteSelector); function selectors run in minimongo as they are. */
  #selector(args: readonly unknown[], fallbackId?: DocumentId): Selector {
    const selector = args[0];
    if (typeof selector === 'function') return selector as Selector;
    const rewritten = rewriteSelector(selector, args.length > 0 ? 'given' : 'omitted', this._name, fallbackId);
    if (rewritten.kind === 'invalid') throw new MeteorError('mongo.invalid-selector', rewritten.reason);
    return rewritten.selector;
  }

  #withTransform(options: FindOptions<T>): FindOptions<T> {
    if (typeof options !== 'object' || options === null) throw new MeteorError('mongo.invalid-options', 'find options must be an object');
    if (options.transform !== undefined || this.#transform === null) return options;
    return { ...options, transform: this.#transform };
  }

  #prepareInsert(doc: object): Doc {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new MeteorError('mongo.invalid-document', 'Document to insert must be an object');
    }
    return '_id' in doc && doc._id !== undefined ? { ...doc } : { ...doc, _id: this._makeNewID() };
  }

  #prepareUpdate(selector: Selector, modifier: Doc, options: ClientUpdateOptions): { selector: Selector; options: Doc } {
    if (typeof modifier !== 'object' || modifier === null || Array.isArray(modifier)) {
      throw new MeteorError('mongo.invalid-modifier', 'Modifier must be an object');
    }
    if (typeof options !== 'object' || options === null) throw new MeteorError('mongo.invalid-options', 'update options must be an object');
    // An upsert whose selector can match nothing inserts under a seeded id the server reuses.
    const fallbackId = options.upsert === true && selectsNothing(selector) ? this._makeNewID() : undefined;
    const normalized = this.#selector([selector], fallbackId);
    this.#assertTrustedOrById(normalized, 'update');
    const out: Doc = { ...options };
    // An upsert that inserts needs the id the stub used, or client and server would differ.
    if (options.upsert === true && !hasIdSelector(normalized)) out.insertedId = this._makeNewID();
    return { selector: normalized, options: out };
  }

  #prepareRemove(selector: Selector): Selector {
    const normalized = this.#selector([selector]);
    this.#assertTrustedOrById(normalized, 'remove');
    return normalized;
  }

  /** Meteor's rule: code outside a method may only update or remove remote documents by _id. */
  #assertTrustedOrById(selector: Selector, what: 'update' | 'remove'): void {
    if (this._connection === null || this._name === null || currentInvocation() !== undefined) return;
    if (!hasIdSelector(selector)) {
      throw new MeteorError(403, `Not permitted. Untrusted code may only ${what} documents by ID.`);
    }
  }

  #localWrite<R>(write: () => R, callback: ((error: unknown, result?: R) => void) | undefined): R {
    if (callback === undefined) return write();
    let result: R;
    try {
      result = write();
    } catch (error) {
      callback(error);
      throw error;
    }
    callback(undefined, result);
    return result;
  }

  #defineMutationMethods(connection: Connection, name: string): void {
    const local = this._collection;
    const stubs: Record<MutatorName, MethodStub> = {
      insertAsync: (doc: Doc) => local.insert(doc),
      updateAsync: (selector: Selector, modifier: Doc, options?: Doc) => local.update(selector, modifier, { ...(options ?? {}) }),
      removeAsync: (selector: Selector) => local.remove(selector),
    };
    const methods: Record<string, MethodStub> = {};
    for (const [mutator, fn] of Object.entries(stubs)) {
      methods[`/${name}/${mutator}`] = fn;
      // The pre-3.0 names reach the same server methods; defined so old code simulates too.
      methods[`/${name}/${mutator.replace(/Async$/, '')}`] = fn;
    }
    connection.methods(methods);
  }
}

function hasIdSelector(selector: Selector): boolean {
  if (typeof selector !== 'object' || selector === null || Array.isArray(selector)) return false;
  const id = (selector as Doc)._id;
  return Object.keys(selector).length === 1 && (typeof id === 'string' || id instanceof ObjectID);
}

function countOf(result: unknown): number {
  if (typeof result === 'number') return result;
  if (typeof result === 'object' && result !== null && typeof (result as { numberAffected?: unknown }).numberAffected === 'number') {
    return (result as { numberAffected: number }).numberAffected;
  }
  return 0;
}

function upsertResultOf(result: unknown): ClientUpsertResult {
  if (typeof result === 'object' && result !== null && typeof (result as { numberAffected?: unknown }).numberAffected === 'number') {
    const { numberAffected, insertedId } = result as { numberAffected: number; insertedId?: DocumentId };
    return insertedId === undefined ? { numberAffected } : { numberAffected, insertedId };
  }
  return { numberAffected: countOf(result) };
}

function localPromise<R>(write: () => R): MethodPromise<R> {
  let promise: Promise<R>;
  try {
    promise = Promise.resolve(write());
  } catch (error) {
    promise = Promise.reject(error);
  }
  return Object.assign(promise, { stubPromise: promise as Promise<unknown>, serverPromise: promise });
}

function mapMethodPromise<R>(call: MethodPromise, map: (value: unknown) => R): MethodPromise<R> {
  const server = call.then(map);
  return Object.assign(server, { stubPromise: call.stubPromise, serverPromise: server });
}
