import { MinimongoError } from './errors';
import type { Semantics } from './element-operators';
import { cloneValue, isPlainObject, type Document } from './value-types';

/** `{ a: 1, 'b.c': 1 }` (inclusion) or `{ secret: 0 }` (exclusion); `_id` may be set either way. */
export type FieldSpecifier = { readonly [path: string]: number | boolean };
export type Projection = (doc: Document) => Document;

/** A tree of projected paths: `true` marks a leaf (the whole value at that path). */
type PathTree = { [key: string]: PathTree | true };

/**
 * Compiles a Meteor `fields` specifier into a function returning a new projected document.
 * `_id` is kept unless explicitly excluded; inclusion and exclusion cannot be mixed; through
 * arrays the projection applies to each element, as MongoDB's does.
 */
export function compileProjection(fields: FieldSpecifier | undefined, options: ProjectionOptions = {}): Projection {
  const shared = compileSharedProjection(fields, options);
  return (doc) => cloneValue(shared(doc));
}

export interface ProjectionOptions {
  /**
   * `'mongodb'`: included fields come out in the document's order (the database server's
   * rule) rather than the specifier's. Default `'meteor'`.
   */
  readonly semantics?: Semantics;
}

/**
 * Like `compileProjection`, but the result shares nested values with the input document: for
 * callers that copy the result anyway (or never hand it out).
 */
export function compileSharedProjection(fields: FieldSpecifier | undefined, options: ProjectionOptions = {}): Projection {
  const inDocumentOrder = options.semantics === 'mongodb';
  if (fields === undefined) return (doc) => ({ ...doc });
  if (!isPlainObject(fields)) {
    throw new MinimongoError('minimongo.bad-projection', 'fields option must be an object');
  }
  let includeId = true;
  let idRule: boolean | undefined;
  let mode: 'include' | 'exclude' | undefined;
  const tree: PathTree = {};
  for (const [path, rule] of Object.entries(fields)) {
    if (path.includes('$') || isPlainObject(rule) || Array.isArray(rule)) {
      throw new MinimongoError('minimongo.bad-projection', "Minimongo doesn't support operators in projections yet.");
    }
    if (typeof rule !== 'number' && typeof rule !== 'boolean') {
      throw new MinimongoError('minimongo.bad-projection', `Projection values should be one of 1, 0, true, or false`);
    }
    const include = Boolean(rule);
    if (path === '_id') {
      includeId = include;
      idRule = include;
      continue;
    }
    const pathMode = include ? 'include' : 'exclude';
    if (mode !== undefined && mode !== pathMode) {
      throw new MinimongoError('minimongo.bad-projection', 'You cannot currently mix including and excluding fields.');
    }
    mode = pathMode;
    addPath(tree, path);
  }
  if (mode === 'exclude' && idRule === true) {
    throw new MinimongoError('minimongo.bad-projection', 'You cannot currently mix including and excluding fields.');
  }
  if (mode === undefined) {
    // Only `_id` was mentioned: `{ _id: 0 }` excludes it, `{ _id: 1 }` keeps only it.
    if (includeId && Object.keys(fields).length > 0) return (doc) => ('_id' in doc ? { _id: doc._id } : {});
    if (!includeId) return (doc) => omitId({ ...doc });
    return (doc) => ({ ...doc });
  }
  if (mode === 'include') {
    return (doc) => {
      const out = includeTree(doc, tree, inDocumentOrder);
      if (includeId && '_id' in doc) return { _id: doc._id, ...out };
      return out;
    };
  }
  return (doc) => {
    const out = excludeTree(doc, tree);
    return includeId ? out : omitId(out);
  };
}

function omitId(doc: Document): Document {
  delete doc._id;
  return doc;
}

function addPath(tree: PathTree, path: string): void {
  const parts = path.split('.');
  let node = tree;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const existing = node[part];
    if (i === parts.length - 1) {
      if (existing !== undefined) throw collision(path);
      node[part] = true;
      return;
    }
    if (existing === true) throw collision(path);
    if (existing === undefined) node[part] = {};
    node = node[part] as PathTree;
  }
}

function collision(path: string): MinimongoError {
  return new MinimongoError(
    'minimongo.bad-projection',
    `Projection path '${path}' overlaps another projected path; using both of them may trigger unexpected behavior`,
  );
}

function includeTree(doc: Document, tree: PathTree, inDocumentOrder: boolean): Document {
  const out: Document = {};
  const keys = inDocumentOrder ? Object.keys(doc).filter((key) => Object.hasOwn(tree, key)) : Object.keys(tree);
  for (const key of keys) {
    const sub = tree[key] as PathTree | true;
    if (!(key in doc)) continue;
    const value = doc[key];
    if (sub === true) {
      out[key] = value;
    } else if (Array.isArray(value)) {
      out[key] = includeInArray(value, sub, inDocumentOrder);
    } else if (isPlainObject(value)) {
      out[key] = includeTree(value, sub, inDocumentOrder);
    }
  }
  return out;
}

/** Inclusion through an array keeps only the documents (and nested arrays) in it, each projected. */
function includeInArray(array: unknown[], tree: PathTree, inDocumentOrder: boolean): unknown[] {
  const out: unknown[] = [];
  for (const element of array) {
    if (isPlainObject(element)) out.push(includeTree(element, tree, inDocumentOrder));
    else if (Array.isArray(element)) out.push(includeInArray(element, tree, inDocumentOrder));
  }
  return out;
}

function excludeInArray(array: unknown[], tree: PathTree): unknown[] {
  return array.map((element) => (isPlainObject(element) ? excludeTree(element, tree) : Array.isArray(element) ? excludeInArray(element, tree) : element));
}

function excludeTree(doc: Document, tree: PathTree): Document {
  const out: Document = { ...doc };
  for (const [key, sub] of Object.entries(tree)) {
    if (!(key in out)) continue;
    if (sub === true) {
      delete out[key];
      continue;
    }
    const value = out[key];
    if (Array.isArray(value)) {
      out[key] = excludeInArray(value, sub);
    } else if (isPlainObject(value)) {
      out[key] = excludeTree(value, sub);
    }
  }
  return out;
}
