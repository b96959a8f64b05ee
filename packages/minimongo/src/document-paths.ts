import { isPlainObject, type Document } from './value-types';

/** One value reached by following a dotted path through a document. */
export interface Branch {
  readonly value: unknown;
  /** The array positions traversed on the way. */
  readonly arrayIndices: readonly number[];
  /** For each entry of `arrayIndices`, the dotted path of the array it indexes. */
  readonly arrayPaths: readonly string[];
  /**
   * Set when the value was reached by indexing an array with a numeric path part and is itself
   * an array: MongoDB then compares the inner array only as a whole, not element by element.
   */
  readonly dontIterate: boolean;
}

export function isNumericKey(part: string): boolean {
  return /^[0-9]+$/.test(part);
}

function isIndexable(value: unknown): value is Document | unknown[] {
  return Array.isArray(value) || isPlainObject(value);
}

/**
 * Every value a dotted path can reach, with MongoDB's implicit array traversal: a non-numeric
 * part applied to an array fans out over the array's documents; a numeric part indexes it
 * (and also looks inside the documents it holds). A path through a missing field yields one
 * `undefined` branch, so `{ 'a.b': null }` matches a document without `a`.
 */
export function lookupBranches(
  doc: unknown,
  parts: readonly string[],
  forSort = false,
  from = 0,
  arrayIndices: readonly number[] = [],
  arrayPaths: readonly string[] = [],
): Branch[] {
  const part = parts[from] ?? '';
  const numeric = isNumericKey(part);
  let indices = arrayIndices;
  let paths = arrayPaths;
  if (Array.isArray(doc)) {
    if (!(numeric && Number(part) < doc.length)) return [];
    indices = [...arrayIndices, Number(part)];
    paths = [...arrayPaths, parts.slice(0, from).join('.')];
  }
  const container = doc as Record<string, unknown>;
  const firstLevel = isIndexable(doc) ? container[part] : undefined;
  if (from === parts.length - 1) {
    const dontIterate = Array.isArray(doc) && Array.isArray(firstLevel);
    return [{ value: firstLevel, arrayIndices: indices, arrayPaths: paths, dontIterate }];
  }
  if (!isIndexable(firstLevel)) {
    return Array.isArray(doc) ? [] : [{ value: undefined, arrayIndices: indices, arrayPaths: paths, dontIterate: false }];
  }
  const result = lookupBranches(firstLevel, parts, forSort, from + 1, indices, paths);
  const next = parts[from + 1] ?? '';
  if (Array.isArray(firstLevel) && !(isNumericKey(next) && forSort)) {
    const arrayPath = parts.slice(0, from + 1).join('.');
    firstLevel.forEach((element, index) => {
      if (isPlainObject(element)) {
        result.push(...lookupBranches(element, parts, forSort, from + 1, [...indices, index], [...paths, arrayPath]));
      }
    });
  }
  return result;
}

/**
 * Branches with leaf arrays expanded into their elements (the array itself is kept too, so
 * `{ a: [1, 2] }` matches both `[1, 2]` and `[[1, 2], 3]`).
 */
export function expandLeafArrays(branches: readonly Branch[], keepArrays = true, leafPath = ''): Branch[] {
  const out: Branch[] = [];
  for (const branch of branches) {
    const isArray = Array.isArray(branch.value);
    if (!(isArray && !keepArrays && !branch.dontIterate)) out.push(branch);
    if (isArray && !branch.dontIterate) {
      (branch.value as unknown[]).forEach((value, index) => {
        out.push({
          value,
          arrayIndices: [...branch.arrayIndices, index],
          arrayPaths: [...branch.arrayPaths, leafPath],
          dontIterate: false,
        });
      });
    }
  }
  return out;
}

/** Returned by `plainLookup` when an array sits before the last path part. */
export const THROUGH_ARRAY: unique symbol = Symbol('through array');

/**
 * The value at a dotted path when no array is crossed before the last part: the common case,
 * answered without building branches. Otherwise THROUGH_ARRAY (use `lookupBranches`).
 */
export function plainLookup(doc: Document, parts: readonly string[]): unknown {
  let node: unknown = doc;
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    if (Array.isArray(node)) return THROUGH_ARRAY;
    if (!isPlainObject(node)) return undefined;
    node = node[parts[i] as string];
  }
  if (Array.isArray(node)) return THROUGH_ARRAY;
  return isPlainObject(node) ? node[parts[last] as string] : undefined;
}
