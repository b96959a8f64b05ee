import { ObjectID } from '@perseid/ejson';
import { Random } from '@perseid/random';
import { CallbackQueue } from './callback-queue';
import { Cursor, type CompiledQuery, type CursorSource, type FindOptions, type ObserveHandle } from './cursor';
import { applyChanges, type ChangedFields } from './diff-sequence';
import { MinimongoError } from './errors';
import { IdMap } from './id-map';
import { LiveQuery, type Entry, type ObserveChangesCallbacks } from './live-query';
import type { Semantics } from './element-operators';
import { Matcher, type Selector } from './matcher';
import { assertValidFieldNames, modifyDocument } from './modifier';
import { createUpsertDocument } from './upsert-document';
import { cloneValue, isPlainObject, valuesEqual, type Document, type DocumentId } from './value-types';

export interface LocalCollectionOptions {
  /** Id for documents inserted without one (default: Meteor's 17-character Random.id()). */
  readonly makeNewId?: () => DocumentId;
  /** Clock for `$currentDate`. */
  readonly now?: () => Date;
  /** Where exceptions thrown by observer callbacks go (default: `console.error`). */
  readonly onCallbackError?: (error: unknown) => void;
  /**
   * Whose rules selectors and modifiers follow (see Matcher and modifyDocument): `'mongodb'`
   * makes the collection answer as the database server would. Default `'meteor'`.
   */
  readonly semantics?: Semantics;
}

export interface UpdateOptions {
  multi?: boolean;
  upsert?: boolean;
  /** Return `{ numberAffected, insertedId }` instead of a count (what `upsert` returns). */
  _returnObject?: boolean;
  /** Id for a document an upsert inserts (Meteor passes the method's seeded id here). */
  insertedId?: DocumentId;
  /** Filters for `$[<id>]` paths; only a collection with `semantics: 'mongodb'` takes them. */
  arrayFilters?: Document[];
}

export interface UpsertResult {
  numberAffected: number;
  insertedId?: DocumentId;
}

type ObserversState = 'live' | 'paused';

/**
 * Meteor's minimongo collection: an in-memory document store with MongoDB queries, modifiers
 * and live observers. Stored documents are never mutated in place (a write stores a new
 * object), which makes snapshots for `saveOriginals` and `pauseObservers` copy-free.
 */
export class LocalCollection {
  readonly name: string | null;
  readonly #docs = new IdMap<Entry>();
  #nextSeq = 0;
  readonly #queries = new Set<LiveQuery>();
  readonly #queue: CallbackQueue;
  #observers: ObserversState = 'live';
  #savedOriginals: IdMap<Document | undefined> | undefined;
  readonly #makeNewId: () => DocumentId;
  readonly #now: () => Date;
  readonly #semantics: Semantics;
  readonly #source: CursorSource;

