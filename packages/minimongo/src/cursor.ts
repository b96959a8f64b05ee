import { MinimongoError } from './errors';
import type { Entry, ObserveChangesCallbacks } from './live-query';
import type { Matcher } from './matcher';
import { changesCallbacksAreOrdered, observeCallbacksAreOrdered, observeChangesFromObserve, type ObserveCallbacks } from './observe-callbacks';
import { compileSharedProjection, type FieldSpecifier, type Projection } from './projection';
import { dependOnQuery } from './reactivity';
import { sortEntries } from './sort-entries';
import { Sorter, type SortSpecifier } from './sorter';
import { Tracker } from '@perseid/tracker';
import { cloneValue, valuesEqual, type Document, type DocumentId } from './value-types';

export interface FindOptions<T = Document> {
  sort?: SortSpecifier;
  skip?: number;
  limit?: number;
  fields?: FieldSpecifier;
  /** Meteor 2.x+ name for `fields`. */
  projection?: FieldSpecifier;
  /** `false`: fetch/count/findOne never invalidate, observers report the initial result only. */
  reactive?: boolean;
  transform?: ((doc: Document) => T) | null;
}

/** Handle of a running observe/observeChanges; `stop()` may be called any number of times. */
export interface ObserveHandle {
  stop(): void;
  readonly isReady: true;
  readonly isReadyPromise: Promise<void>;
}

export interface ObserveChangesOptions {
  /** Meteor's flag: do not report the documents already in the result. */
  _suppress_initial?: boolean;
  /** Accepts unordered callbacks on a skip/limit query (its window is still tracked in order). */
  _allow_unordered?: boolean;
}

/** What a cursor needs from its collection. */
export interface CursorSource {
  /** Matching candidates in natural (insertion) order; a fast path when the selector is an id. */
  entries(matcher: Matcher, selectorId: DocumentId | undefined): Entry[];
  observeChanges(query: CompiledQuery, callbacks: ObserveChangesCallbacks, ordered: boolean, suppressInitial: boolean): ObserveHandle;
}

export interface CompiledQuery {
  readonly matcher: Matcher;
  readonly selectorId: DocumentId | undefined;
  readonly sorter: Sorter | undefined;
  readonly skip: number;
  readonly limit: number | undefined;
  readonly projection: Projection;
}

/** A query over a LocalCollection. Reading methods are reactive inside a Tracker computation. */
export class Cursor<T = Document> implements Iterable<T>, AsyncIterable<T> {
  readonly #source: CursorSource;
  readonly #query: CompiledQuery;
  readonly #reactive: boolean;
  readonly #transform: (doc: Document) => T;
  /** `{ _id: 0 }` projections cannot be observed: observers identify documents by id. */
  readonly #withoutIds: boolean;

