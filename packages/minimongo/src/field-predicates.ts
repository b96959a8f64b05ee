import { MinimongoError } from './errors';
import { expandLeafArrays, lookupBranches, plainLookup, THROUGH_ARRAY, type Branch } from './document-paths';
import { regexTest, type ValueTest } from './element-operators';
import type { NearQuery } from './geo-near';
import { isPlainObject, valuesEqual, type Document } from './value-types';

/**
 * The building blocks of compiled selectors: predicates over a whole document for one field
 * condition, each applying MongoDB's path and array rules.
 */
export type DocPredicate = (doc: Document) => boolean;

/** The smallest distance to a location at a branch: a location, or an array of locations. */
export function nearestDistance(query: NearQuery, branches: readonly Branch[]): number | undefined {
  let best: number | undefined;
  const consider = (value: unknown): void => {
    const distance = query.distanceTo(value);
    if (distance !== undefined && (best === undefined || distance < best)) best = distance;
  };
  for (const { value } of branches) {
    const direct = query.distanceTo(value);
    if (direct !== undefined) consider(value);
    else if (Array.isArray(value)) value.forEach(consider);
  }
  return best;
}

/** An object whose keys are all operators. Mixing operators and fields is an error, as in Meteor. */
export function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  let sawOperator: boolean | undefined;
  for (const key of Object.keys(value)) {
    const isOp = key.startsWith('$');
    if (sawOperator === undefined) sawOperator = isOp;
    else if (sawOperator !== isOp) {
      throw new MinimongoError('minimongo.bad-selector', `Inconsistent operator: ${describe(value)}`);
    }
  }
  return sawOperator === true;
}

/** Operand checks for `$all`, `$mod` and `$size`, with Meteor's messages. */
export function validateArrayOperators(ops: Document): void {
  if ('$all' in ops && !Array.isArray(ops.$all)) {
    throw new MinimongoError('minimongo.bad-selector', '$all requires array');
  }
  if ('$mod' in ops) {
    const mod = ops.$mod;
    if (!Array.isArray(mod) || mod.length !== 2 || typeof mod[0] !== 'number' || typeof mod[1] !== 'number') {
      throw new MinimongoError('minimongo.bad-selector', 'argument to $mod must be an array of two numbers');
    }
  }
  if ('$size' in ops && typeof ops.$size !== 'number') {
    throw new MinimongoError('minimongo.bad-selector', '$size needs a number');
  }
  if (Array.isArray(ops.$all)) {
    for (const element of ops.$all) {
      if (isPlainObject(element) && !('$elemMatch' in element) && Object.keys(element).some((k) => k.startsWith('$'))) {
        throw new MinimongoError('minimongo.bad-selector', 'no $ expressions in $all');
      }
    }
  }
}

/**
 * Meteor's equality element matcher: a value equals `operand` under EJSON equality; null
 * matches null and missing; leaf arrays match as a whole or by any element.
 */
export function equalityPredicate(parts: string[], operand: unknown): DocPredicate {
  if (operand instanceof RegExp) return elementPredicate(parts, regexTest(operand));
  const matchesValue =
    operand === null || operand === undefined
      ? (value: unknown) => value === null || value === undefined
      : typeof operand === 'object'
        ? (value: unknown) => valuesEqual(value, operand)
        : // A scalar operand never equals a document (EJSON), and NaN equals NaN.
          Number.isNaN(operand)
          ? (value: unknown) => Number.isNaN(value)
          : (value: unknown) => value === operand;
  const general: DocPredicate = (doc) => expandLeafArrays(lookupBranches(doc, parts)).some((b) => matchesValue(b.value));
  if (parts.length === 1) {
    const key = parts[0] as string;
    return (doc) => {
      const value = doc[key];
      return matchesValue(value) || (Array.isArray(value) && value.some(matchesValue));
    };
  }
  // Fast path: no array before the last part, so the value (or a leaf array and its elements)
  // is the only candidate.
  return (doc) => {
    const value = plainLookup(doc, parts);
    if (value === THROUGH_ARRAY) return general(doc);
    if (Array.isArray(value)) return matchesValue(value) || value.some(matchesValue);
    return matchesValue(value);
  };
}

/** Some value reached by the path (leaf arrays expanded into their elements) passes `test`. */
export function elementPredicate(parts: string[], test: ValueTest, keepLeafArrays = true): DocPredicate {
  const general: DocPredicate = (doc) => expandLeafArrays(lookupBranches(doc, parts), keepLeafArrays).some((branch) => test(branch.value));
  // Fast path: no array before the last part (see equalityPredicate).
  return (doc) => {
    const value = plainLookup(doc, parts);
    if (value === THROUGH_ARRAY) return general(doc);
    if (Array.isArray(value)) return (keepLeafArrays && test(value)) || value.some(test);
    return test(value);
  };
}

export function andAll(predicates: DocPredicate[]): DocPredicate {
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0] as DocPredicate;
  return (doc) => predicates.every((p) => p(doc));
}

export function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
