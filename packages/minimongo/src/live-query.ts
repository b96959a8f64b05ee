import {
  diffQueryOrderedChanges,
  diffQueryUnorderedChanges,
  makeChangedFields,
  type ChangedFields,
  type OrderedChangeObserver,
  type UnorderedChangeObserver,
} from './diff-sequence';
import { IdMap } from './id-map';
import type { Matcher } from './matcher';
import type { Projection } from './projection';
import { sortEntries } from './sort-entries';
import type { Sorter } from './sorter';
import { cloneValue, type Document, type DocumentId } from './value-types';

/**
 * A stored document with its insertion sequence number. Entries are immutable: an update
 * makes a new entry with the same `seq`, so the old one can still be located by position.
 */
export interface Entry {
  readonly doc: Document;
  readonly seq: number;
}

/** observeChanges callbacks: unordered (`added`) or ordered (`addedBefore`/`movedBefore`). */
export interface ObserveChangesCallbacks {
  added?(id: DocumentId, fields: Document): void;
  addedBefore?(id: DocumentId, fields: Document, before: DocumentId | null): void;
  changed?(id: DocumentId, fields: ChangedFields): void;
  movedBefore?(id: DocumentId, before: DocumentId | null): void;
  removed?(id: DocumentId): void;
}

export interface LiveQueryOptions {
  readonly matcher: Matcher;
  /** Sort order of documents; ties (and the unsorted case) fall back to insertion order. */
  readonly sorter: Sorter | undefined;
  readonly skip: number;
  readonly limit: number | undefined;
  readonly projection: Projection;
  readonly ordered: boolean;
  readonly callbacks: ObserveChangesCallbacks;
  /** Where callback invocations go; the collection runs them after each write completes. */
  readonly enqueue: (task: () => void) => void;
}

type QueryState = 'live' | 'paused' | 'stopped';

/**
 * One observeChanges registration: keeps the query's current result incrementally (ordered
 * results in a sorted array maintained by binary search, unordered ones in an id map) and
 * reports each write's effect on it.
 */
export class LiveQuery {
  readonly #options: LiveQueryOptions;
  readonly #compare: (a: Entry, b: Entry) => number;
  /** Ordered queries: every matching entry in result order (the window is a slice of it). */
  #matches: Entry[] = [];
  /** Unordered queries: the matching documents. */
  #results = new IdMap<Document>();
  #state: QueryState = 'live';
  /** The visible result when observers were paused, to diff against on resume. */
  #snapshot: Document[] | IdMap<Document> | undefined;
  readonly #sink: OrderedChangeObserver & UnorderedChangeObserver;

  constructor(options: LiveQueryOptions, entries: Iterable<Entry>) {
    this.#options = options;
    const sortCompare = options.sorter?.getComparator();
    this.#compare = sortCompare === undefined ? (a, b) => a.seq - b.seq : (a, b) => sortCompare(a.doc, b.doc) || a.seq - b.seq;
    const matching: Entry[] = [];
    for (const entry of entries) if (options.matcher.documentMatches(entry.doc).result) matching.push(entry);
    if (options.ordered) {
      this.#matches = options.sorter === undefined ? matching : sortEntries(matching, options.sorter, undefined);
    } else {
      for (const entry of matching) this.#results.set(entry.doc._id as DocumentId, entry.doc);
    }
    this.#sink = this.#makeSink();
  }

  get stopped(): boolean {
    return this.#state === 'stopped';
  }

  stop(): void {
    this.#state = 'stopped';
    this.#matches = [];
    this.#results = new IdMap();
  }

  /** The documents currently in the result, in result order. */
  currentDocuments(): Document[] {
    return this.#options.ordered ? this.#window().map((e) => e.doc) : [...this.#results.values()];
  }

