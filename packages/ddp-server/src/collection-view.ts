/**
 * What one session's client has of one collection, under the collection's publication strategy.
 * Every view turns subscription-level `added/changed/removed` into the client-level messages to
 * send, through a `ViewSink`. `source` is the object the publisher passed, handed on only when the
 * outgoing message carries exactly those fields, so the sink can reuse an encoded frame that other
 * sessions already built for the same object.
 */
import { DocumentView, type ChangeCollector, type Fields } from './document-view';
import type { PublicationStrategy } from './publication-strategies';

export interface ViewSink {
  added(collection: string, id: string, fields: Fields, source: Fields | undefined): void;
  /** `fields` values of `undefined` mean cleared. */
  changed(collection: string, id: string, fields: ChangeCollector, source: Fields | undefined): void;
  removed(collection: string, id: string): void;
}

export interface CollectionView<Owner> {
  readonly isEmpty: boolean;
  added(owner: Owner, id: string, fields: Fields): void;
  changed(owner: Owner, id: string, fields: Fields): void;
  removed(owner: Owner, id: string): void;
  /** The documents the client has, for diffing views when the user changes. */
  documents(): Map<string, Fields>;
  /** Ids of the documents `owner` publishes, when this view records publishers per document (else none). */
  heldBy(owner: Owner): string[];
}

function withoutId(fields: Fields): Fields {
  if (!Object.hasOwn(fields, '_id')) return fields;
  const { _id: _ignored, ...rest } = fields;
  return rest;
}

function isEmptyCollector(collector: ChangeCollector): boolean {
  for (const _key in collector) return false;
  return true;
}

/** True when `collector` holds exactly `source`'s keys and values (so `source` names the message). */
function sameAsSource(collector: ChangeCollector, source: Fields): boolean {
  let count = 0;
  for (const key in collector) {
    if (collector[key] !== source[key]) return false;
    count += 1;
  }
  return count === Object.keys(source).length;
}

/** SERVER_MERGE: the full mergebox. */
export class MergeCollectionView<Owner> implements CollectionView<Owner> {
  readonly #docs = new Map<string, DocumentView<Owner>>();
  constructor(
    readonly name: string,
    readonly sink: ViewSink,
  ) {}

  get isEmpty(): boolean {
    return this.#docs.size === 0;
  }

  added(owner: Owner, id: string, fields: Fields): void {
    const clean = withoutId(fields);
    const doc = this.#docs.get(id);
    if (doc === undefined) {
      this.#docs.set(id, new DocumentView(owner, clean));
      this.sink.added(this.name, id, clean, clean === fields ? fields : undefined);
      return;
    }
    const collector: ChangeCollector = {};
    doc.added(owner, clean, collector);
    if (!isEmptyCollector(collector)) this.sink.changed(this.name, id, collector, sameAsSource(collector, fields) ? fields : undefined);
  }

  changed(owner: Owner, id: string, fields: Fields): void {
    const doc = this.#docs.get(id);
    if (doc === undefined) throw new Error(`Could not find element with id ${id} to change`);
    const collector: ChangeCollector = {};
    doc.changed(owner, fields, collector);
    if (!isEmptyCollector(collector)) this.sink.changed(this.name, id, collector, sameAsSource(collector, fields) ? fields : undefined);
  }

  removed(owner: Owner, id: string): void {
    const doc = this.#docs.get(id);
    if (doc === undefined) throw new Error(`Removed nonexistent document ${id}`);
    if (doc.ownerCount === 1) {
      // The common case, decided without allocating a change collector.
      if (doc.hasOwner(owner)) {
        this.#docs.delete(id);
        this.sink.removed(this.name, id);
      }
      return;
    }
    const collector: ChangeCollector = {};
    if (doc.removed(owner, collector)) {
      this.#docs.delete(id);
      this.sink.removed(this.name, id);
    } else if (!isEmptyCollector(collector)) {
      this.sink.changed(this.name, id, collector, undefined);
    }
  }

  documents(): Map<string, Fields> {
    const out = new Map<string, Fields>();
    for (const [id, doc] of this.#docs) out.set(id, doc.snapshot());
    return out;
  }

  heldBy(owner: Owner): string[] {
    const ids: string[] = [];
    for (const [id, doc] of this.#docs) if (doc.hasOwner(owner)) ids.push(id);
    return ids;
  }
}

/** NO_MERGE and NO_MERGE_NO_HISTORY: every message goes straight to the client. */
export class PassThroughCollectionView<Owner> implements CollectionView<Owner> {
  constructor(
    readonly name: string,
    readonly sink: ViewSink,
  ) {}

  /** Stateless, so never dropped: re-creating it per message would cost more than keeping it. */
  readonly isEmpty = false;

  added(_owner: Owner, id: string, fields: Fields): void {
    const clean = withoutId(fields);
    this.sink.added(this.name, id, clean, clean === fields ? fields : undefined);
  }

  changed(_owner: Owner, id: string, fields: Fields): void {
    this.sink.changed(this.name, id, fields, fields);
  }

  removed(_owner: Owner, id: string): void {
    this.sink.removed(this.name, id);
  }

  documents(): Map<string, Fields> {
    return new Map();
  }

  heldBy(_owner: Owner): string[] {
    return [];
  }
}

/** NO_MERGE_MULTI: ids and their publishing subscriptions, no field values. */
export class MultiCollectionView<Owner> implements CollectionView<Owner> {
  readonly #owners = new Map<string, Owner[]>();
  constructor(
    readonly name: string,
    readonly sink: ViewSink,
  ) {}

  get isEmpty(): boolean {
    return this.#owners.size === 0;
  }

  added(owner: Owner, id: string, fields: Fields): void {
    const owners = this.#owners.get(id);
    const clean = withoutId(fields);
    if (owners === undefined) {
      this.#owners.set(id, [owner]);
      this.sink.added(this.name, id, clean, clean === fields ? fields : undefined);
      return;
    }
    if (!owners.includes(owner)) owners.push(owner);
    if (Object.keys(clean).length > 0) this.sink.changed(this.name, id, clean, clean === fields ? fields : undefined);
  }

  changed(_owner: Owner, id: string, fields: Fields): void {
    this.sink.changed(this.name, id, fields, fields);
  }

  removed(owner: Owner, id: string): void {
    const owners = this.#owners.get(id);
    if (owners === undefined) return;
    const index = owners.indexOf(owner);
    if (index >= 0) owners.splice(index, 1);
    if (owners.length === 0) {
      this.#owners.delete(id);
      this.sink.removed(this.name, id);
    }
  }

  documents(): Map<string, Fields> {
    return new Map();
  }

  heldBy(_owner: Owner): string[] {
    return [];
  }
}

export function createCollectionView<Owner>(name: string, strategy: PublicationStrategy, sink: ViewSink): CollectionView<Owner> {
  if (strategy.useCollectionView) return new MergeCollectionView<Owner>(name, sink);
  if (strategy.useDummyDocumentView) return new MultiCollectionView<Owner>(name, sink);
  return new PassThroughCollectionView<Owner>(name, sink);
}
