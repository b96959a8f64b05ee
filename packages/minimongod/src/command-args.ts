import type { Document } from 'bson';
import { isPlainDocument, toNumber } from './bson-value';
import { CommandError } from './errors';

/**
 * Typed readers for command fields. A command document is `unknown`-valued until read through
 * these, and a wrong type becomes TypeMismatch (14) naming the field.
 */
export function stringField(cmd: Document, field: string): string {
  const value = cmd[field];
  if (typeof value !== 'string') throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${describe(value)}', expected type 'string'`);
  return value;
}

export function optionalString(cmd: Document, field: string): string | undefined {
  return cmd[field] === undefined ? undefined : stringField(cmd, field);
}

export function optionalNumber(cmd: Document, field: string): number | undefined {
  const value = cmd[field];
  if (value === undefined || value === null) return undefined;
  const n = toNumber(value);
  if (n === undefined || Number.isNaN(n))
    throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${describe(value)}', expected a number`);
  return n;
}

export function optionalBoolean(cmd: Document, field: string): boolean | undefined {
  const value = cmd[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  const n = toNumber(value);
  if (n !== undefined) return n !== 0;
  throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${describe(value)}', expected type 'bool'`);
}

export function optionalDocument(cmd: Document, field: string): Document | undefined {
  const value = cmd[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainDocument(value)) throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${describe(value)}', expected type 'object'`);
  return value;
}

export function documentArray(cmd: Document, field: string): Document[] {
  const value = cmd[field];
  if (!Array.isArray(value)) throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${describe(value)}', expected type 'array'`);
  value.forEach((item, i) => {
    if (!isPlainDocument(item))
      throw new CommandError('TypeMismatch', `BSON field '${field}.${i}' is the wrong type '${describe(item)}', expected type 'object'`);
  });
  return value as Document[];
}

/** The collection named by the command's first field (e.g. `{ find: "messages" }`). */
export function collectionName(cmd: Document, name: string): string {
  const value = cmd[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') {
    const type = (value as { _bsontype?: unknown })._bsontype;
    return typeof type === 'string' ? type.toLowerCase() : value instanceof Date ? 'date' : 'object';
  }
  return typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'double') : typeof value;
}
