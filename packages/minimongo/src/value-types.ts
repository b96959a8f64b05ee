import { EJSON, MAX_EJSON_DEPTH, ObjectID, tooDeep } from '@perseid/ejson';

/** A stored document: a plain object whose `_id` is a string or an ObjectID. */
export type Document = { [field: string]: unknown };
export type DocumentId = string | ObjectID;

/**
 * BSON comparison classes, in MongoDB's cross-type sort order. Values of different classes
 * compare by class; values of the same class compare by `compareValues`.
 */
export enum TypeClass {
  MinKey = -1,
  Null = 0,
  Number = 1,
  String = 2,
  Object = 3,
  Array = 4,
  Binary = 5,
  ObjectId = 6,
  Boolean = 7,
  Date = 8,
  Timestamp = 9,
  RegExp = 10,
  Function = 11,
  MaxKey = 12,
}

/**
 * Values the `bson` package decodes (tagged with `_bsontype`). They never reach the client, but
 * the database server runs this engine on stored documents; recognising them by their tag
 * keeps the `bson` package out of the client bundle.
 */
type BsonTagged = { readonly _bsontype: string };

export function bsonTypeOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && '_bsontype' in value ? (value as BsonTagged)._bsontype : undefined;
}

const BSON_CLASSES: Readonly<Record<string, TypeClass>> = {
  MinKey: TypeClass.MinKey,
  MaxKey: TypeClass.MaxKey,
  ObjectId: TypeClass.ObjectId,
  Binary: TypeClass.Binary,
  UUID: TypeClass.Binary,
  Timestamp: TypeClass.Timestamp,
  BSONRegExp: TypeClass.RegExp,
  Long: TypeClass.Number,
  Int32: TypeClass.Number,
  Double: TypeClass.Number,
  Decimal128: TypeClass.Number,
  BSONSymbol: TypeClass.String,
  Code: TypeClass.Function,
};

/** The bytes of a binary value: a `Uint8Array` (EJSON) or a BSON `Binary`. */
export function binaryBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  const tag = bsonTypeOf(value);
  if (tag !== 'Binary' && tag !== 'UUID') return undefined;
  const binary = value as { buffer: Uint8Array; position: number };
  return binary.buffer.subarray(0, binary.position);
}

/** A JS number for any numeric value (BSON int32/int64/double/decimal included). */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tagged = value as { toNumber?: () => number; value?: number; toString(): string };
  if (typeof tagged.toNumber === 'function') return tagged.toNumber();
  if (typeof tagged.value === 'number') return tagged.value;
  return Number.parseFloat(tagged.toString());
}

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function typeClassOf(value: unknown): TypeClass {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TypeClass.Number;
    case 'string':
    case 'symbol':
      return TypeClass.String;
    case 'boolean':
      return TypeClass.Boolean;
    case 'function':
      return TypeClass.Function;
    case 'undefined':
      return TypeClass.Null;
    case 'object':
      if (value === null) return TypeClass.Null;
      if (Array.isArray(value)) return TypeClass.Array;
      if (value instanceof Date) return TypeClass.Date;
      if (value instanceof RegExp) return TypeClass.RegExp;
      if (value instanceof ObjectID) return TypeClass.ObjectId;
      if (EJSON.isBinary(value)) return TypeClass.Binary;
      if ('_bsontype' in value) return BSON_CLASSES[(value as BsonTagged)._bsontype] ?? TypeClass.Object;
      return TypeClass.Object;
  }
}

