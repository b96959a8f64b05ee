import { ObjectID } from '@perseid/ejson';
import { MinimongoError } from './errors';
import { binaryBytes, bsonTypeOf, compareValues, TypeClass, typeClassOf } from './value-types';

/**
 * Value tests for the element operators whose Meteor semantics need care:
 * regular expressions (which also match equal RegExp values and must not carry `lastIndex`
 * state between documents), `$bits*` (binary masks, two's-complement negatives, strict
 * operand checks) and `$type` (EJSON ObjectID and binary, Meteor's array rule).
 */
export type ValueTest = (value: unknown) => boolean;

export function regexTest(pattern: RegExp): ValueTest {
  // A stateless copy: a `g` or `y` flag would otherwise make `test` resume from lastIndex.
  const stateless = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return (value) => {
    if (typeof value === 'string') return stateless.test(value);
    if (value instanceof RegExp) return value.source === pattern.source && value.flags === pattern.flags;
    return false;
  };
}

/** `{ $regex, $options }`: `$options` replaces the flags of a RegExp `$regex`. */
export function compileRegexOperator(regex: unknown, options: unknown, semantics: Semantics = 'meteor'): RegExp {
  if (options !== undefined) {
    // The server also takes `s` (dot matches newlines) and `u`, which JavaScript shares.
    const allowed = semantics === 'mongodb' ? /^[imgsu]*$/ : /^[img]*$/;
    if (typeof options !== 'string' || !allowed.test(options)) {
      throw new MinimongoError(
        'minimongo.bad-selector',
        semantics === 'mongodb' ? 'Only the i, m, s and u regexp options are supported' : 'Only the i, m, and g regexp options are supported',
      );
    }
  }
  if (regex instanceof RegExp) {
    return options === undefined ? regex : new RegExp(regex.source, options);
  }
  if (typeof regex === 'string') return new RegExp(regex, options ?? '');
  throw new MinimongoError('minimongo.bad-selector', '$regex has to be a string or RegExp');
}

/**
 * `$gt`/`$gte`/`$lt`/`$lte` as Meteor's minimongo: values compare only with values of the same
 * BSON class (all numbers are one class), missing counts as null, and an array operand never
 * matches (so nested arrays are not compared element-wise behind the user's back).
 */
export function inequalityTest(operator: '$gt' | '$gte' | '$lt' | '$lte', operand: unknown): ValueTest {
  if (Array.isArray(operand)) return () => false;
  const bound = operand === undefined ? null : operand;
  const boundClass = typeClassOf(bound);
  if (boundClass === TypeClass.RegExp || boundClass === TypeClass.Function) return () => false;
  const accept: (comparison: number) => boolean =
    operator === '$gt' ? (c) => c > 0 : operator === '$gte' ? (c) => c >= 0 : operator === '$lt' ? (c) => c < 0 : (c) => c <= 0;
  return (raw) => {
    const value = raw === undefined ? null : raw;
    return typeClassOf(value) === boundClass && accept(compareValues(value, bound));
  };
}

/** The bit positions an operand of `$bitsAllSet` and friends names. */
export function bitPositions(operator: string, operand: unknown): number[] {
  if (typeof operand === 'number') {
    if (!Number.isSafeInteger(operand) || operand < 0) {
      throw new MinimongoError('minimongo.bad-selector', `${operator} bitmask must be a non-negative integer`);
    }
    const positions: number[] = [];
    for (let bit = 0, rest = BigInt(operand); rest > 0n; bit++, rest >>= 1n) if (rest & 1n) positions.push(bit);
    return positions;
  }
  if (Array.isArray(operand)) {
    for (const position of operand) {
      if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
        throw new MinimongoError('minimongo.bad-selector', `${operator} bit positions must be non-negative integers`);
      }
    }
    return operand as number[];
  }
  const mask = binaryBytes(operand);
  if (mask !== undefined) {
    const positions: number[] = [];
    mask.forEach((byte, index) => {
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) positions.push(index * 8 + bit);
    });
    return positions;
  }
  throw new MinimongoError('minimongo.bad-selector', `${operator} needs a number, an array of bit positions or a binary`);
}

type BitsMode = '$bitsAllSet' | '$bitsAnySet' | '$bitsAllClear' | '$bitsAnyClear';

export function bitsTest(operator: BitsMode, positions: readonly number[]): ValueTest {
  return (value) => {
    const isSet = bitReader(value);
    if (isSet === undefined) return false;
    switch (operator) {
      case '$bitsAllSet':
        return positions.every(isSet);
      case '$bitsAnySet':
        return positions.some(isSet);
      case '$bitsAllClear':
        return positions.every((p) => !isSet(p));
      case '$bitsAnyClear':
        return positions.some((p) => !isSet(p));
    }
  };
}

