import { MinimongoError } from './errors';
import { expandLeafArrays, lookupBranches, type Branch } from './document-paths';
import { Matcher } from './matcher';
import type { Semantics } from './element-operators';
import { compareServerOrder, compareValues, isPlainObject, type Document } from './value-types';

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
  /** Array elements the query's condition on this path rejects cannot be sort keys. */
  readonly keyFilter?: (value: unknown) => boolean;
}

/** Conditions that can be tested on one array element to qualify it as a sort key. */
const ELEMENT_CONDITIONS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);

/** A compiled sort order over documents, with MongoDB's rules for arrays and missing fields. */
export class Sorter {
  readonly #parts: readonly SortPart[];
  readonly #custom: ((a: Document, b: Document) => number) | undefined;
  readonly #compare: (a: unknown, b: unknown) => number;

  /**
   * With `selector`, a document holding an array at a sort path sorts by the elements that
   * satisfy the selector's condition on that path (Meteor: `{ 'a.x': { $gt: 1 } }` sorted by
   * `a.x` ignores the elements 1 and below).
   */
  constructor(spec: SortSpecifier, selector?: unknown, options: { readonly semantics?: Semantics } = {}) {
    // Meteor sorts a missing field before null; the database server sorts them as equal, and
    // also orders regular expressions (after timestamps) where Meteor refuses them.
    this.#compare = options.semantics === 'mongodb' ? compareServerOrder : compareValues;
    if (typeof spec === 'function') {
      this.#parts = [];
      this.#custom = spec;
      return;
    }
    this.#custom = undefined;
    this.#parts = parseSpec(spec).map((part) => withKeyFilter(part, selector));
  }

  /** The dotted paths the order depends on; `''` means "anything" (a comparator function). */
  getPaths(): string[] {
    return this.#custom === undefined ? this.#parts.map((p) => p.path) : [''];
  }

  /**
   * A comparator for `Array.prototype.sort`. Arrays sort by their smallest element when the
   * key is ascending and by their largest when descending, as MongoDB does; empty arrays and
   * missing fields sort as `undefined`, before every other value. Keys read through the same
   * array (`a.x` and `a.y`) come from the same element of it.
   */
  getComparator(): (a: Document, b: Document) => number {
    if (this.#custom !== undefined) return this.#custom;
    const parts = this.#parts;
    return (a, b) => {
      for (const part of parts) {
        const x = plainValue(a, part);
        const y = plainValue(b, part);
        // Arrays on either side need the full key computation (branch agreement, min/max).
        if (x === THROUGH_ARRAY || y === THROUGH_ARRAY) {
          return this.compareKeys(this.keyOf(a) as unknown[], this.keyOf(b) as unknown[]);
        }
        const d = this.#compare(x, y);
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
    const plain = this.#parts.map((part) => plainValue(doc, part));
    if (!plain.includes(THROUGH_ARRAY)) return plain;
    const candidates = this.#parts.map((part) => candidateBranches(doc, part));
    if (candidates.every((branches) => branches.length === 1)) {
      return candidates.map((branches) => (branches[0] as Branch).value);
    }
    return this.#bestKey(candidates);
  }

  /** Compares two results of `keyOf`. */
  compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
    for (let i = 0; i < this.#parts.length; i++) {
      const d = this.#compare(a[i], b[i]);
      if (d !== 0) return (this.#parts[i] as SortPart).ascending ? d : -d;
    }
    return 0;
  }

  /**
   * The smallest key (under this sort order) among the combinations of branches that agree on
   * every array they both pass through. Very large combination spaces, or none that agree
   * (keys from unrelated arrays), fall back to choosing each key on its own.
   */
  #bestKey(candidates: Branch[][]): unknown[] {
    const independent = (): unknown[] =>
      candidates.map((branches, i) => {
        let best = (branches[0] as Branch).value;
        const ascending = (this.#parts[i] as SortPart).ascending;
        for (const { value } of branches) {
          const d = this.#compare(value, best);
          if (ascending ? d < 0 : d > 0) best = value;
        }
        return best;
      });
    const combinations = candidates.reduce((n, branches) => n * branches.length, 1);
    if (combinations > MAX_KEY_COMBINATIONS) return independent();
    let best: unknown[] | undefined;
    const chosen: Branch[] = [];
    const visit = (i: number): void => {
      if (i === candidates.length) {
        const key = chosen.map((branch) => branch.value);
        if (best === undefined || this.compareKeys(key, best) < 0) best = key;
        return;
      }
      for (const branch of candidates[i] as Branch[]) {
        if (!chosen.every((other) => agree(branch, other))) continue;
        chosen.push(branch);
        visit(i + 1);
        chosen.pop();
      }
    };
    visit(0);
    return best ?? independent();
  }
}

const MAX_KEY_COMBINATIONS = 10_000;

const THROUGH_ARRAY: unique symbol = Symbol('through array');

/** The value at a sort path when no array is on the way (the common case), else THROUGH_ARRAY. */
function plainValue(doc: Document, part: SortPart): unknown {
  let node: unknown = doc;
  for (const key of part.parts) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) return THROUGH_ARRAY;
    node = (node as Document)[key];
  }
  return Array.isArray(node) ? THROUGH_ARRAY : node;
}

const UNDEFINED_BRANCH: Branch = { value: undefined, arrayIndices: [], arrayPaths: [], dontIterate: false };

/** The values a document offers for one sort key (leaf arrays expanded, empty arrays as undefined). */
function candidateBranches(doc: Document, part: SortPart): Branch[] {
  if (part.parts.length === 1) {
    // Fast path for top-level keys: no path walking unless the value is an array.
    const value = doc[part.path];
    if (!Array.isArray(value)) return [{ value, arrayIndices: [], arrayPaths: [], dontIterate: false }];
  }
  const branches = expandLeafArrays(lookupBranches(doc, part.parts, true), false, part.path);
  if (branches.length === 0) return [UNDEFINED_BRANCH];
  const filter = part.keyFilter;
  if (filter === undefined) return branches;
  const allowed = branches.filter((branch) => filter(branch.value));
  return allowed.length === 0 ? branches : allowed;
}

function withKeyFilter(part: SortPart, selector: unknown): SortPart {
  if (!isPlainObject(selector) || !(part.path in selector)) return part;
  const condition = selector[part.path];
  if (typeof condition === 'function') return part;
  if (isPlainObject(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 0 || !keys.every((key) => ELEMENT_CONDITIONS.has(key))) return part;
  }
  const matcher = new Matcher({ value: condition });
  return { ...part, keyFilter: (value) => matcher.documentMatches({ value }).result };
}

/** Two branches agree when every array both pass through was entered at the same index. */
function agree(a: Branch, b: Branch): boolean {
  for (let i = 0; i < a.arrayPaths.length; i++) {
    const j = b.arrayPaths.indexOf(a.arrayPaths[i] as string);
    if (j !== -1 && b.arrayIndices[j] !== a.arrayIndices[i]) return false;
  }
  return true;
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
