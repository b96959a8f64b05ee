import { isBinary } from './binary';
import { isCustomType } from './custom-type';
import { toJSONValue } from './json-value';
import { MAX_EJSON_DEPTH, tooDeep } from './nesting-depth';

export interface EqualsOptions {
  /** When true, `{a: 1, b: 2}` differs from `{b: 2, a: 1}` (Meteor's default is false). */
  keyOrderSensitive?: boolean;
}

interface WithEquals {
  equals(other: unknown, options?: EqualsOptions): boolean;
}

function hasEquals(value: object): value is WithEquals {
  return typeof (value as Partial<WithEquals>).equals === 'function';
}

/**
 * Meteor's EJSON.equals: deep structural equality where NaN equals NaN, Dates compare by time,
 * binaries by bytes, objects with an `equals` method decide for themselves, and custom types
 * without one compare by their JSON form. RegExps compare by source and flags (Meteor compares
 * their (empty) key sets, which makes every pair equal; that is a bug we do not copy).
 */
export function equals(a: unknown, b: unknown, options?: EqualsOptions): boolean {
  return equalsAt(a, b, options, 0);
}

/** `depth` = containers above `a` and `b`. */
function equalsAt(a: unknown, b: unknown, options: EqualsOptions | undefined, depth: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth >= MAX_EJSON_DEPTH) throw tooDeep();
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (a instanceof RegExp || b instanceof RegExp) {
    return a instanceof RegExp && b instanceof RegExp && a.source === b.source && a.flags === b.flags;
  }
  if (isBinary(a) && isBinary(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (hasEquals(a)) return a.equals(b, options);
  if (hasEquals(b)) return b.equals(a, options);
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return false;
  if (aIsArray) {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!equalsAt(left[i], right[i], options, depth + 1)) return false;
    return true;
  }
  const aCustom = isCustomType(a);
  const bCustom = isCustomType(b);
  if (aCustom !== bCustom) return false;
  if (aCustom) return equals(toJSONValue(a), toJSONValue(b));
  return equalObjects(a as Record<string, unknown>, b as Record<string, unknown>, options, depth);
}

function equalObjects(a: Record<string, unknown>, b: Record<string, unknown>, options: EqualsOptions | undefined, depth: number): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  if (options?.keyOrderSensitive) {
    for (let i = 0; i < aKeys.length; i++) {
      const key = aKeys[i] as string;
      if (key !== bKeys[i] || !equalsAt(a[key], b[key], options, depth + 1)) return false;
    }
    return true;
  }
  for (const key of aKeys) {
    if (!Object.hasOwn(b, key) || !equalsAt(a[key], b[key], options, depth + 1)) return false;
  }
  return true;
}
