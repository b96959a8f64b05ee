import { Decimal128, Long, type Document } from 'bson';

/**
 * BSON value semantics the JS engines lack: MongoDB's cross-type sort order, numeric equality
 * across int32/int64/double/decimal, and a canonical key for hashing values into indexes.
 */

type Tagged = { readonly _bsontype: string };

export function bsonTypeOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && '_bsontype' in value ? (value as Tagged)._bsontype : undefined;
}

/** A numeric view of any BSON number, or undefined for non-numbers. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  switch (bsonTypeOf(value)) {
    case 'Long':
      return (value as Long).toNumber();
    case 'Int32':
    case 'Double':
      return (value as { value: number }).value;
    case 'Decimal128':
      return Number.parseFloat((value as Decimal128).toString());
    default:
      return undefined;
  }
}

/** MongoDB's canonical type order for comparisons between different types. */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 1;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    case 'object':
      break;
    default:
      return 3;
  }
  if (Array.isArray(value)) return 5;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  switch (bsonTypeOf(value)) {
    case 'MinKey':
      return 0;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 2;
    case 'BSONSymbol':
      return 3;
    case 'Binary':
      return 6;
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    case 'MaxKey':
      return 12;
    default:
      return 4;
  }
}

function compareScalars(a: number | string | bigint, b: number | string | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order over BSON values, as MongoDB sorts them. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
    case 1:
    case 12:
      return 0;
    case 2: {
      const na = toNumber(a) ?? 0;
      const nb = toNumber(b) ?? 0;
      if (Number.isNaN(na) || Number.isNaN(nb)) return Number.isNaN(na) ? (Number.isNaN(nb) ? 0 : -1) : 1;
      if (na === nb && bsonTypeOf(a) === 'Long' && bsonTypeOf(b) === 'Long') {
        return (a as Long).compare(b as Long);
      }
      return compareScalars(na, nb);
    }
    case 3:
      return compareScalars(String(a), String(b));
    case 4:
      return compareDocuments(a as Document, b as Document);
    case 5: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i += 1) {
        const c = compareValues(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return compareScalars(xa.length, xb.length);
    }
    case 6: {
      const ba = a as { buffer: Uint8Array; sub_type: number };
      const bb = b as { buffer: Uint8Array; sub_type: number };
      if (ba.buffer.length !== bb.buffer.length) return ba.buffer.length < bb.buffer.length ? -1 : 1;
      if (ba.sub_type !== bb.sub_type) return ba.sub_type < bb.sub_type ? -1 : 1;
      return Buffer.compare(ba.buffer, bb.buffer);
    }
    case 7:
      return compareScalars(String((a as { toHexString(): string }).toHexString()), (b as { toHexString(): string }).toHexString());
    case 8:
      return compareScalars(Number(a), Number(b));
    case 9:
      return compareScalars((a as Date).getTime(), (b as Date).getTime());
    case 10:
      return (a as Long).compare(b as Long);
    default:
      return compareScalars(String(a), String(b));
  }
}

function compareDocuments(a: Document, b: Document): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i += 1) {
    const fa = ka[i] as string;
    const fb = kb[i] as string;
    const r = compareValues(a[fa], b[fb]);
    if (r !== 0) return r;
    const n = compareScalars(fa, fb);
    if (n !== 0) return n;
  }
  return compareScalars(ka.length, kb.length);
}

/**
 * A string that is equal for two values exactly when MongoDB's equality says they are equal
 * (numbers by value across types, documents field-order-sensitive). Used as index and _id keys.
 */
export function canonicalKey(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'number':
      return `n${value}`;
    case 'string':
      return `s${value}`;
    case 'boolean':
      return value ? 'bt' : 'bf';
    case 'bigint':
      return `n${value}`;
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof RegExp) return `r/${value.source}/${value.flags}`;
  switch (bsonTypeOf(value)) {
    case 'ObjectId':
      return `o${(value as { toHexString(): string }).toHexString()}`;
    case 'Long': {
      const long = value as Long;
      const n = long.toNumber();
      return Number.isSafeInteger(n) ? `n${n}` : `n${long.toString()}`;
    }
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return `n${toNumber(value)}`;
    case 'Binary': {
      const bin = value as { buffer: Uint8Array; sub_type: number };
      return `x${bin.sub_type}:${Buffer.from(bin.buffer).toString('base64')}`;
    }
    case 'Timestamp':
      return `t${(value as Long).toString()}`;
    case 'MinKey':
      return 'min';
    case 'MaxKey':
      return 'max';
    default:
      break;
  }
  const doc = value as Document;
  return `{${Object.keys(doc)
    .map((k) => `${JSON.stringify(k)}:${canonicalKey(doc[k])}`)
    .join(',')}}`;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return canonicalKey(a) === canonicalKey(b);
}

function needsNormalising(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(needsNormalising);
  const type = bsonTypeOf(value);
  if (type === 'Long' || type === 'Decimal128' || type === 'Int32' || type === 'Double') return true;
  if (type !== undefined || value instanceof Date || value instanceof RegExp) return false;
  for (const key in value as Document) if (needsNormalising((value as Document)[key])) return true;
  return false;
}

function normaliseDeep(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(normaliseDeep);
  const type = bsonTypeOf(value);
  if (type === 'Long' || type === 'Decimal128' || type === 'Int32' || type === 'Double') return toNumber(value);
  if (type !== undefined || value instanceof Date || value instanceof RegExp) return value;
  const out: Document = {};
  for (const key of Object.keys(value as Document)) out[key] = normaliseDeep((value as Document)[key]);
  return out;
}

/**
 * A view of a document in which every BSON number is a JS number, for engines (mingo) that
 * compare with JS semantics. Returns the input itself when nothing needs converting, so the
 * common case costs one walk and no copy.
 */
export function normaliseNumbers<T>(value: T): T {
  return needsNormalising(value) ? (normaliseDeep(value) as T) : value;
}

/**
 * After an engine worked on a normalised copy, put back the int64/decimal types the original
 * had at the same paths, so `$inc` on a Long yields a Long.
 */
export function restoreNumberTypes(original: unknown, updated: unknown): unknown {
  const originalType = bsonTypeOf(original);
  if (typeof updated === 'number') {
    if (originalType === 'Long' && Number.isInteger(updated)) return Long.fromNumber(updated);
    if (originalType === 'Decimal128') return Decimal128.fromString(String(updated));
    return updated;
  }
  if (typeof updated !== 'object' || updated === null || typeof original !== 'object' || original === null) return updated;
  if (Array.isArray(updated)) {
    if (!Array.isArray(original)) return updated;
    return updated.map((v, i) => restoreNumberTypes(original[i], v));
  }
  if (bsonTypeOf(updated) !== undefined || updated instanceof Date || Array.isArray(original)) return updated;
  const out = updated as Document;
  for (const key of Object.keys(out)) out[key] = restoreNumberTypes((original as Document)[key], out[key]);
  return out;
}

export function isPlainDocument(value: unknown): value is Document {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    bsonTypeOf(value) === undefined &&
    !(value instanceof Date) &&
    !(value instanceof RegExp)
  );
}