  constructor(name?: string | null, options: LocalCollectionOptions = {}) {
    this.name = name ?? null;
    this.#makeNewId = options.makeNewId ?? (() => Random.id());
    this.#now = options.now ?? (() => new Date());
    this.#semantics = options.semantics ?? 'meteor';
    this.#queue = new CallbackQueue(options.onCallbackError ?? ((error) => console.error('Exception in minimongo observe callback:', error)));
    this.#source = {
      entries: (matcher, selectorId) => this.#matchingEntries(matcher, selectorId),
      observeChanges: (query, callbacks, ordered, suppressInitial) => this.#observeChanges(query, callbacks, ordered, suppressInitial),
    };
  }

  /**
   * As Meteor: `find()` with no argument matches everything, while an explicit `undefined` or
   * `null` selector matches nothing (a guard against an unset variable selecting all).
   */
  find<T = Document>(...args: [] | [selector: Selector, options?: FindOptions<T>]): Cursor<T> {
    const selector: Selector = args.length === 0 ? {} : args[0];
    return new Cursor<T>(this.#source, selector, new Matcher(selector, { semantics: this.#semantics }), selectorId(selector), args[1] ?? {});
  }

  findOne<T = Document>(...args: [] | [selector: Selector, options?: FindOptions<T>]): T | undefined {
    const selector: Selector = args.length === 0 ? {} : args[0];
    return this.find<T>(selector, { ...(args[1] ?? {}), limit: 1 }).fetch()[0];
  }

  insert(doc: Document): DocumentId {
    if (!isPlainObject(doc)) throw new MinimongoError('minimongo.bad-document', 'Document to insert must be an object');
    assertValidFieldNames(doc, 'minimongo.bad-document');
    const copy = cloneValue(doc);
    if (!('_id' in copy)) copy._id = this.#makeNewId();
    const id = assertValidId(copy._id);
    if (this.#docs.has(id)) {
      throw new MinimongoError('minimongo.duplicate-id', `Duplicate _id '${String(id)}'`);
    }
    this.#insertEntry(copy);
    this.#queue.drain();
    return id;
  }

  /** Updates matching documents; returns how many matched (or an UpsertResult with `_returnObject`). */
  update(selector: Selector, modifier: Document, options: UpdateOptions = {}): number | UpsertResult {
    const matcher = new Matcher(selector, { semantics: this.#semantics });
    const chosen = this.#matchingEntries(matcher, selectorId(selector), options.multi ? Infinity : 1);
    // Compute every new version before storing any, so a bad modifier changes nothing.
    const updated = chosen.map((entry) => ({
      entry,
      doc: modifyDocument(entry.doc, modifier, {
        matcher,
        now: this.#now,
        semantics: this.#semantics,
        ...(options.arrayFilters !== undefined ? { arrayFilters: options.arrayFilters } : {}),
      }),
    }));
    for (const { entry, doc } of updated) this.#replaceEntry(entry, doc);

    let result: UpsertResult = { numberAffected: updated.length };
    if (updated.length === 0 && options.upsert) {
      const doc = createUpsertDocument(selector, modifier, {
        now: this.#now,
        semantics: this.#semantics,
        ...(options.arrayFilters !== undefined ? { arrayFilters: options.arrayFilters } : {}),
      });
      if (!('_id' in doc)) doc._id = options.insertedId ?? this.#makeNewId();
      const insertedId = assertValidId(doc._id);
      if (this.#docs.has(insertedId)) {
        throw new MinimongoError('minimongo.duplicate-id', `Duplicate _id '${String(insertedId)}'`);
      }
      this.#insertEntry(doc);
      result = { numberAffected: 1, insertedId };
    }
    this.#queue.drain();
    return options._returnObject ? result : result.numberAffected;
  }

  upsert(selector: Selector, modifier: Document, options: Omit<UpdateOptions, 'upsert' | '_returnObject'> = {}): UpsertResult {
    return this.update(selector, modifier, { ...options, upsert: true, _returnObject: true }) as UpsertResult;
  }

  /** Removes matching documents; returns how many. */
  remove(selector: Selector): number {
    const targets = this.#matchingEntries(new Matcher(selector, { semantics: this.#semantics }), selectorId(selector));
    for (const entry of targets) this.#removeEntry(entry);
    this.#queue.drain();
    return targets.length;
  }

  insertAsync(doc: Document): Promise<DocumentId> {
    return settle(() => this.insert(doc));
  }
  updateAsync(selector: Selector, modifier: Document, options?: UpdateOptions): Promise<number | UpsertResult> {
    return settle(() => this.update(selector, modifier, options));
  }
  upsertAsync(selector: Selector, modifier: Document, options?: Omit<UpdateOptions, 'upsert' | '_returnObject'>): Promise<UpsertResult> {
    return settle(() => this.upsert(selector, modifier, options));
  }
  removeAsync(selector: Selector): Promise<number> {
    return settle(() => this.remove(selector));
  }
  findOneAsync<T = Document>(...args: [] | [selector: Selector, options?: FindOptions<T>]): Promise<T | undefined> {
    return settle(() => this.findOne<T>(...args));
  }

  // Store-facing writes (the DDP client's collection store): by id, no selector compilation.

  /** A private copy of the stored document, or undefined. */
  getDoc(id: DocumentId): Document | undefined {
    const entry = this.#docs.get(id);
    return entry === undefined ? undefined : cloneValue(entry.doc);
  }

  hasDoc(id: DocumentId): boolean {
    return this.#docs.has(id);
  }

  /** Number of stored documents. */
  get size(): number {
    return this.#docs.size;
  }

  /** Applies observeChanges-style changed fields (undefined removes a field) to one document. */
  changeDoc(id: DocumentId, fields: ChangedFields): void {
    const entry = this.#docs.get(id);
    if (entry === undefined) throw new MinimongoError('minimongo.bad-state', `No document with _id '${String(id)}' to change`);
    const doc = cloneValue(entry.doc);
    const { _id: ignored, ...rest } = fields;
    void ignored;
    applyChanges(doc, rest);
    this.#replaceEntry(entry, doc);
    this.#queue.drain();
  }

  /** Stores `doc` under `id` whether or not one exists; `undefined` removes it. */
  replaceDoc(id: DocumentId, doc: Document | undefined): void {
    const entry = this.#docs.get(id);
    if (doc === undefined) {
      if (entry !== undefined) this.#removeEntry(entry);
    } else {
      if (!isPlainObject(doc)) throw new MinimongoError('minimongo.bad-document', 'Document must be an object');
      const copy = { ...cloneValue(doc), _id: id };
      if (entry === undefined) this.#insertEntry(copy);
      else this.#replaceEntry(entry, copy);
    }
    this.#queue.drain();
  }

  /** Removes the document with this id, if any. Returns whether one was removed. */
  removeDoc(id: DocumentId): boolean {
    const entry = this.#docs.get(id);
    if (entry !== undefined) this.#removeEntry(entry);
    this.#queue.drain();
    return entry !== undefined;
  }

  // Observer batching and latency-compensation snapshots.

  /** Holds back observer callbacks; `resumeObservers` then reports one diff per observer. */
  pauseObservers(): void {
    if (this.#observers === 'paused') return;
    this.#observers = 'paused';
    for (const query of this.#queries) query.pause();
  }

  resumeObservers(): void {
    if (this.#observers === 'live') return;
    this.#observers = 'live';
    for (const query of this.#queries) query.resume();
    this.#queue.drain();
  }

  /** Starts recording the pre-write version of every document written until `retrieveOriginals`. */
  saveOriginals(): void {
    if (this.#savedOriginals !== undefined) {
      throw new MinimongoError('minimongo.bad-state', 'Called saveOriginals twice without retrieveOriginals');
    }
    this.#savedOriginals = new IdMap();
  }

  /** The documents as they were before the first write since `saveOriginals` (undefined: did not exist). */
  retrieveOriginals(): IdMap<Document | undefined> {
    const originals = this.#savedOriginals;
    if (originals === undefined) {
      throw new MinimongoError('minimongo.bad-state', 'Called retrieveOriginals without saveOriginals');
    }
    this.#savedOriginals = undefined;
    return originals;
  }

  /** Matching entries in natural order, at most `limit` of them. */
  #matchingEntries(matcher: Matcher, id: DocumentId | undefined, limit = Infinity): Entry[] {
    if (id !== undefined) {
      const entry = this.#docs.get(id);
      return entry !== undefined && matcher.documentMatches(entry.doc).result ? [entry] : [];
    }
    const out: Entry[] = [];
    if (limit === Infinity) {
      this.#docs.forEach((entry) => {
        if (matcher.documentMatches(entry.doc).result) out.push(entry);
      });
      return out;
    }
    for (const entry of this.#docs.values()) {
      if (matcher.documentMatches(entry.doc).result && out.push(entry) >= limit) break;
    }
    return out;
  }

  #observeChanges(query: CompiledQuery, callbacks: ObserveChangesCallbacks, ordered: boolean, suppressInitial: boolean): ObserveHandle {
    const live = new LiveQuery(
      {
        matcher: query.matcher,
        sorter: query.sorter,
        skip: query.skip,
        limit: query.limit,
        projection: query.projection,
        ordered,
        callbacks,
        enqueue: (task) => this.#queue.push(task),
      },
      this.#docs.values(),
    );
    if (this.#observers === 'paused') live.pause(!suppressInitial);
    this.#queries.add(live);
    if (!suppressInitial) live.reportInitial();
    this.#queue.drain();
    return {
      stop: () => {
        live.stop();
        this.#queries.delete(live);
      },
      isReady: true,
      isReadyPromise: Promise.resolve(),
    };
  }

  #saveOriginal(id: DocumentId, doc: Document | undefined): void {
    if (this.#savedOriginals !== undefined && !this.#savedOriginals.has(id)) this.#savedOriginals.set(id, doc);
  }

  #insertEntry(doc: Document): void {
    const id = doc._id as DocumentId;
    this.#saveOriginal(id, undefined);
    const entry: Entry = { doc, seq: this.#nextSeq++ };
    this.#docs.set(id, entry);
    for (const query of this.#queries) query.onInsert(entry);
  }

  #replaceEntry(entry: Entry, doc: Document): void {
    if (valuesEqual(entry.doc, doc)) return;
    const id = entry.doc._id as DocumentId;
    this.#saveOriginal(id, entry.doc);
    const next: Entry = { doc, seq: entry.seq };
    this.#docs.set(id, next);
    for (const query of this.#queries) query.onUpdate(entry, next);
  }

  #removeEntry(entry: Entry): void {
    const id = entry.doc._id as DocumentId;
    this.#saveOriginal(id, entry.doc);
    this.#docs.delete(id);
    for (const query of this.#queries) query.onRemove(entry);
  }
}

function selectorId(selector: Selector): DocumentId | undefined {
  if (typeof selector === 'string' || selector instanceof ObjectID) return selector;
  if (isPlainObject(selector) && Object.keys(selector).length === 1) {
    const id = selector._id;
    if (typeof id === 'string' || id instanceof ObjectID) return id;
  }
  return undefined;
}

function assertValidId(id: unknown): DocumentId {
  if ((typeof id === 'string' && id !== '') || id instanceof ObjectID) return id;
  if (typeof id === 'number') return id as unknown as DocumentId;
  throw new MinimongoError('minimongo.bad-document', 'Meteor requires document _id fields to be non-empty strings or ObjectIDs');
}

function settle<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
