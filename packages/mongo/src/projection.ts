import { PerseidMongoError } from './mongo-errors';
import type { MongoDocument } from './document-id';

/** Meteor's `fields` / MongoDB's `projection`: all inclusions or all exclusions (plus `_id`). */
export type Projection = Record<string, 0 | 1 | boolean>;

export type ProjectFn = (doc: MongoDocument) => MongoDocument;

function pick(source: unknown, path: string[], target: Record<string, unknown>): void {
  if (typeof source !== 'object' || source === null) return;
  const [head, ...rest] = path;
  if (head === undefined) return;
  const value: unknown = (source as Record<string, unknown>)[head];
  if (value === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  if (Array.isArray(value)) {
    const existing = target[head];
    const out: unknown[] = Array.isArray(existing) ? existing : [];
    value.forEach((item, i) => {
      if (typeof item !== 'object' || item === null) return;
      const slot = (out[i] as Record<string, unknown> | undefined) ?? {};
      pick(item, rest, slot);
      out[i] = slot;
    });
    target[head] = out.filter((x) => x !== undefined);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const existing = target[head];
  const slot = typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {};
  pick(value, rest, slot);
  target[head] = slot;
}

function omit(target: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in target)) return;
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const value = target[head];
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) omit(item as Record<string, unknown>, rest);
  }
}

function deepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v);
    return out;
  }
  return value;
}

/** Compiles a projection; throws `mongo.invalid-options` for a mix of inclusions and exclusions. */
export function compileProjection(projection: Projection | undefined): ProjectFn {
  if (!projection || Object.keys(projection).length === 0) return (doc) => doc;
  const entries = Object.entries(projection);
  for (const [key, value] of entries) {
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw new PerseidMongoError('mongo.invalid-options', `projection value for "${key}" must be 0/1 or a boolean`);
    }
  }
  const idSetting = projection['_id'];
  const others = entries.filter(([k]) => k !== '_id');
  const including = others.some(([, v]) => v === 1 || v === true);
  const excluding = others.some(([, v]) => v === 0 || v === false);
  if (including && excluding) {
    throw new PerseidMongoError('mongo.invalid-options', 'a projection cannot mix inclusion and exclusion');
  }
  const keepId = idSetting === undefined || idSetting === 1 || idSetting === true;
  if (including) {
    const paths = others.map(([k]) => k.split('.'));
    return (doc) => {
      const out: Record<string, unknown> = {};
      if (keepId && doc._id !== undefined) out['_id'] = doc._id;
      for (const path of paths) pick(doc, path, out);
      return deepCopy(out) as MongoDocument;
    };
  }
  const paths = others.map(([k]) => k.split('.'));
  return (doc) => {
    const out = deepCopy(doc) as Record<string, unknown>;
    if (!keepId) delete out['_id'];
    for (const path of paths) omit(out, path);
    return out as MongoDocument;
  };
}
