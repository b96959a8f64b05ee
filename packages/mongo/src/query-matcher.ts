import { Matcher, Sorter } from '@perseid/minimongo';
import type { MongoDocument } from './document-id';

/**
 * In-process query semantics for the change-stream driver — does a document match a selector,
 * how do two documents sort — from @perseid/minimongo's Matcher and Sorter, so the server
 * judges change events exactly as client caches judge their documents.
 */

export type Selector = Record<string, unknown>;
export type SortSpecifier = Record<string, 1 | -1>;

/** Operators whose meaning depends on server state (geo indexes, text indexes, server JS). */
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
    const matcher = new Matcher(selector);
    if (matcher.hasWhere()) return null;
    return { matches: (doc) => matcher.documentMatches(doc).result };
  } catch {
    return null;
  }
}

export type DocumentComparator = (a: MongoDocument, b: MongoDocument) => number;

export function compileSorter(sort: SortSpecifier): DocumentComparator {
  return new Sorter(sort).getComparator();
}
