import { EJSON } from '@perseid/ejson';
import { idKey, type MongoDocument } from './document-id';
import type { ChangeSink, Fields } from './observe-callbacks';

/**
 * Turning two snapshots of a query's results into observeChanges callbacks (what Meteor calls
 * DiffSequence). Used by the polling driver after every poll and by the change-stream driver
 * after a re-query, so both drivers describe the same state change with the same callbacks.
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

function hasKeys(fields: Fields): boolean {
  for (const _ in fields) return true;
  return false;
}

export function diffUnordered(
  oldDocs: ReadonlyMap<string, MongoDocument>,
  newDocs: ReadonlyMap<string, MongoDocument>,
  sink: ChangeSink,
): void {
  for (const [key, newDoc] of newDocs) {
    const oldDoc = oldDocs.get(key);
    if (oldDoc === undefined) {
      sink.added(newDoc._id, fieldsOf(newDoc));
    } else {
      const fields = changedFields(oldDoc, newDoc);
      if (hasKeys(fields)) sink.changed(newDoc._id, fields);
    }
  }
  for (const [key, oldDoc] of oldDocs) {
    if (!newDocs.has(key)) sink.removed(oldDoc._id);
  }
}

/** Indices (into `values`) of one longest strictly increasing subsequence. */
function longestIncreasingSubsequence(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  let k = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
  while (k >= 0) {
    keep.add(k);
    k = previous[k] as number;
  }
  return keep;
}

/**
 * Ordered diff with the fewest moves: documents whose relative order survived (a longest
 * increasing subsequence of their new positions) stay; everything else is moved or added
 * right before its successor in the new order, walking from the end.
 */
export function diffOrdered(oldDocs: readonly MongoDocument[], newDocs: readonly MongoDocument[], sink: ChangeSink): void {
  const newIndex = new Map<string, number>();
  newDocs.forEach((doc, i) => newIndex.set(idKey(doc._id), i));
  const oldByKey = new Map<string, MongoDocument>();
  for (const doc of oldDocs) {
    const key = idKey(doc._id);
    oldByKey.set(key, doc);
    if (!newIndex.has(key)) sink.removed(doc._id);
  }
  const survivors = oldDocs.filter((doc) => newIndex.has(idKey(doc._id)));
  const positions = survivors.map((doc) => newIndex.get(idKey(doc._id)) as number);
  const stayIdx = longestIncreasingSubsequence(positions);
  const staying = new Set<string>();
  stayIdx.forEach((i) => staying.add(idKey((survivors[i] as MongoDocument)._id)));

  for (let i = newDocs.length - 1; i >= 0; i--) {
    const doc = newDocs[i] as MongoDocument;
    const key = idKey(doc._id);
    const before = i + 1 < newDocs.length ? (newDocs[i + 1] as MongoDocument)._id : null;
    const oldDoc = oldByKey.get(key);
    if (oldDoc === undefined) {
      sink.addedBefore(doc._id, fieldsOf(doc), before);
      continue;
    }
    const fields = changedFields(oldDoc, doc);
    if (hasKeys(fields)) sink.changed(doc._id, fields);
    if (!staying.has(key)) sink.movedBefore(doc._id, before);
  }
}
