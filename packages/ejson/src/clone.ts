import { isBinary } from './binary';
import { isCustomType } from './custom-type';
import { fromJSONValue, toJSONValue } from './json-value';
import { setOwn } from './json-value-types';
import { MAX_EJSON_DEPTH, tooDeep } from './nesting-depth';

interface WithClone {
  clone(): unknown;
}

/**
 * A deep copy, as Meteor's EJSON.clone: Dates and binaries are copied, RegExps are shared
 * (immutable), objects with a `clone` method clone themselves, custom types without one go
 * through their JSON form, other objects become plain objects of their own enumerable keys.
 */
export function clone<T>(value: T): T {
  return copy(value, 0) as T;
}

/** `depth` = containers above `value`. */
function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_EJSON_DEPTH) throw tooDeep();
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof RegExp) return value;
  if (isBinary(value)) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1));
  if (typeof (value as Partial<WithClone>).clone === 'function') return (value as WithClone).clone();
  if (isCustomType(value)) return fromJSONValue(toJSONValue(value));
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) setOwn(out, key, copy(record[key], depth + 1));
  return out;
}
