import { isOperatorObject, type Selector } from './matcher';
import { assertValidFieldNames, modifyDocument, type ModifyOptions } from './modifier';
import { ObjectID } from '@perseid/ejson';
import { cloneValue, isPlainObject, type Document } from './value-types';

/**
 * The document an upsert inserts when nothing matched, as MongoDB builds it: the selector's
 * equality conditions become fields, then the modifier applies with `$setOnInsert` active. A
 * replacement document is used as is, keeping only the selector's `_id`.
 */
export function createUpsertDocument(selector: Selector, modifier: unknown, options: ModifyOptions = {}): Document {
  const base = equalityFields(selector);
  if (isReplacement(modifier)) {
    assertValidFieldNames(modifier);
    const doc = cloneValue(modifier);
    if (!('_id' in doc) && '_id' in base) return { _id: base._id, ...doc };
    return doc;
  }
  return modifyDocument(base, modifier, { ...options, isInsert: true });
}

function isReplacement(modifier: unknown): modifier is Document {
  return isPlainObject(modifier) && !isOperatorObject(modifier);
}

function equalityFields(selector: Selector): Document {
  if (typeof selector === 'string' || typeof selector === 'number' || selector instanceof ObjectID) {
    return { _id: selector };
  }
  const doc: Document = {};
  if (isPlainObject(selector)) collect(selector, doc);
  return doc;
}

function collect(selector: Document, into: Document): void {
  for (const [key, value] of Object.entries(selector)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) collect(clause, into);
      continue;
    }
    if (key.startsWith('$') || value instanceof RegExp) continue;
    if (isOperatorObject(value)) {
      if ('$eq' in value) setPath(into, key, value.$eq);
      else if (Array.isArray(value.$in) && value.$in.length === 1) setPath(into, key, value.$in[0]);
      continue;
    }
    setPath(into, key, value);
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
