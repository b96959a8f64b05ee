import { isOperatorObject, type Selector } from './matcher';
import { assertValidFieldNames, modifyDocument, type ModifyOptions } from './modifier';
import { ObjectID } from '@perseid/ejson';
import { MinimongoError } from './errors';
import { cloneValue, isPlainObject, valuesEqual, type Document } from './value-types';

/**
 * The document an upsert inserts when nothing matched, by the rules Meteor's minimongo states:
 * the selector's equality conditions seed fields (every clause of an explicit or implicit
 * `$and`, the single clause of a one-branch `$or`, `$eq`, each element of `$all`; other
 * operators, `$nor`, `$not`, many-branch `$or` and regular expressions seed nothing), a path
 * seeded twice or beneath another seeded path throws, and the modifier then applies with
 * `$setOnInsert` active. A replacement document keeps only the seeded `_id`, which neither form
 * may change.
 */
export function createUpsertDocument(selector: Selector, modifier: unknown, options: ModifyOptions = {}): Document {
  const base = createUpsertSeed(selector);
  if (isReplacement(modifier)) {
    assertValidFieldNames(modifier);
    if ('_id' in base && '_id' in modifier && !valuesEqual(base._id, modifier._id)) {
      throw badUpsert(`The _id field cannot be changed from {_id: ${JSON.stringify(String(base._id))}} to {_id: ${JSON.stringify(String(modifier._id))}}`);
    }
    const doc = cloneValue(modifier);
    if (!('_id' in doc) && '_id' in base) return { _id: base._id, ...doc };
    return doc;
  }
  return modifyDocument(base, modifier, { ...options, isInsert: true });
}

/**
 * The fields an upsert's selector pins, as a document (`_id` first), before any modifier
 * applies. The database server seeds its upserts with this too, so a method's simulation and
 * the server insert the same document. Throws `minimongo.bad-modifier` with "cannot infer
 * query fields to set" for a path pinned twice or beneath another.
 */
export function createUpsertSeed(selector: Selector): Document {
  const seeded = seedFromSelector(selector);
  const base: Document = {};
  if ('_id' in seeded) base._id = cloneValue(seeded._id);
  for (const [path, value] of Object.entries(seeded)) {
    if (path !== '_id') setPath(base, path, value);
  }
  return base;
}

function isReplacement(modifier: unknown): modifier is Document {
  return isPlainObject(modifier) && !isOperatorObject(modifier);
}

/** Dotted path → value for every field the selector pins to one value. */
function seedFromSelector(selector: Selector): Record<string, unknown> {
  const seeded: Record<string, unknown> = {};
  if (typeof selector === 'string' || typeof selector === 'number' || selector instanceof ObjectID) {
    seeded._id = selector;
  } else if (isPlainObject(selector)) {
    seedClause(selector, seeded);
  }
  return seeded;
}

function seedClause(clause: Document, into: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(clause)) {
    if (key === '$and') {
      if (Array.isArray(value)) for (const inner of value) if (isPlainObject(inner)) seedClause(inner, into);
    } else if (key === '$or') {
      if (Array.isArray(value) && value.length === 1 && isPlainObject(value[0])) seedClause(value[0], into);
    } else if (!key.startsWith('$')) {
      seedValue(key, value, into);
    }
  }
}

function seedValue(path: string, value: unknown, into: Record<string, unknown>): void {
  if (value instanceof RegExp) return;
  if (!isPlainObject(value)) {
    pin(path, value, into);
    return;
  }
  const keys = Object.keys(value);
  const operatorKeys = keys.filter((key) => key.startsWith('$'));
  if (operatorKeys.length === 0) {
    assertStorable(value, path);
    pin(path, value, into);
    return;
  }
  if (operatorKeys.length !== keys.length) {
    throw badUpsert(`unknown operator: ${keys.find((key) => !key.startsWith('$'))}`);
  }
  for (const [operator, operand] of Object.entries(value)) {
    if (operator === '$eq') seedValue(path, operand, into);
    else if (operator === '$all' && Array.isArray(operand)) for (const element of operand) seedValue(path, element, into);
  }
}

function pin(path: string, value: unknown, into: Record<string, unknown>): void {
  for (const existing of Object.keys(into)) {
    if (existing === path) throw badUpsert(`cannot infer query fields to set, path '${path}' is matched twice`);
    if (existing.startsWith(`${path}.`) || path.startsWith(`${existing}.`)) {
      throw badUpsert(`cannot infer query fields to set, both paths '${existing}' and '${path}' are matched`);
    }
  }
  into[path] = value;
}

/** Below the top level of a seeded object, keys may be neither dotted nor `$`-prefixed. */
function assertStorable(value: unknown, path: string): void {
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('.')) throw badUpsert(`The dotted field '${key}' in '${path}.${key}' is not valid for storage.`);
    if (key.startsWith('$')) throw badUpsert(`The dollar ($) prefixed field '${path}.${key}' is not valid for storage.`);
    assertStorable(inner, `${path}.${key}`);
  }
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isPlainObject(next)) node[part] = {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1] as string] = cloneValue(value);
}

function badUpsert(message: string): MinimongoError {
  return new MinimongoError('minimongo.bad-modifier', message);
}