/**
 * Meteor's `_f._cmp`: a total order over document values (undefined sorts first, then by BSON
 * class, then within the class). Throws for regular expressions, which MongoDB cannot sort.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  const ta = typeClassOf(a);
  const tb = typeClassOf(b);
  if (ta !== tb) return ta - tb;
  switch (ta) {
    case TypeClass.MinKey:
    case TypeClass.MaxKey:
    case TypeClass.Null:
      return 0;
    case TypeClass.Number: {
      const x = numberOf(a);
      const y = numberOf(b);
      if (x === y && bsonTypeOf(a) === 'Long' && bsonTypeOf(b) === 'Long') {
        // Two int64 values past 2^53 can share one double.
        return (a as { compare(other: unknown): number }).compare(b);
      }
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeClass.Timestamp:
      return (a as { compare(other: unknown): number }).compare(b);
    case TypeClass.String: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeClass.Boolean:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case TypeClass.Date:
      return (a as Date).getTime() - (b as Date).getTime();
    case TypeClass.ObjectId: {
      const x = (a as ObjectID).toHexString();
      const y = (b as ObjectID).toHexString();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeClass.Binary: {
      const x = binaryBytes(a) as Uint8Array;
      const y = binaryBytes(b) as Uint8Array;
      if (x.length !== y.length) return x.length - y.length;
      for (let i = 0; i < x.length; i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0) return d;
      }
      return 0;
    }
    case TypeClass.Array:
      return compareArrays(a as unknown[], b as unknown[]);
    case TypeClass.Object:
      // Documents compare as their key/value sequences, in key order (BSON semantics).
      return compareArrays(flattenEntries(a as Document), flattenEntries(b as Document));
    case TypeClass.RegExp:
    case TypeClass.Function:
      throw new TypeError('Sorting not supported on regular expressions or functions');
  }
}

/**
 * The database server's sort order at the top of a key: a missing field sorts as null, and
 * regular expressions are ordered (by pattern, then flags) instead of refused.
 */
export function compareServerOrder(a: unknown, b: unknown): number {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (typeClassOf(x) === TypeClass.RegExp && typeClassOf(y) === TypeClass.RegExp) {
    const [sx, fx] = regexParts(x);
    const [sy, fy] = regexParts(y);
    return sx < sy ? -1 : sx > sy ? 1 : fx < fy ? -1 : fx > fy ? 1 : 0;
  }
  return compareValues(x, y);
}

function regexParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  const bson = value as { pattern: string; options: string };
  return [bson.pattern, bson.options];
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareValues(a[i], b[i]);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function flattenEntries(doc: Document): unknown[] {
  const out: unknown[] = [];
  for (const key of Object.keys(doc)) out.push(key, doc[key]);
  return out;
}

/** Meteor's `_f._equal`: EJSON equality, sensitive to key order as BSON documents are. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  // BSON values carry their own `equals`, except MinKey and MaxKey, which EJSON would take for
  // two empty documents.
  const ta = bsonTypeOf(a);
  const tb = bsonTypeOf(b);
  if (ta !== undefined || tb !== undefined) {
    if (ta === 'MinKey' || ta === 'MaxKey' || tb === 'MinKey' || tb === 'MaxKey') return ta === tb;
    if (ta === 'Binary' || tb === 'Binary' || ta === 'UUID' || tb === 'UUID') {
      const x = binaryBytes(a);
      const y = binaryBytes(b);
      return x !== undefined && y !== undefined && compareValues(x, y) === 0;
    }
  }
  return EJSON.equals(a, b, { keyOrderSensitive: true });
}

/**
 * EJSON's deep copy, except that BSON values (ObjectId, Binary, Timestamp, …) are immutable
 * and shared: EJSON would turn them into plain objects of their own keys.
 */
export function cloneValue<T>(value: T): T {
  return cloneAt(value, 0) as T;
}

function cloneAt(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value) || isPlainObject(value)) {
    if (depth >= MAX_EJSON_DEPTH) throw tooDeep();
    if (Array.isArray(value)) return value.map((item) => cloneAt(item, depth + 1));
    const out: Document = {};
    for (const key of Object.keys(value)) {
      const copy = cloneAt(value[key], depth + 1);
      if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
      else out[key] = copy;
    }
    return out;
  }
  if ('_bsontype' in value) return value;
  return EJSON.clone(value);
}