/** Integers read as two's complement (negatives are sign-extended); binaries byte by byte. */
function bitReader(value: unknown): ((position: number) => boolean) | undefined {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined;
    const big = BigInt(value);
    return (position) => ((big >> BigInt(position)) & 1n) === 1n;
  }
  const bytes = binaryBytes(value);
  if (bytes !== undefined) {
    return (position) => (((bytes[position >> 3] ?? 0) >> (position & 7)) & 1) === 1;
  }
  return undefined;
}

/** MongoDB's `$type` aliases and codes (`number` matches any number). */
export const TYPE_ALIASES: Readonly<Record<string, number>> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};
const NUMBER_ALIAS = 1000;

/**
 * `semantics: 'mongodb'` answers as the database server does on values it decoded: an integer
 * is `int` or `long` by its range and never `double` (Meteor counts every number as a double),
 * and BSON-only types (timestamp, minKey, maxKey, decimal, …) have their own codes.
 */
export function typeTest(operand: unknown, semantics: Semantics = 'meteor'): ValueTest {
  // MongoDB also takes a list of types, any of which matches.
  if (semantics === 'mongodb' && Array.isArray(operand)) {
    const tests = operand.map((one) => typeTest(one, semantics));
    return (value) => tests.some((test) => test(value));
  }
  const code = bsonTypeCode(operand);
  const codesOf = semantics === 'mongodb' ? serverTypeCodesOf : typeCodesOf;
  if (code === NUMBER_ALIAS) {
    if (semantics === 'meteor') return (value) => typeof value === 'number';
    return (value) => value !== undefined && codesOf(value).some((c) => NUMERIC_CODES.has(c));
  }
  return (value) => value !== undefined && codesOf(value).includes(code);
}

/** Whose rules an engine follows where Meteor's client deliberately differs from MongoDB. */
export type Semantics = 'meteor' | 'mongodb';

const NUMERIC_CODES = new Set([1, 16, 18, 19]);

const SERVER_TYPE_CODES: Readonly<Record<string, number>> = {
  ObjectId: 7,
  Binary: 5,
  UUID: 5,
  Timestamp: 17,
  Decimal128: 19,
  Long: 18,
  Int32: 16,
  Double: 1,
  MinKey: -1,
  MaxKey: 127,
  BSONRegExp: 11,
  Code: 13,
  BSONSymbol: 14,
};

function serverTypeCodesOf(value: unknown): readonly number[] {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return [1];
    return value >= -(2 ** 31) && value < 2 ** 31 ? [16] : [18];
  }
  const tag = bsonTypeOf(value);
  if (tag !== undefined) return [SERVER_TYPE_CODES[tag] ?? 3];
  return typeCodesOf(value);
}

function bsonTypeCode(operand: unknown): number {
  if (operand === 'number') return NUMBER_ALIAS;
  if (typeof operand === 'string') {
    const code = Object.hasOwn(TYPE_ALIASES, operand) ? TYPE_ALIASES[operand] : undefined;
    if (code === undefined) throw new MinimongoError('minimongo.bad-selector', `unknown string alias for $type: ${operand}`);
    return code;
  }
  if (typeof operand === 'number') {
    if (operand === 0 || operand < -1 || (operand > 19 && operand !== 127) || !Number.isInteger(operand)) {
      throw new MinimongoError('minimongo.bad-selector', `Invalid numerical $type code: ${operand}`);
    }
    return operand;
  }
  throw new MinimongoError('minimongo.bad-selector', 'argument to $type is not a number or a string');
}

/**
 * The BSON type codes a value has. Meteor's minimongo counts every number as a double (1); an
 * integer in the int32 range also counts as `int` (16), as the driver would store it.
 */
function typeCodesOf(value: unknown): readonly number[] {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && Math.abs(value) <= 2147483647 ? [1, 16] : [1];
    case 'string':
      return [2];
    case 'boolean':
      return [8];
    case 'function':
      return [13];
    case 'symbol':
      return [14];
    case 'bigint':
      return [18];
    case 'undefined':
      return [6];
    case 'object':
      if (value === null) return [10];
      if (Array.isArray(value)) return [4];
      if (value instanceof Date) return [9];
      if (value instanceof RegExp) return [11];
      if (value instanceof ObjectID) return [7];
      if (value instanceof Uint8Array) return [5];
      return [3];
  }
}
