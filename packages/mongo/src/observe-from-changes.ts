import { EJSON } from '@perseid/ejson';
import { idKey, type MongoDocument } from './document-id';
import type { Fields, ObserveChangesCallbacks } from './observe-callbacks';

/** Meteor's `observe` callbacks: whole documents, with positions when ordered. */
export interface ObserveCallbacks<T = MongoDocument> {
  added?(doc: T): unknown;
  addedAt?(doc: T, atIndex: number, before: unknown): unknown;
  changed?(newDoc: T, oldDoc: T): unknown;
  changedAt?(newDoc: T, oldDoc: T, atIndex: number): unknown;
  removed?(oldDoc: T): unknown;
  removedAt?(oldDoc: T, atIndex: number): unknown;
  movedTo?(doc: T, fromIndex: number, toIndex: number, before: unknown): unknown;
  /** Skip the callbacks for the documents already there when observing starts. */
  _suppress_initial?: boolean;
}

export function isOrderedObserveCallbacks(callbacks: ObserveCallbacks<unknown>): boolean {
  return Boolean(callbacks.addedAt || callbacks.changedAt || callbacks.removedAt || callbacks.movedTo);
}

export interface ObserveAdapter {
  readonly changes: ObserveChangesCallbacks;
  /** Call once the initial adds have been delivered (ends `_suppress_initial`). */
  initialAddsDone(): void;
}

/**
 * Builds observeChanges callbacks that keep a copy of the results and call the whole-document
 * `observe` callbacks (Meteor's _observeFromObserveChanges), applying `transform` to every
 * document handed to the caller. Each callback receives its own copies.
 */
export function observeFromChanges<T>(callbacks: ObserveCallbacks<T>, transform: (doc: MongoDocument) => T): ObserveAdapter {
  const ordered = isOrderedObserveCallbacks(callbacks as ObserveCallbacks<unknown>);
  let suppressed = callbacks._suppress_initial === true;
  const out = (doc: MongoDocument): T => transform(EJSON.clone(doc as never) as MongoDocument);
  const docs = new Map<string, MongoDocument>();
  const order: string[] = [];

  const apply = (doc: MongoDocument, fields: Fields): MongoDocument => {
    const next: MongoDocument = { ...doc };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    return next;
  };

  const changes: ObserveChangesCallbacks = {
    addedBefore: (id, fields, before) => {
      const key = idKey(id);
      const doc: MongoDocument = { _id: id, ...fields };
      docs.set(key, doc);
      let at = order.length;
      if (ordered) {
        const b = before === null || before === undefined ? -1 : order.indexOf(idKey(before));
        at = b < 0 ? order.length : b;
        order.splice(at, 0, key);
      }
      if (suppressed) return undefined;
      if (ordered && callbacks.addedAt) return callbacks.addedAt(out(doc), at, before ?? null);
      return callbacks.added?.(out(doc));
    },
    changed: (id, fields) => {
      const key = idKey(id);
      const old = docs.get(key);
      if (!old) return undefined;
      const next = apply(old, fields);
      docs.set(key, next);
      if (ordered && callbacks.changedAt) return callbacks.changedAt(out(next), out(old), order.indexOf(key));
      return callbacks.changed?.(out(next), out(old));
    },
    movedBefore: (id, before) => {
      const key = idKey(id);
      const doc = docs.get(key);
      if (!doc) return undefined;
      const from = order.indexOf(key);
      order.splice(from, 1);
      const b = before === null || before === undefined ? -1 : order.indexOf(idKey(before));
      const to = b < 0 ? order.length : b;
      order.splice(to, 0, key);
      return callbacks.movedTo?.(out(doc), from, to, before ?? null);
    },
    removed: (id) => {
      const key = idKey(id);
      const doc = docs.get(key);
      if (!doc) return undefined;
      docs.delete(key);
      let at = -1;
      if (ordered) {
        at = order.indexOf(key);
        if (at >= 0) order.splice(at, 1);
      }
      if (ordered && callbacks.removedAt) return callbacks.removedAt(out(doc), at);
      return callbacks.removed?.(out(doc));
    },
  };
  if (!ordered) {
    // Unordered observers take plain adds from the multiplexer.
    const addedBefore = changes.addedBefore as NonNullable<ObserveChangesCallbacks['addedBefore']>;
    changes.added = (id, fields) => addedBefore(id, fields, null);
    delete changes.addedBefore;
    delete changes.movedBefore;
  }
  return {
    changes,
    initialAddsDone: () => {
      suppressed = false;
    },
  };
}
