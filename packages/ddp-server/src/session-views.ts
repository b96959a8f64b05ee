/**
 * One session's mergebox: a CollectionView per collection (created on first use, dropped when
 * empty), under each collection's publication strategy, writing client messages to a ViewSink.
 * Also computes the minimal messages between two snapshots (setUserId re-runs subscriptions and
 * sends only the difference, like Meteor's _diffCollectionViews).
 */
import { EJSON } from '@perseid/ejson';
import { createCollectionView, type CollectionView, type ViewSink } from './collection-view';
import type { ChangeCollector, Fields } from './document-view';
import type { PublicationStrategy } from './publication-strategies';

export type ViewSnapshot = Map<string, Map<string, Fields>>;

export class SessionViews<Owner> {
  #views: Map<string, CollectionView<Owner>> | undefined;
  /**
   * The view used last: a fan-out burst sends every session many messages for one collection in
   * a row, and this skips the map lookup (one less cold cache line per message per session).
   * Invariant: when set, it is the view `#views` holds for `#lastName`.
   */
  #lastName: string | undefined;
  #lastView: CollectionView<Owner> | undefined;

  constructor(
    readonly sink: ViewSink,
    readonly strategyFor: (collection: string) => PublicationStrategy,
  ) {}

  #view(collection: string): CollectionView<Owner> {
    if (collection === this.#lastName) return this.#lastView as CollectionView<Owner>;
    this.#views ??= new Map();
    let view = this.#views.get(collection);
    if (view === undefined) {
      view = createCollectionView<Owner>(collection, this.strategyFor(collection), this.sink);
      this.#views.set(collection, view);
    }
    this.#lastName = collection;
    this.#lastView = view;
    return view;
  }

  #dropIfEmpty(collection: string, view: CollectionView<Owner>): void {
    if (!view.isEmpty) return;
    this.#views?.delete(collection);
    if (this.#lastView === view) {
      this.#lastName = undefined;
      this.#lastView = undefined;
    }
  }

  added(owner: Owner, collection: string, id: string, fields: Fields): void {
    this.#view(collection).added(owner, id, fields);
  }

  changed(owner: Owner, collection: string, id: string, fields: Fields): void {
    this.#view(collection).changed(owner, id, fields);
  }

  removed(owner: Owner, collection: string, id: string): void {
    const view = this.#view(collection);
    view.removed(owner, id);
    this.#dropIfEmpty(collection, view);
  }

  /** Ids `owner` publishes, by collection, in the views that record publishers per document. */
  heldBy(owner: Owner): Array<[string, string[]]> {
    const out: Array<[string, string[]]> = [];
    for (const [collection, view] of this.#views ?? []) {
      const ids = view.heldBy(owner);
      if (ids.length > 0) out.push([collection, ids]);
    }
    return out;
  }

  /** Whether this session currently keeps a view of `collection` (built under its strategy). */
  has(collection: string): boolean {
    return this.#views?.has(collection) ?? false;
  }

  /** Number of collections with documents the client holds. */
  get collectionCount(): number {
    return this.#views?.size ?? 0;
  }

  /** What the client holds in merged collections. */
  snapshot(): ViewSnapshot {
    const out: ViewSnapshot = new Map();
    for (const [name, view] of this.#views ?? []) {
      const docs = view.documents();
      if (docs.size > 0) out.set(name, docs);
    }
    return out;
  }

  /** Forgets everything (the client's copy is then described by a snapshot taken before). */
  reset(): void {
    this.#views = undefined;
    this.#lastName = undefined;
    this.#lastView = undefined;
  }

  /** Sends what turns `before` into `after`. */
  static sendDiff(before: ViewSnapshot, after: ViewSnapshot, sink: ViewSink): void {
    for (const [collection, afterDocs] of after) {
      const beforeDocs = before.get(collection);
      for (const [id, fields] of afterDocs) {
        const old = beforeDocs?.get(id);
        if (old === undefined) {
          sink.added(collection, id, fields, undefined);
          continue;
        }
        const collector: ChangeCollector = {};
        let changed = false;
        for (const key of Object.keys(fields)) {
          if (!Object.hasOwn(old, key) || !EJSON.equals(old[key], fields[key])) {
            collector[key] = fields[key];
            changed = true;
          }
        }
        for (const key of Object.keys(old)) {
          if (!Object.hasOwn(fields, key)) {
            collector[key] = undefined;
            changed = true;
          }
        }
        if (changed) sink.changed(collection, id, collector, undefined);
      }
    }
    for (const [collection, beforeDocs] of before) {
      const afterDocs = after.get(collection);
      for (const id of beforeDocs.keys()) if (!afterDocs?.has(id)) sink.removed(collection, id);
    }
  }
}
