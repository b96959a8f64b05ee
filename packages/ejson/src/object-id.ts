import { Random } from '@perseid/random';
import { addType } from './custom-type';
import { EJSONError } from './ejson-error';

const HEX_24 = /^[0-9a-f]{24}$/;

/**
 * MongoDB's 12-byte id as Meteor models it: a 24-character lowercase hex string, EJSON custom
 * type `oid`. A new id is 24 random hex digits, as Meteor makes them (so `getTimestamp` is only
 * meaningful for ids that came from MongoDB).
 */
export class ObjectID {
  readonly _str: string;

  constructor(hexString?: string) {
    if (hexString === undefined) {
      this._str = Random.hexString(24);
      return;
    }
    const lower = typeof hexString === 'string' ? hexString.toLowerCase() : '';
    if (!HEX_24.test(lower)) {
      throw new EJSONError('ejson.bad-object-id', `Invalid hexadecimal string for creating an ObjectID: ${String(hexString)}`);
    }
    this._str = lower;
  }

  equals(other: unknown): boolean {
    return other instanceof ObjectID && other._str === this._str;
  }

  toString(): string {
    return `ObjectID("${this._str}")`;
  }

  clone(): ObjectID {
    return new ObjectID(this._str);
  }

  typeName(): 'oid' {
    return 'oid';
  }

  /** Seconds since the epoch encoded in the first four bytes. */
  getTimestamp(): number {
    return Number.parseInt(this._str.slice(0, 8), 16);
  }

  valueOf(): string {
    return this._str;
  }

  toJSONValue(): string {
    return this._str;
  }

  toHexString(): string {
    return this._str;
  }
}

addType('oid', (value) => {
  if (typeof value !== 'string') throw new EJSONError('ejson.bad-object-id', 'An oid $value must be a hex string');
  return new ObjectID(value);
});
