import type { FindCursor } from 'mongodb';
import { fromBsonDocument, toBsonDocument } from './bson-conversion';
import type { CursorDescription, Transform } from './cursor-description';
import type { MongoDocument } from './document-id';
import { PerseidMongoError } from './mongo-errors';
import { isOrderedChangesCallbacks, type ObserveChangesCallbacks } from './observe-callbacks';
import { observeFromChanges, type ObserveCallbacks } from './observe-from-changes';
import type { ObserveHandle } from './observe-handle';
import { publishCursor, type PublicationSink } from './publish-cursor';
import type { RemoteCollectionDriver } from './remote-collection-driver';
import type { ServerSyncApi } from './server-sync-api';

const CHANGE_CALLBACKS = ['added', 'addedBefore', 'changed', 'movedBefore', 'removed'] as const;
const OBSERVE_CALLBACKS = ['added', 'addedAt', 'changed', 'changedAt', 'removed', 'removedAt', 'movedTo'] as const;

function checkCallbacks(callbacks: unknown, names: readonly string[], method: string): void {
  if (typeof callbacks !== 'object' || callbacks === null) {
    throw new PerseidMongoError('mongo.invalid-callbacks', `${method} expects an object of callbacks`);
  }
  for (const name of names) {
    const value: unknown = (callbacks as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== 'function') {
      throw new PerseidMongoError('mongo.invalid-callbacks', `${method}: callback "${name}" must be a function`);
    }
  }
}

/**
 * A server cursor (Meteor 3's async API). It only describes a query; every method runs it
 * afresh, and observing shares one multiplexer between identical descriptions.
 */
export class Cursor<T = MongoDocument> {
  readonly description: CursorDescription;
  readonly #getDriver: () => RemoteCollectionDriver;
  readonly #transform: Transform;

  constructor(getDriver: () => RemoteCollectionDriver, description: CursorDescription, transform: Transform) {
    this.#getDriver = getDriver;
    this.description = description;
    this.#transform = transform;
  }

  #output(doc: MongoDocument): T {
    return (this.#transform ? this.#transform(doc) : doc) as T;
  }

  #rawFind(): FindCursor {
    const { sort, skip, limit, projection } = this.description.options;
    return this.#getDriver()
      .rawCollection(this.description.collectionName)
      .find(toBsonDocument(this.description.selector), {
        ...(sort ? { sort } : {}),
        ...(skip ? { skip } : {}),
        ...(limit ? { limit } : {}),
        ...(projection ? { projection } : {}),
      });
  }

  async fetchAsync(): Promise<T[]> {
    const docs = await this.#rawFind().toArray();
    return docs.map((d) => this.#output(fromBsonDocument(d) as MongoDocument));
  }

  /** Number of matching documents; skip and limit apply unless `applySkipLimit` is false. */
  async countAsync(applySkipLimit = true): Promise<number> {
    const { skip, limit } = this.description.options;
    return this.#getDriver()
      .rawCollection(this.description.collectionName)
      .countDocuments(toBsonDocument(this.description.selector), applySkipLimit ? { ...(skip ? { skip } : {}), ...(limit ? { limit } : {}) } : {});
  }

  async forEachAsync(callback: (doc: T, index: number, cursor: this) => unknown, thisArg?: unknown): Promise<void> {
    let index = 0;
    for await (const doc of this) await callback.call(thisArg, doc, index++, this);
  }

  async mapAsync<R>(callback: (doc: T, index: number, cursor: this) => R | Promise<R>, thisArg?: unknown): Promise<R[]> {
    const out: R[] = [];
    let index = 0;
    for await (const doc of this) out.push(await callback.call(thisArg, doc, index++, this));
    return out;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    const raw = this.#rawFind();
    try {
      for await (const doc of raw) yield this.#output(fromBsonDocument(doc) as MongoDocument);
    } finally {
      await raw.close();
    }
  }

  /**
   * Observes changes (ordered when `addedBefore`/`movedBefore` are given). Resolves after the
   * initial documents were delivered as adds. `transform` does not apply, as in Meteor.
   */
  async observeChangesAsync(callbacks: ObserveChangesCallbacks, options: { nonMutatingCallbacks?: boolean } = {}): Promise<ObserveHandle> {
    checkCallbacks(callbacks, CHANGE_CALLBACKS, 'observeChangesAsync');
    const ordered = isOrderedChangesCallbacks(callbacks);
    return this.#getDriver().observeChanges(this.description, ordered, callbacks, options.nonMutatingCallbacks === true);
  }

  /** Observes whole documents (ordered when any *At/movedTo callback is given), transformed. */
  async observeAsync(callbacks: ObserveCallbacks<T>): Promise<ObserveHandle> {
    checkCallbacks(callbacks, OBSERVE_CALLBACKS, 'observeAsync');
    const adapter = observeFromChanges(callbacks, (doc) => this.#output(doc));
    const handle = await this.observeChangesAsync(adapter.changes, { nonMutatingCallbacks: true });
    adapter.initialAddsDone();
    return handle;
  }

  /** Meteor 3 server names: `observeChanges`/`observe` return the same promise as the *Async forms. */
  observeChanges(callbacks: ObserveChangesCallbacks, options: { nonMutatingCallbacks?: boolean } = {}): Promise<ObserveHandle> {
    return this.observeChangesAsync(callbacks, options);
  }

  observe(callbacks: ObserveCallbacks<T>): Promise<ObserveHandle> {
    return this.observeAsync(callbacks);
  }

  // Meteor 3 removed the synchronous server reads; porting code gets told what to call instead,
  // by the compiler (a `this` type naming the replacement) and at run time.
  fetch(this: ServerSyncApi<'fetch', 'fetchAsync'>, ..._args: unknown[]): never {
    throw new PerseidMongoError('mongo.sync-api-on-server', 'fetch() is not available on the server in Meteor 3: use fetchAsync()');
  }

  count(this: ServerSyncApi<'count', 'countAsync'>, ..._args: unknown[]): never {
    throw new PerseidMongoError('mongo.sync-api-on-server', 'count() is not available on the server in Meteor 3: use countAsync()');
  }

  forEach(this: ServerSyncApi<'forEach', 'forEachAsync'>, ..._args: unknown[]): never {
    throw new PerseidMongoError('mongo.sync-api-on-server', 'forEach() is not available on the server in Meteor 3: use forEachAsync()');
  }

  map(this: ServerSyncApi<'map', 'mapAsync'>, ..._args: unknown[]): never {
    throw new PerseidMongoError('mongo.sync-api-on-server', 'map() is not available on the server in Meteor 3: use mapAsync()');
  }

  _getCollectionName(): string {
    return this.description.collectionName;
  }

  _publishCursor(sub: PublicationSink): Promise<{ stop(): void }> {
    return publishCursor(this, sub);
  }
}
