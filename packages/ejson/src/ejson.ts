import { isBinary, newBinary } from './binary';
import { canonicalStringify, type StringifyOptions } from './canonical-stringify';
import { clone } from './clone';
import { addType, isCustomType } from './custom-type';
import { EJSONError } from './ejson-error';
import { equals } from './equals';
import { fromJSONValue, fromOwnedJSONValue, toJSONValue } from './json-value';
import { jsonTextExceedsDepth, MAX_EJSON_DEPTH, tooDeep } from './nesting-depth';

/** EJSON text for `value`; with `indent` or `canonical`, formatted as those options ask. */
function stringify(value: unknown, options?: StringifyOptions): string {
  const json = toJSONValue(value);
  if (options && (options.canonical || options.indent)) return canonicalStringify(json, options);
  return JSON.stringify(json);
}

/**
 * Parses EJSON text. The result is `unknown`: callers type it with their own parse step. Text
 * nested deeper than MAX_EJSON_DEPTH is refused before any of it is built.
 */
function parse(text: string): unknown {
  if (typeof text !== 'string') throw new EJSONError('ejson.not-a-string', 'EJSON.parse argument should be a string');
  if (jsonTextExceedsDepth(text, MAX_EJSON_DEPTH)) throw tooDeep();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EJSONError('ejson.invalid-json', `EJSON.parse: ${(error as Error).message}`, { cause: error });
  }
  return fromOwnedJSONValue(json);
}

/** Meteor's `EJSON` namespace. */
export const EJSON = {
  stringify,
  parse,
  clone,
  equals,
  toJSONValue,
  fromJSONValue,
  addType,
  isBinary,
  newBinary,
  /** Meteor's internal name, kept because minimongo-style code calls it. */
  _isCustomType: isCustomType,
} as const;
