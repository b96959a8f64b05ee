import { MinimongoError } from './errors';
import { expandLeafArrays, lookupBranches } from './document-paths';
import { compareValues, isPlainObject, type Document } from './value-types';

/**
 * The sort specifications Meteor accepts: `{ a: 1, b: -1 }`, `['a', ['b', 'desc']]`, or a
 * comparator function.
 */
export type SortSpecifier =
  | { readonly [path: string]: 1 | -1 | number }
  | ReadonlyArray<string | readonly [string, 'asc' | 'desc' | string]>
  | ((a: Document, b: Document) => number);

interface SortPart {
  readonly path: string;
  readonly parts: readonly string[];
  readonly ascending: boolean;
}

/** A compiled sort order over documents, with MongoDB's rules for arrays and missing fields. */
export class Sorter {
  readonly #parts: readonly SortPart[];
  readonly #custom: ((a: Document, b: Document) => number) | undefined;

  constructor(spec: SortSpecifier) {
    if (typeof spec === 'function') {
      this.#parts = [];
      this.#custom = spec;
      return;
    }
    this.#custom = undefined;
    this.#parts = parseSpec(spec);
  }

  /** The dotted paths the order depends on; `''` means "anything" (a comparator function). */
  getPaths(): string[] {
    return this.#custom === undefined ? this.#parts.map((p) => p.path) : [''];
  }

  /**
   * A comparator for `Array.prototype.sort`. Arrays sort by their smallest element when the
   * key is ascending and by their largest when descending, as MongoDB does; empty arrays and
   * missing fields sort as `undefined`, before every other value.
   */
  getComparator(): (a: Document, b: Document) => number {
    if (this.#custom !== undefined) return this.#custom;
    const parts = this.#parts;
    return (a, b) => {
      for (const part of parts) {
        const d = compareValues(sortKey(a, part), sortKey(b, part));
        if (d !== 0) return part.ascending ? d : -d;
      }
      return 0;
    };
  }

  /**
   * The values `doc` sorts by, one per sort key, for sorting many documents without
   * re-reading paths on every comparison; undefined when the order is a comparator function.
   */
  keyOf(doc: Document): unknown[] | undefined {
    if (this.#custom !== undefined) return undefined;
    return this.#parts.map((part) => sortKey(doc, part));
  }

  /** Compares two results of `keyOf`. */
  compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
    for (let i = 0; i < this.#parts.length; i++) {
      const d = compareValues(a[i], b[i]);
      if (d !== 0) return (this.#parts[i] as SortPart).ascending ? d : -d;
    }
    return 0;
  }
}

function sortKey(doc: Document, part: SortPart): unknown {
  if (part.parts.length === 1) {
    // Fast path for top-level keys: no path walking unless the value is an array.
    const value = doc[part.path];
    if (!Array.isArray(value)) return value;
  }
  const branches = expandLeafArrays(lookupBranches(doc, part.parts, true), false);
  let best: unknown;
  let first = true;
  for (const { value } of branches) {
    if (first) {
      best = value;
      first = false;
      continue;
    }
    const d = compareValues(value, best);
    if (part.ascending ? d < 0 : d > 0) best = value;
  }
  return best;
}

function parseSpec(spec: Exclude<SortSpecifier, (a: Document, b: Document) => number>): SortPart[] {
  const out: SortPart[] = [];
  const add = (path: string, ascending: boolean): void => {
    if (path === '' || path.startsWith('$')) throw badSort(spec);
    out.push({ path, parts: path.split('.'), ascending });
  };
  if (Array.isArray(spec)) {
    for (const entry of spec as ReadonlyArray<unknown>) {
      if (typeof entry === 'string') {
        add(entry, true);
      } else if (Array.isArray(entry) && typeof entry[0] === 'string' && entry.length <= 2) {
        const direction: unknown = entry[1];
        if (direction !== undefined && direction !== 'asc' && direction !== 'desc') throw badSort(spec);
        add(entry[0], direction !== 'desc');
      } else {
        throw badSort(spec);
      }
    }
    return out;
  }
  if (!isPlainObject(spec)) throw badSort(spec);
  for (const [path, direction] of Object.entries(spec)) {
    if (typeof direction !== 'number' || !Number.isFinite(direction) || direction === 0) throw badSort(spec);
    add(path, direction >= 0);
  }
  return out;
}

function badSort(spec: unknown): MinimongoError {
  let text: string;
  try {
    text = JSON.stringify(spec) ?? String(spec);
  } catch {
    text = String(spec);
  }
  return new MinimongoError('minimongo.bad-sort', `Bad sort specification: ${text}`);
}
