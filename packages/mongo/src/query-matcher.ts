import { Query } from 'mingo';
import { compare as bsonCompare, resolve } from 'mingo/util';
import type { MongoDocument } from './document-id';

/**
 * In-process query semantics for the change-stream driver: does a document match a selector,
 * how do two documents sort. Backed by mingo behind this one file, so it can switch to
 * `@perseid/minimongo`'s Matcher/Sorter without touching the drivers.
 */

export type Selector = Record<string, unknown>;
export type SortSpecifier = Record<string, 1 | -1>;

/** Operators whose meaning depends on server state we cannot reproduce per document. */
const SERVER_ONLY_OPERATORS = new Set(['$where', '$near', '$nearSphere', '$text', '$geoNear', '$function']);

function containsServerOnlyOperator(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsServerOnlyOperator);
  if (typeof value !== 'object' || value === null) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const [key, inner] of Object.entries(value)) {
    if (SERVER_ONLY_OPERATORS.has(key)) return true;
    if (containsServerOnlyOperator(inner)) return true;
  }
  return false;
}

export interface DocumentMatcher {
  matches(doc: MongoDocument): boolean;
}

/** Returns null when the selector cannot be evaluated in-process (the caller falls back to polling). */
export function compileMatcher(selector: Selector): DocumentMatcher | null {
  if (containsServerOnlyOperator(selector)) return null;
  try {
    const query = new Query(selector, {});
    return { matches: (doc) => query.test(doc) };
  } catch {
    return null;
  }
}

export type DocumentComparator = (a: MongoDocument, b: MongoDocument) => number;

/** MongoDB's sort key of a possibly-array value: the smallest element ascending, the largest descending. */
function sortKey(value: unknown, direction: 1 | -1): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return undefined;
  let best: unknown = value[0];
  for (const item of value) {
    const c = bsonCompare(item, best);
    if ((direction === 1 && c < 0) || (direction === -1 && c > 0)) best = item;
  }
  return best;
}

export function compileSorter(sort: SortSpecifier): DocumentComparator {
  const keys = Object.entries(sort);
  return (a, b) => {
    for (const [path, direction] of keys) {
      const va = sortKey(resolve(a, path), direction);
      const vb = sortKey(resolve(b, path), direction);
      const c = bsonCompare(va, vb);
      if (c !== 0) return direction === 1 ? c : -c;
    }
    return 0;
  };
}

/** The fields a sort reads, so a driver can tell whether an update may move a document. */
export function sortFields(sort: SortSpecifier | undefined): string[] {
  return sort ? Object.keys(sort) : [];
}
