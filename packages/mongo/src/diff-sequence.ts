import { EJSON } from '@perseid/ejson';
import { IdMap, diffQueryOrderedChanges, diffQueryUnorderedChanges, type DocumentId } from '@perseid/minimongo';
import type { MongoDocument } from './document-id';
import type { ChangeSink, Fields } from './observe-callbacks';

/**
 * Turning two snapshots of a query's results into observeChanges callbacks (Meteor's
 * DiffSequence, from @perseid/minimongo). Used by the polling driver after every poll and by
 * the change-stream driver after a re-query, so both drivers describe the same state change
 * with the same callbacks.
 */

export function fieldsOf(doc: MongoDocument): Fields {
  const out: Fields = {};
  for (const key of Object.keys(doc)) if (key !== '_id') out[key] = doc[key];
  return out;
}

/** Top-level fields that differ; a removed field maps to `undefined`. Empty when nothing changed. */
export function changedFields(oldDoc: MongoDocument, newDoc: MongoDocument): Fields {
  const out: Fields = {};
  for (const key of Object.keys(newDoc)) {
    if (key === '_id') continue;
    if (!(key in oldDoc) || !EJSON.equals(oldDoc[key] as never, newDoc[key] as never)) out[key] = newDoc[key];
  }
  for (const key of Object.keys(oldDoc)) {
    if (key !== '_id' && !(key in newDoc)) out[key] = undefined;
  }
  return out;
}

export function diffUnordered(oldDocs: ReadonlyMap<string, MongoDocument>, newDocs: ReadonlyMap<string, MongoDocument>, sink: ChangeSink): void {
  diffQueryUnorderedChanges(toIdMap(oldDocs), toIdMap(newDocs), {
    added: (id, fields) => sink.added(id, fields),
    changed: (id, fields) => sink.changed(id, fields),
    removed: (id) => sink.removed(id),
  });
}

function toIdMap(docs: ReadonlyMap<string, MongoDocument>): IdMap<MongoDocument> {
  const out = new IdMap<MongoDocument>();
  for (const doc of docs.values()) out.set(doc._id as DocumentId, doc);
  return out;
}

/**
 * Ordered diff with the fewest moves (minimongo's DiffSequence): callbacks that, applied in
 * order to `oldDocs`, produce `newDocs`.
 */
export function diffOrdered(oldDocs: readonly MongoDocument[], newDocs: readonly MongoDocument[], sink: ChangeSink): void {
  diffQueryOrderedChanges(oldDocs, newDocs, {
    addedBefore: (id, fields, before) => sink.addedBefore(id, fields, before),
    movedBefore: (id, before) => sink.movedBefore(id, before),
    changed: (id, fields) => sink.changed(id, fields),
    removed: (id) => sink.removed(id),
  });
}
