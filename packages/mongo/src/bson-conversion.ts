import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'mongodb';
import { EJSON, ObjectID } from '@perseid/ejson';

/**
 * EJSON values (what app code and DDP see) ⇄ BSON values (what the official driver speaks).
 * This is the only place the two type systems meet; every document crossing the driver
 * boundary goes through one of these two functions.
 *
 * - `ObjectID` (EJSON `oid`) ⇄ BSON `ObjectId`
 * - EJSON binary (`Uint8Array`) ⇄ BSON `Binary`
 * - other EJSON custom types ⇄ `{ EJSON$type, EJSON$value }` sub-documents, as Meteor stores them
 * - `Long`, `Int32`, `Double`, `Decimal128` read back as JS numbers (EJSON has no 64-bit or
 *   decimal type; values beyond 2^53 lose precision, as they do in Meteor without mongo-decimal)
 */

interface EjsonCustomValue {
  typeName(): string;
  toJSONValue(): unknown;
}

function isEjsonCustom(value: object): value is EjsonCustomValue {
  const v = value as Partial<EjsonCustomValue>;
  return typeof v.typeName === 'function' && typeof v.toJSONValue === 'function';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function toBson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof ObjectID) return new ObjectId(value.toHexString());
  if (value instanceof Date || value instanceof RegExp) return value;
  if (value instanceof Uint8Array) return new Binary(value);
  if (Array.isArray(value)) return value.map(toBson);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = toBson(value[key]);
    return out;
  }
  if (isEjsonCustom(value)) return { EJSON$type: value.typeName(), EJSON$value: toBson(value.toJSONValue()) };
  // Driver-native values (ObjectId, Timestamp, Long, …) passed through raw collections stay as they are.
  return value;
}

export function fromBson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof ObjectId) return new ObjectID(value.toHexString());
  if (value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map(fromBson);
  if (value instanceof Binary) return new Uint8Array(value.buffer.subarray(0, value.position));
  // Timestamp is a Long subclass in bson; it is a server clock value, not a number.
  if (value instanceof Timestamp) return value;
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Decimal128) return Number(value.toString());
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 2 && 'EJSON$type' in value && 'EJSON$value' in value) {
      return EJSON.fromJSONValue({ $type: value['EJSON$type'], $value: fromBson(value['EJSON$value']) });
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = fromBson(value[key]);
    return out;
  }
  return value;
}

export function toBsonDocument(doc: Record<string, unknown>): Record<string, unknown> {
  return toBson(doc) as Record<string, unknown>;
}

export function fromBsonDocument(doc: Record<string, unknown>): Record<string, unknown> {
  return fromBson(doc) as Record<string, unknown>;
}
