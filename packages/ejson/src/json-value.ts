import { decodeBase64, encodeBase64 } from './base64';
import { isBinary } from './binary';
import { customTypeFactory, isCustomType } from './custom-type';
import { EJSONError } from './ejson-error';
import { setOwn, type JSONValue } from './json-value-types';
import { MAX_EJSON_DEPTH, tooDeep } from './nesting-depth';

/*
 * The wire forms, in the order Meteor tries them when encoding:
 *   Date            {$date: ms}
 *   RegExp          {$regexp: source, $flags: flags}
 *   NaN/±Infinity   {$InfNaN: 0 | 1 | -1}
 *   Uint8Array      {$binary: base64}
 *   lookalike       {$escape: {...}}     a plain object that would otherwise decode as one of these
 *   custom type     {$type: name, $value: json}
 * Decoding only considers objects of one or two keys that all start with '$'.
 */

function isInfOrNaN(value: unknown): value is number {
  return typeof value === 'number' && !Number.isFinite(value);
}

function hasOnlyKeys(value: object, ...keys: string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

/** True when an object with these own keys has the shape of one of the encoded forms above. */
function looksEncoded(keys: readonly string[]): boolean {
  if (keys.length === 1) {
    const only = keys[0];
    return only === '$date' || only === '$InfNaN' || only === '$binary' || only === '$escape';
  }
  if (keys.length === 2) {
    const [a, b] = keys;
    return (a === '$regexp' && b === '$flags') || (a === '$flags' && b === '$regexp') || (a === '$type' && b === '$value') || (a === '$value' && b === '$type');
  }
  return false;
}

/** Encodes any EJSON value into plain JSON; never mutates its input. */
export function toJSONValue(value: unknown): JSONValue {
  return encode(value, { depth: 0, ancestors: new Set() });
}

/**
 * Cycle detection, kept off the hot path: ancestors are only recorded below depth 32. A cycle
 * repeats forever, so it is still caught the second time it passes that depth; ordinary
 * messages are shallower and never pay for the Set.
 */
interface EncodeState {
  depth: number;
  readonly ancestors: Set<object>;
}
const UNTRACKED_DEPTH = 32;

function encode(value: unknown, state: EncodeState): JSONValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (isInfOrNaN(value)) return { $InfNaN: Number.isNaN(value) ? 0 : value > 0 ? 1 : -1 };
      return value;
    case 'bigint':
      throw new EJSONError('ejson.unserializable', 'EJSON cannot serialize a bigint');
    case 'undefined':
    case 'function':
    case 'symbol':
      // Same as JSON: dropped from objects, null in arrays (JSON.stringify decides).
      return value as unknown as JSONValue;
    case 'object':
      break;
  }
  if (value === null) return null;
  if (value instanceof Date) return { $date: value.getTime() };
  if (value instanceof RegExp) return { $regexp: value.source, $flags: value.flags };
  if (isBinary(value)) return { $binary: encodeBase64(value) };
  if (state.depth >= MAX_EJSON_DEPTH) throw tooDeep();
  const tracked = state.depth >= UNTRACKED_DEPTH;
  if (tracked) {
    if (state.ancestors.has(value)) throw new EJSONError('ejson.circular', 'Converting circular structure to JSON');
    state.ancestors.add(value);
  }
  state.depth += 1;
  try {
    if (Array.isArray(value)) {
      const out: JSONValue[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) out[i] = encode(value[i], state);
      return out;
    }
    if (isCustomType(value)) return { $type: value.typeName(), $value: value.toJSONValue() };
    const keys = Object.keys(value);
    const encoded = encodeKeys(value as Record<string, unknown>, keys, state);
    return looksEncoded(keys) ? { $escape: encoded } : encoded;
  } finally {
    state.depth -= 1;
    if (tracked) state.ancestors.delete(value);
  }
}

