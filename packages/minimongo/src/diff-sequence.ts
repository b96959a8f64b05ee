import { IdMap } from './id-map';
import { cloneValue, valuesEqual, type Document, type DocumentId } from './value-types';

/** Field changes as observeChanges reports them: `undefined` means the field was removed. */
export type ChangedFields = { [field: string]: unknown };

export interface OrderedChangeObserver {
  addedBefore?(id: DocumentId, fields: Document, before: DocumentId | null): void;
  movedBefore?(id: DocumentId, before: DocumentId | null): void;
  changed?(id: DocumentId, fields: ChangedFields): void;
  removed?(id: DocumentId): void;
}

export interface UnorderedChangeObserver {
  added?(id: DocumentId, fields: Document): void;
  changed?(id: DocumentId, fields: ChangedFields): void;
  removed?(id: DocumentId): void;
}

export interface DiffOptions {
  /** Applied to both sides before comparing and before reporting fields (a `fields` projection). */
  readonly projectionFn?: (doc: Document) => Document;
}

const identity = (doc: Document): Document => doc;

function fieldsOf(doc: Document, projectionFn: (doc: Document) => Document): Document {
  const fields = cloneValue(projectionFn(doc));
  delete fields._id;
  return fields;
}

/** Reports how an unordered result set changed, by id: added, changed, removed. */
export function diffQueryUnorderedChanges(
  oldResults: IdMap<Document>,
  newResults: IdMap<Document>,
  observer: UnorderedChangeObserver,
  options: DiffOptions = {},
): void {
  const projectionFn = options.projectionFn ?? identity;
  newResults.forEach((newDoc, id) => {
    const oldDoc = oldResults.get(id);
    if (oldDoc === undefined) {
      observer.added?.(id, fieldsOf(newDoc, projectionFn));
    } else if (observer.changed !== undefined && oldDoc !== newDoc) {
      const changed = makeChangedFields(projectionFn(newDoc), projectionFn(oldDoc));
      if (Object.keys(changed).length > 0) observer.changed(id, cloneValue(changed));
    }
  });
  if (observer.removed !== undefined) {
    oldResults.forEach((_doc, id) => {
      if (!newResults.has(id)) observer.removed?.(id);
    });
  }
}

/**
 * Reports how an ordered result list changed with the fewest moves: documents on a longest
 * common subsequence of both lists stay put, every other surviving document is moved before
 * the next one that stays. Callbacks, applied in order to `oldResults`, produce `newResults`.
 * Cost O(n log n) in the list lengths.
 */
export function diffQueryOrderedChanges(
  oldResults: readonly Document[],
  newResults: readonly Document[],
  observer: OrderedChangeObserver,
  options: DiffOptions = {},
): void {
  const projectionFn = options.projectionFn ?? identity;
  const oldIndexById = new IdMap<number>();
  oldResults.forEach((doc, index) => {
    oldIndexById.set(doc._id as DocumentId, index);
  });
  const newIds = new IdMap<true>();
  for (const doc of newResults) newIds.set(doc._id as DocumentId, true);

  // Positions in newResults of documents that keep their relative order.
  const oldPositions: number[] = [];
  const newPositionsOfOld: number[] = [];
  newResults.forEach((doc, index) => {
    const oldIndex = oldIndexById.get(doc._id as DocumentId);
    if (oldIndex !== undefined) {
      oldPositions.push(oldIndex);
      newPositionsOfOld.push(index);
    }
  });
  const unmoved = longestIncreasingSubsequence(oldPositions).map((i) => newPositionsOfOld[i] as number);

  for (const doc of oldResults) {
    if (!newIds.has(doc._id as DocumentId)) observer.removed?.(doc._id as DocumentId);
  }

  const reportChange = (id: DocumentId, newDoc: Document): void => {
    if (observer.changed === undefined) return;
    const oldDoc = oldResults[oldIndexById.get(id) as number] as Document;
    if (oldDoc === newDoc) return;
    const changed = makeChangedFields(projectionFn(newDoc), projectionFn(oldDoc));
    if (Object.keys(changed).length > 0) observer.changed(id, cloneValue(changed));
  };

  let start = 0;
  for (let g = 0; g <= unmoved.length; g++) {
    const end = g < unmoved.length ? (unmoved[g] as number) : newResults.length;
    const anchor = g < unmoved.length ? ((newResults[end] as Document)._id as DocumentId) : null;
    for (let i = start; i < end; i++) {
      const doc = newResults[i] as Document;
      const id = doc._id as DocumentId;
      if (oldIndexById.has(id)) {
        observer.movedBefore?.(id, anchor);
        reportChange(id, doc);
      } else {
        observer.addedBefore?.(id, fieldsOf(doc, projectionFn), anchor);
      }
    }
    if (anchor !== null) reportChange(anchor, newResults[end] as Document);
    start = end + 1;
  }
}

/** Indices into `values` of one longest strictly increasing subsequence (patience sorting). */
function longestIncreasingSubsequence(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((values[tails[mid] as number] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tails[lo - 1] as number) : -1;
    tails[lo] = i;
  }
  const out: number[] = [];
  let k = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
  while (k !== -1) {
    out.push(k);
    k = previous[k] as number;
  }
  return out.reverse();
}

/** Walks the union of two objects' keys, telling which side(s) each key is on. */
export function diffObjects(
  left: Document,
  right: Document,
  callbacks: {
    leftOnly?(key: string, leftValue: unknown): void;
    rightOnly?(key: string, rightValue: unknown): void;
    both?(key: string, leftValue: unknown, rightValue: unknown): void;
  },
): void {
  for (const key of Object.keys(left)) {
    if (Object.hasOwn(right, key)) callbacks.both?.(key, left[key], right[key]);
    else callbacks.leftOnly?.(key, left[key]);
  }
  if (callbacks.rightOnly !== undefined) {
    for (const key of Object.keys(right)) {
      if (!Object.hasOwn(left, key)) callbacks.rightOnly(key, right[key]);
    }
  }
}

/** The top-level fields that differ from `oldDoc` to `newDoc`; removed fields map to undefined. */
export function makeChangedFields(newDoc: Document, oldDoc: Document): ChangedFields {
  const changed: ChangedFields = {};
  diffObjects(oldDoc, newDoc, {
    leftOnly: (key) => {
      changed[key] = undefined;
    },
    rightOnly: (key, value) => {
      changed[key] = value;
    },
    both: (key, oldValue, newValue) => {
      if (!valuesEqual(oldValue, newValue)) changed[key] = newValue;
    },
  });
  return changed;
}

/** Applies observeChanges-style changed fields to `doc` in place. */
export function applyChanges(doc: Document, changeFields: ChangedFields): void {
  for (const [key, value] of Object.entries(changeFields)) {
    if (value === undefined) delete doc[key];
    else doc[key] = value;
  }
}

/** Meteor's `DiffSequence` namespace, for code written against it. */
export const DiffSequence = {
  diffQueryOrderedChanges,
  diffQueryUnorderedChanges,
  diffObjects,
  makeChangedFields,
  applyChanges,
} as const;