  /**
   * Reports the initial result as additions, synchronously: the caller of observeChanges sees
   * them before it returns, even when called from inside another observer's callback (when
   * queued work would only run after that callback).
   */
  reportInitial(): void {
    if (this.#state !== 'live') return;
    const { callbacks, ordered } = this.#options;
    for (const doc of this.currentDocuments()) {
      if (this.stopped) return;
      const id = doc._id as DocumentId;
      if (ordered && callbacks.addedBefore !== undefined) callbacks.addedBefore(id, this.#fields(doc), null);
      else callbacks.added?.(id, this.#fields(doc));
    }
  }

  /**
   * Stops reporting until `resume`. `fromEmpty` (a query started while its collection is
   * paused) makes the resume diff start from nothing, so it reports the whole result then.
   */
  pause(fromEmpty = false): void {
    if (this.#state !== 'live') return;
    this.#state = 'paused';
    if (fromEmpty) this.#snapshot = this.#options.ordered ? [] : new IdMap();
    else this.#snapshot = this.#options.ordered ? this.currentDocuments() : this.#results.clone();
  }

  /** Reports, as one diff, everything that changed while paused. */
  resume(): void {
    if (this.#state !== 'paused') return;
    this.#state = 'live';
    const snapshot = this.#snapshot;
    this.#snapshot = undefined;
    const projectionFn = this.#options.projection;
    if (Array.isArray(snapshot)) {
      diffQueryOrderedChanges(snapshot, this.currentDocuments(), this.#sink, { projectionFn });
    } else if (snapshot !== undefined) {
      diffQueryUnorderedChanges(snapshot, this.#results, this.#sink, { projectionFn });
    }
  }

  onInsert(entry: Entry): void {
    if (this.#state === 'stopped' || !this.#options.matcher.documentMatches(entry.doc).result) return;
    if (!this.#options.ordered) {
      this.#results.set(entry.doc._id as DocumentId, entry.doc);
      this.#sink.added?.(entry.doc._id as DocumentId, this.#fields(entry.doc));
      return;
    }
    this.#applyOrdered(undefined, entry);
  }

  onRemove(entry: Entry): void {
    if (this.#state === 'stopped') return;
    const id = entry.doc._id as DocumentId;
    if (!this.#options.ordered) {
      if (this.#results.delete(id)) this.#sink.removed?.(id);
      return;
    }
    if (this.#indexOf(entry) === -1) return;
    this.#applyOrdered(entry, undefined);
  }

  onUpdate(oldEntry: Entry, newEntry: Entry): void {
    if (this.#state === 'stopped') return;
    const id = newEntry.doc._id as DocumentId;
    const matchesNow = this.#options.matcher.documentMatches(newEntry.doc).result;
    if (!this.#options.ordered) {
      const before = this.#results.get(id);
      if (matchesNow) this.#results.set(id, newEntry.doc);
      else this.#results.delete(id);
      if (before === undefined && matchesNow) this.#sink.added?.(id, this.#fields(newEntry.doc));
      else if (before !== undefined && !matchesNow) this.#sink.removed?.(id);
      else if (before !== undefined) this.#reportChanged(id, newEntry.doc, before);
      return;
    }
    const matchedBefore = this.#indexOf(oldEntry) !== -1;
    if (!matchedBefore && !matchesNow) return;
    this.#applyOrdered(matchedBefore ? oldEntry : undefined, matchesNow ? newEntry : undefined);
  }

  #window(): Entry[] {
    const { skip, limit } = this.#options;
    if (skip === 0 && limit === undefined) return this.#matches;
    return this.#matches.slice(skip, limit === undefined ? undefined : skip + limit);
  }

  /** Replaces `oldEntry` (if any) by `newEntry` (if any) in the ordered result and reports it. */
  #applyOrdered(oldEntry: Entry | undefined, newEntry: Entry | undefined): void {
    const { skip, limit } = this.#options;
    const windowed = skip > 0 || limit !== undefined;
    const end = limit === undefined ? Infinity : skip + limit;
    const oldIndex = oldEntry === undefined ? -1 : this.#indexOf(oldEntry);

    if (windowed && skip === 0) {
      this.#applyToPrefix(oldEntry, oldIndex, newEntry, end);
      return;
    }
    if (windowed) {
      // Only positions before the window's end can change what is visible.
      const previous = this.#window().map((e) => e.doc);
      if (oldIndex !== -1) this.#matches.splice(oldIndex, 1);
      const newIndex = newEntry === undefined ? -1 : this.#insertionIndex(newEntry);
      if (newEntry !== undefined) this.#matches.splice(newIndex, 0, newEntry);
      const touchesWindow = (oldIndex !== -1 && oldIndex < end) || (newIndex !== -1 && newIndex < end);
      if (touchesWindow && this.#state === 'live') {
        diffQueryOrderedChanges(
          previous,
          this.#window().map((e) => e.doc),
          this.#sink,
          {
            projectionFn: this.#options.projection,
          },
        );
      }
      return;
    }

    if (oldIndex !== -1) this.#matches.splice(oldIndex, 1);
    if (newEntry === undefined) {
      this.#sink.removed?.((oldEntry as Entry).doc._id as DocumentId);
      return;
    }
    const newIndex = this.#insertionIndex(newEntry);
    this.#matches.splice(newIndex, 0, newEntry);
    const id = newEntry.doc._id as DocumentId;
    const before = this.#matches[newIndex + 1]?.doc._id as DocumentId | undefined;
    if (oldEntry === undefined) {
      this.#sink.addedBefore?.(id, this.#fields(newEntry.doc), before ?? null);
      return;
    }
    this.#reportChanged(id, newEntry.doc, oldEntry.doc);
    if (newIndex !== oldIndex) this.#sink.movedBefore?.(id, before ?? null);
  }

  /**
   * `#applyOrdered` for a window that starts at the first match (limit, no skip), the common
   * case: one write moves at most one document in or out of the first `limit`, so the change is
   * reported from the two positions alone instead of diffing the whole window (which made
   * filling a limit of n documents one insert at a time cost O(n²)).
   */
  #applyToPrefix(oldEntry: Entry | undefined, oldIndex: number, newEntry: Entry | undefined, limit: number): void {
    const matches = this.#matches;
    if (oldIndex !== -1) matches.splice(oldIndex, 1);
    const newIndex = newEntry === undefined ? -1 : this.#insertionIndex(newEntry);
    if (newEntry !== undefined) matches.splice(newIndex, 0, newEntry);
    const wasIn = oldIndex !== -1 && oldIndex < limit;
    const isIn = newIndex !== -1 && newIndex < limit;
    const sink = this.#sink;
    const before = (index: number): DocumentId | null => (index + 1 < limit ? ((matches[index + 1]?.doc._id as DocumentId | undefined) ?? null) : null);
    if (wasIn && isIn) {
      // The same document stays among the first `limit`: the others are unchanged.
      const id = (newEntry as Entry).doc._id as DocumentId;
      this.#reportChanged(id, (newEntry as Entry).doc, (oldEntry as Entry).doc);
      if (newIndex !== oldIndex) sink.movedBefore?.(id, before(newIndex));
      return;
    }
    if (wasIn) {
      // It left: the next one after the window (now its last position) comes in, if any.
      sink.removed?.((oldEntry as Entry).doc._id as DocumentId);
      const next = matches[limit - 1];
      if (next !== undefined) sink.addedBefore?.(next.doc._id as DocumentId, this.#fields(next.doc), null);
      return;
    }
    if (isIn) {
      // It came in: the one pushed past the window's end goes (reported first, so `before` never
      // names a document the observer already dropped).
      const pushedOut = matches[limit];
      if (pushedOut !== undefined) sink.removed?.(pushedOut.doc._id as DocumentId);
      sink.addedBefore?.((newEntry as Entry).doc._id as DocumentId, this.#fields((newEntry as Entry).doc), before(newIndex));
    }
  }

  #reportChanged(id: DocumentId, newDoc: Document, oldDoc: Document): void {
    const project = this.#options.projection;
    const changed = makeChangedFields(project(newDoc), project(oldDoc));
    if (Object.keys(changed).length > 0) this.#sink.changed?.(id, cloneValue(changed));
  }

  /** Position of `entry` (located by its own sort key) in the ordered matches, or -1. */
  #indexOf(entry: Entry): number {
    const index = this.#lowerBound(entry);
    const found = this.#matches[index];
    return found !== undefined && found.seq === entry.seq ? index : -1;
  }

  #insertionIndex(entry: Entry): number {
    return this.#lowerBound(entry);
  }

  #lowerBound(entry: Entry): number {
    let lo = 0;
    let hi = this.#matches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(this.#matches[mid] as Entry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #fields(doc: Document): Document {
    const fields = cloneValue(this.#options.projection(doc));
    delete fields._id;
    return fields;
  }

  /** Turns result changes into queued user callbacks; silent while paused or stopped. */
  #makeSink(): OrderedChangeObserver & UnorderedChangeObserver {
    const { callbacks, enqueue } = this.#options;
    const live = (): boolean => this.#state === 'live';
    const run = (task: () => void): void => {
      if (!live()) return;
      enqueue(() => {
        if (this.#state !== 'stopped') task();
      });
    };
    return {
      added: (id, fields) => run(() => callbacks.added?.(id, fields)),
      addedBefore: (id, fields, before) =>
        run(() => {
          if (callbacks.addedBefore !== undefined) callbacks.addedBefore(id, fields, before);
          else callbacks.added?.(id, fields);
        }),
      changed: (id, fields) => run(() => callbacks.changed?.(id, fields)),
      movedBefore: (id, before) => run(() => callbacks.movedBefore?.(id, before)),
      removed: (id) => run(() => callbacks.removed?.(id)),
    };
  }
}