  constructor(source: CursorSource, selector: unknown, matcher: Matcher, selectorId: DocumentId | undefined, options: FindOptions<T> = {}) {
    this.#source = source;
    const skip = validateCount(options.skip, 'skip') ?? 0;
    // Meteor treats `limit: 0` as "no limit".
    const limit = validateCount(options.limit, 'limit') || undefined;
    const sorter =
      options.sort !== undefined
        ? new Sorter(options.sort, selector)
        : matcher.hasGeoQuery()
          ? // As MongoDB: `$near` results come nearest first unless a sort is given.
            new Sorter((a, b) => (matcher.nearDistance(a) ?? Infinity) - (matcher.nearDistance(b) ?? Infinity))
          : undefined;
    const fields = options.fields ?? options.projection;
    this.#withoutIds = fields !== undefined && (fields._id === 0 || fields._id === false);
    this.#query = {
      matcher,
      selectorId,
      sorter,
      skip,
      limit,
      projection: compileSharedProjection(fields),
    };
    this.#reactive = options.reactive ?? true;
    this.#transform = typeof options.transform === 'function' ? wrapTransform(options.transform) : (doc) => doc as T;
  }

  /** The matching documents, sorted, skipped, limited and projected (fresh copies). */
  fetch(): T[] {
    this.#depend({ addedBefore: true, changed: true, movedBefore: true, removed: true });
    return this.#raw().map((doc) => this.#transform(cloneValue(this.#query.projection(doc))));
  }

  /** Number of documents in the result (honouring skip and limit); reactive on membership only. */
  count(): number {
    this.#depend({ added: true, removed: true });
    return this.#raw().length;
  }

  forEach(callback: (doc: T, index: number, cursor: this) => void, thisArg?: unknown): void {
    this.fetch().forEach((doc, index) => {
      callback.call(thisArg, doc, index, this);
    });
  }

  map<U>(callback: (doc: T, index: number, cursor: this) => U, thisArg?: unknown): U[] {
    return this.fetch().map((doc, index) => callback.call(thisArg, doc, index, this));
  }

  [Symbol.iterator](): Iterator<T> {
    return this.fetch()[Symbol.iterator]();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (const doc of this.fetch()) yield doc;
  }

  observeChanges(callbacks: ObserveChangesCallbacks, options: ObserveChangesOptions = {}): ObserveHandle {
    if (this.#withoutIds) throw cannotObserveWithoutIds();
    let ordered = changesCallbacksAreOrdered(callbacks);
    if (!ordered && (this.#query.skip > 0 || this.#query.limit !== undefined)) {
      if (!options._allow_unordered) throw mustBeOrdered();
      ordered = true;
    }
    return this.#stopOnInvalidate(this.#source.observeChanges(this.#query, callbacks, ordered, options._suppress_initial === true));
  }

  observe(callbacks: ObserveCallbacks<T>): ObserveHandle {
    if (this.#withoutIds) throw cannotObserveWithoutIds();
    const ordered = observeCallbacksAreOrdered(callbacks);
    if (!ordered && (this.#query.skip > 0 || this.#query.limit !== undefined)) throw mustBeOrdered();
    let initial = true;
    const suppress = callbacks._suppress_initial === true;
    const changes = observeChangesFromObserve(callbacks, ordered, this.#transform, () => initial && suppress);
    const handle = this.#source.observeChanges(this.#query, changes, ordered, false);
    initial = false;
    return this.#stopOnInvalidate(handle);
  }

  /**
   * As Meteor: an observer started inside a computation ends when the computation re-runs or
   * stops, and a `reactive: false` cursor reports its initial result only.
   */
  #stopOnInvalidate(handle: ObserveHandle): ObserveHandle {
    if (!this.#reactive) handle.stop();
    else if (Tracker.active) Tracker.onInvalidate(() => handle.stop());
    return handle;
  }

  fetchAsync(): Promise<T[]> {
    return settle(() => this.fetch());
  }
  countAsync(): Promise<number> {
    return settle(() => this.count());
  }
  forEachAsync(callback: (doc: T, index: number, cursor: this) => void, thisArg?: unknown): Promise<void> {
    return settle(() => this.forEach(callback, thisArg));
  }
  mapAsync<U>(callback: (doc: T, index: number, cursor: this) => U, thisArg?: unknown): Promise<U[]> {
    return settle(() => this.map(callback, thisArg));
  }
  observeAsync(callbacks: ObserveCallbacks<T>): Promise<ObserveHandle> {
    return settle(() => this.observe(callbacks));
  }
  observeChangesAsync(callbacks: ObserveChangesCallbacks, options?: ObserveChangesOptions): Promise<ObserveHandle> {
    return settle(() => this.observeChanges(callbacks, options));
  }

  #raw(): Document[] {
    const { matcher, selectorId, sorter, skip, limit } = this.#query;
    const entries = this.#source.entries(matcher, selectorId);
    const end = limit === undefined ? undefined : skip + limit;
    const sorted = sorter === undefined ? entries : sortEntries(entries, sorter, end);
    const window = skip === 0 && end === undefined ? sorted : sorted.slice(skip, end);
    return window.map((entry) => entry.doc);
  }

  #depend(changers: { added?: true; addedBefore?: true; changed?: true; movedBefore?: true; removed?: true }): void {
    if (!this.#reactive) return;
    dependOnQuery((notify) => {
      const callbacks: ObserveChangesCallbacks = {};
      const windowed = this.#query.skip > 0 || this.#query.limit !== undefined;
      if (changers.added || changers.addedBefore) {
        if (windowed || changers.addedBefore) callbacks.addedBefore = notify;
        else callbacks.added = notify;
      }
      if (changers.changed) callbacks.changed = notify;
      if (changers.movedBefore) callbacks.movedBefore = notify;
      if (changers.removed) callbacks.removed = notify;
      const ordered = callbacks.addedBefore !== undefined;
      return this.#source.observeChanges(this.#query, callbacks, ordered, true);
    });
  }
}

/**
 * Meteor's transform contract: the function runs outside any Tracker computation, must return
 * an object, and keeps the document's `_id` (it is added back if the result lacks one).
 */
function wrapTransform<T>(transform: (doc: Document) => T): (doc: Document) => T {
  return (doc) => {
    const id = doc._id;
    const result = Tracker.nonreactive(() => transform(doc));
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw new MinimongoError('minimongo.bad-options', 'transform must return object');
    }
    const out = result as Document;
    if (!('_id' in out)) out._id = id;
    else if (!valuesEqual(out._id, id)) {
      throw new MinimongoError('minimongo.bad-options', "transformed document can't have different _id");
    }
    return result;
  };
}

function cannotObserveWithoutIds(): MinimongoError {
  return new MinimongoError('minimongo.bad-options', 'You may not observe a cursor with {fields: {_id: 0}}');
}

function mustBeOrdered(): MinimongoError {
  return new MinimongoError(
    'minimongo.bad-options',
    "Must use an ordered observe with skip or limit (i.e. 'addedBefore' for observeChanges or 'addedAt' for observe, instead of 'added').",
  );
}

function validateCount(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new MinimongoError('minimongo.bad-options', `${name} must be a non-negative integer`);
  }
  return value;
}

function settle<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