function encodeKeys(value: Record<string, unknown>, keys: readonly string[], state: EncodeState): { [key: string]: JSONValue } {
  const out: Record<string, unknown> = {};
  for (const key of keys) setOwn(out, key, encode(value[key], state));
  return out as { [key: string]: JSONValue };
}

/**
 * Decodes plain JSON (as parsed off a socket) into EJSON values. Malformed encoded forms throw
 * `EJSONError` with code `ejson.bad-value` or `ejson.unknown-type`; input is never mutated.
 */
export function fromJSONValue(value: unknown): unknown {
  return decode(value, 0);
}

/** `depth` = containers above `value`. */
function decode(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_EJSON_DEPTH) throw tooDeep();
  if (Array.isArray(value)) return value.map((item) => decode(item, depth + 1));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 0 && keys.length <= 2 && keys.every((key) => key.startsWith('$'))) {
    const decoded = decodeSpecial(record, depth);
    if (decoded !== NOT_SPECIAL) return decoded;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) setOwn(out, key, decode(record[key], depth + 1));
  return out;
}

/**
 * Like fromJSONValue, but rewrites `value` in place: only for trees nobody else holds, such as
 * the fresh output of JSON.parse, where copying every object again is wasted work.
 */
export function fromOwnedJSONValue(value: unknown): unknown {
  return decodeOwned(value, 0);
}

function decodeOwned(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_EJSON_DEPTH) throw tooDeep();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeOwned(value[i], depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 0 && keys.length <= 2 && keys.every((key) => key.startsWith('$'))) {
    const decoded = decodeSpecial(record, depth);
    if (decoded !== NOT_SPECIAL) return decoded;
  }
  for (const key of keys) {
    const item = record[key];
    if (typeof item === 'object' && item !== null) setOwn(record, key, decodeOwned(item, depth + 1));
  }
  return record;
}

const NOT_SPECIAL: unique symbol = Symbol('not special');

function decodeSpecial(record: Record<string, unknown>, depth: number): unknown {
  if (hasOnlyKeys(record, '$date')) {
    const time = record.$date;
    if (typeof time !== 'number' && typeof time !== 'string') throw bad('$date must be a number of milliseconds');
    return new Date(time);
  }
  if (hasOnlyKeys(record, '$regexp', '$flags')) {
    const { $regexp: source, $flags: flags } = record;
    if (typeof source !== 'string' || typeof flags !== 'string') throw bad('$regexp and $flags must be strings');
    // Meteor keeps only g, i, m, u, y (first 50 characters, duplicates dropped) so a peer cannot
    // make RegExp throw or do extra work through the flags.
    const safeFlags = flags
      .slice(0, 50)
      .replace(/[^gimuy]/g, '')
      .replace(/(.)(?=.*\1)/g, '');
    try {
      return new RegExp(source, safeFlags);
    } catch (error) {
      throw new EJSONError('ejson.bad-value', `$regexp is not a valid regular expression: ${source}`, { cause: error });
    }
  }
  if (hasOnlyKeys(record, '$InfNaN')) {
    const sign = record.$InfNaN;
    if (typeof sign !== 'number') throw bad('$InfNaN must be 0, 1 or -1');
    return sign === 0 ? Number.NaN : sign > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  if (hasOnlyKeys(record, '$binary')) {
    const text = record.$binary;
    if (typeof text !== 'string') throw bad('$binary must be a base64 string');
    return decodeBase64(text);
  }
  if (hasOnlyKeys(record, '$escape')) {
    const inner = record.$escape;
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw bad('$escape must wrap an object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(inner)) setOwn(out, key, decode((inner as Record<string, unknown>)[key], depth + 2));
    return out;
  }
  if (hasOnlyKeys(record, '$type', '$value')) {
    const name = record.$type;
    if (typeof name !== 'string') throw bad('$type must be a string');
    return customTypeFactory(name)(record.$value as JSONValue);
  }
  return NOT_SPECIAL;
}

function bad(message: string): EJSONError {
  return new EJSONError('ejson.bad-value', message);
}
