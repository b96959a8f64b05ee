import { MinimongoError } from './errors';
import { applyChanges, type ChangedFields } from './diff-sequence';
import { IdMap } from './id-map';
import type { ObserveChangesCallbacks } from './live-query';
import { cloneValue, type Document, type DocumentId } from './value-types';

/** Whole-document observe callbacks, ordered (`…At`, `movedTo`) or unordered. */
export interface ObserveCallbacks<T = Document> {
  added?(doc: T): void;
  addedAt?(doc: T, atIndex: number, before: DocumentId | null): void;
  changed?(newDoc: T, oldDoc: T): void;
  changedAt?(newDoc: T, oldDoc: T, atIndex: number): void;
  removed?(oldDoc: T): void;
  removedAt?(oldDoc: T, atIndex: number): void;
  movedTo?(doc: T, fromIndex: number, toIndex: number, before: DocumentId | null): void;
  /** Meteor's flag: do not report the documents already in the result when observing starts. */
  _suppress_initial?: boolean;
  /** Meteor's flag: report -1 for every index (callers that do not need positions). */
  _no_indices?: boolean;
}

export function observeCallbacksAreOrdered<T>(callbacks: ObserveCallbacks<T>): boolean {
  if (callbacks.added !== undefined && callbacks.addedAt !== undefined) {
    throw new MinimongoError('minimongo.bad-options', 'Please specify only one of added() and addedAt()');
  }
  if (callbacks.changed !== undefined && callbacks.changedAt !== undefined) {
    throw new MinimongoError('minimongo.bad-options', 'Please specify only one of changed() and changedAt()');
  }
  if (callbacks.removed !== undefined && callbacks.removedAt !== undefined) {
    throw new MinimongoError('minimongo.bad-options', 'Please specify only one of removed() and removedAt()');
  }
  return callbacks.addedAt !== undefined || callbacks.changedAt !== undefined || callbacks.movedTo !== undefined || callbacks.removedAt !== undefined;
}

export function changesCallbacksAreOrdered(callbacks: ObserveChangesCallbacks): boolean {
  if (callbacks.added !== undefined && callbacks.addedBefore !== undefined) {
    throw new MinimongoError('minimongo.bad-options', 'Please specify only one of added() and addedBefore()');
  }
  return callbacks.addedBefore !== undefined || callbacks.movedBefore !== undefined;
}

/**
 * Adapts whole-document observe callbacks onto observeChanges by keeping a private copy of
 * the result. `suppressing()` is consulted so the initial additions can be withheld from the
 * user while still being recorded.
 */
export function observeChangesFromObserve<T>(
  callbacks: ObserveCallbacks<T>,
  ordered: boolean,
  transform: (doc: Document) => T,
  suppressing: () => boolean,
): ObserveChangesCallbacks {
  const out = (doc: Document): T => transform(cloneValue(doc));
  if (!ordered) {
    const docs = new IdMap<Document>();
    return {
      added(id, fields) {
        const doc: Document = { _id: id, ...fields };
        docs.set(id, doc);
        if (!suppressing()) callbacks.added?.(out(doc));
      },
      changed(id, fields: ChangedFields) {
        const doc = docs.get(id);
        if (doc === undefined) return;
        const oldDoc = cloneValue(doc);
        applyChanges(doc, fields);
        callbacks.changed?.(out(doc), transform(oldDoc));
      },
      removed(id) {
        const doc = docs.get(id);
        if (doc === undefined) return;
        docs.delete(id);
        callbacks.removed?.(transform(doc));
      },
    };
  }
  const order: Document[] = [];
  const shown = (index: number): number => (callbacks._no_indices ? -1 : index);
  // Ids map to the very objects held in `order`, so positions are found with an identity
  // `indexOf` (a native scan) instead of comparing ids element by element.
  const byId = new IdMap<Document>();
  const find = (id: DocumentId): number => {
    const doc = byId.get(id);
    return doc === undefined ? -1 : order.indexOf(doc);
  };
  /** Where a document placed before `before` goes: the end when `before` is null or unknown. */
  const slotBefore = (before: DocumentId | null): number => {
    const index = before === null ? -1 : find(before);
    return index === -1 ? order.length : index;
  };
  return {
    addedBefore(id, fields, before) {
      const doc: Document = { _id: id, ...fields };
      const index = slotBefore(before);
      order.splice(index, 0, doc);
      byId.set(id, doc);
      if (suppressing()) return;
      if (callbacks.addedAt !== undefined) callbacks.addedAt(out(doc), shown(index), before);
      else callbacks.added?.(out(doc));
    },
    changed(id, fields) {
      const index = find(id);
      const doc = order[index];
      if (doc === undefined) return;
      const oldDoc = cloneValue(doc);
      applyChanges(doc, fields);
      if (callbacks.changedAt !== undefined) callbacks.changedAt(out(doc), transform(oldDoc), shown(index));
      else callbacks.changed?.(out(doc), transform(oldDoc));
    },
    movedBefore(id, before) {
      const from = find(id);
      if (from === -1) return;
      const [doc] = order.splice(from, 1) as [Document];
      const to = slotBefore(before);
      order.splice(to, 0, doc);
      callbacks.movedTo?.(out(doc), shown(from), shown(to), before);
    },
    removed(id) {
      const index = find(id);
      if (index === -1) return;
      const [doc] = order.splice(index, 1) as [Document];
      byId.delete(id);
      if (callbacks.removedAt !== undefined) callbacks.removedAt(transform(doc), shown(index));
      else callbacks.removed?.(transform(doc));
    },
  };
}
