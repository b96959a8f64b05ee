import { EJSON, ObjectID } from '@perseid/ejson';

/** A stored document: a plain object whose `_id` is a string or an ObjectID. */
export type Document = { [field: string]: unknown };
export type DocumentId = string | ObjectID;

/**
 * BSON comparison classes, in MongoDB's cross-type sort order. Values of different classes
 * compare by class; values of the same class compare by `compareValues`.
 */
export enum TypeClass {
  Null = 0,
  Number = 1,
  String = 2,
  Object = 3,
  Array = 4,
  Binary = 5,
  ObjectId = 6,
  Boolean = 7,
  Date = 8,
  RegExp = 9,
  Function = 10,
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
    case TypeClass.Null:
      return 0;
    case TypeClass.Number: {
      const x = Number(a);
      const y = Number(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
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
      const x = a as Uint8Array;
      const y = b as Uint8Array;
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
  return EJSON.equals(a, b, { keyOrderSensitive: true });
}

export function cloneValue<T>(value: T): T {
  return EJSON.clone(value);
}
