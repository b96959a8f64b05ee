import { MinimongoError } from './errors';
import type { Semantics } from './element-operators';
import { Matcher } from './matcher';
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
  /**
   * Under `'mongodb'`: the selector that chose the documents, which binds a positional
   * `field.$` projection to the element it matched.
   */
  readonly matcher?: Pick<Matcher, 'firstMatchingIndex'>;
  /** Under `'mongodb'`: the view of a document that `$elemMatch` and the positional `$` match on. */
  readonly matchView?: (doc: Document) => Document;
}

/** The projection operators MongoDB applies after the plain inclusions or exclusions. */
interface Operators {
  readonly slices: Array<{ readonly path: string; readonly skip: number | null; readonly count: number }>;
  readonly elemMatches: Array<{ readonly key: string; readonly matcher: Matcher }>;
  positional: string | undefined;
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
  const ops: Operators = { slices: [], elemMatches: [], positional: undefined };
  let plainCount = 0;
  for (const [path, rule] of Object.entries(fields)) {
    if (inDocumentOrder && (path.endsWith('.$') || isPlainObject(rule))) {
      // MongoDB's operator projections; Meteor's client refuses them (the branch below).
      const forcesInclusion = parseOperator(path, rule as unknown, ops);
      if (!forcesInclusion) continue;
      if (mode === 'exclude') throw mixed(path, 'exclusion');
      mode = 'include';
      if (ops.positional !== undefined && path.endsWith('.$')) addPath(tree, ops.positional);
      continue;
    }
    if (path.includes('$') || isPlainObject(rule) || Array.isArray(rule)) {
      throw new MinimongoError('minimongo.bad-projection', "Minimongo doesn't support operators in projections yet.");
    }
    if (typeof rule !== 'number' && typeof rule !== 'boolean') {
      throw new MinimongoError('minimongo.bad-projection', `Projection values should be one of 1, 0, true, or false`);
    }
    const include = Boolean(rule);
    plainCount++;
    if (path === '_id') {
      includeId = include;
      idRule = include;
      continue;
    }
    const pathMode = include ? 'include' : 'exclude';
    if (mode !== undefined && mode !== pathMode) {
      if (inDocumentOrder) throw mixed(path, pathMode === 'include' ? 'exclusion' : 'inclusion');
      throw new MinimongoError('minimongo.bad-projection', 'You cannot currently mix including and excluding fields.');
    }
    mode = pathMode;
    addPath(tree, path);
  }
  if (mode === 'exclude' && idRule === true) {
    throw new MinimongoError('minimongo.bad-projection', 'You cannot currently mix including and excluding fields.');
  }
  if (ops.slices.length > 0 || ops.elemMatches.length > 0 || ops.positional !== undefined) {
    // `$slice` alone keeps every other field; beside inclusions it is one of them.
    if (mode === 'include') for (const { path } of ops.slices) addPath(tree, path);
    if (mode === undefined && ops.elemMatches.length > 0) mode = 'include';
    const base = compilePlain(tree, mode, includeId, plainCount, inDocumentOrder);
    const view = options.matchView ?? ((doc: Document) => doc);
    const positionalMatcher = options.matcher;
    return (doc) => applyOperators(base(doc), doc, ops, view, positionalMatcher);
  }
  return compilePlain(tree, mode, includeId, plainCount, inDocumentOrder);
}

function compilePlain(tree: PathTree, mode: 'include' | 'exclude' | undefined, includeId: boolean, fieldCount: number, inDocumentOrder: boolean): Projection {
  if (mode === undefined) {
    // Only `_id` was mentioned: `{ _id: 0 }` excludes it, `{ _id: 1 }` keeps only it.
    if (includeId && fieldCount > 0) return (doc) => ('_id' in doc ? { _id: doc._id } : {});
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

/** MongoDB's refusal of a projection that both includes and excludes (`_id` aside). */
function mixed(path: string, mode: 'inclusion' | 'exclusion'): MinimongoError {
  const what = mode === 'exclusion' ? 'inclusion' : 'exclusion';
  return new MinimongoError('minimongo.bad-projection', `Cannot do ${what} on field ${path} in ${mode} projection`);
}

/**
 * Records one operator projection (`field.$`, `{ $slice }`, `{ $elemMatch }`), refusing what
 * MongoDB refuses. Returns whether it makes the projection an inclusion (only the positional `$`).
 */
function parseOperator(path: string, rule: unknown, ops: Operators): boolean {
  if (path.endsWith('.$')) {
    const arrayPath = path.slice(0, -2);
    if (arrayPath.includes('$')) throw badProjection(`Positional projection '${path}' contains the positional operator more than once.`);
    if (isPlainObject(rule) || !rule) throw badProjection(`Cannot use positional projection in exclusion projection: '${path}'`);
    if (ops.positional !== undefined) throw badProjection('Cannot specify more than one positional projection per query.');
    if (ops.elemMatches.length > 0) throw badProjection('Cannot specify positional operator and $elemMatch.');
    ops.positional = arrayPath;
    return true;
  }
  const spec = rule as Document;
  const keys = Object.keys(spec);
  const [operator] = keys;
  if (keys.length !== 1 || (operator !== '$slice' && operator !== '$elemMatch')) {
    throw badProjection(`Unsupported projection option: ${path}: ${JSON.stringify(spec)}`);
  }
  if (path.split('.').some((part) => part.startsWith('$'))) throw badProjection(`FieldPath field names may not start with '$': '${path}'`);
  if (operator === '$slice') {
    ops.slices.push({ path, ...sliceArguments(spec['$slice']) });
    return false;
  }
  if (path.includes('.')) throw badProjection('Cannot use $elemMatch projection on a nested field.');
  if (ops.positional !== undefined) throw badProjection('Cannot specify positional operator and $elemMatch.');
  const operand = spec['$elemMatch'];
  if (!isPlainObject(operand)) throw badProjection('elemMatch: Invalid argument, object required.');
  ops.elemMatches.push({ key: path, matcher: new Matcher({ [path]: { $elemMatch: operand } }, { semantics: 'mongodb' }) });
  // Beside exclusions it replaces the field; alone or beside inclusions it is one of them.
  return false;
}

function sliceArguments(arg: unknown): { skip: number | null; count: number } {
  if (Array.isArray(arg)) {
    if (arg.length !== 2) throw badProjection('$slice array argument must be of form [skip, limit]');
    const [skip, count] = arg.map((v: unknown) => sliceNumber(v));
    if ((count as number) <= 0) throw badProjection(`$slice limit must be positive, got ${count}`);
    return { skip: skip as number, count: count as number };
  }
  return { skip: null, count: sliceNumber(arg) };
}

function sliceNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badProjection('$slice only supports numbers and [skip, limit] arrays');
  return value;
}

function badProjection(message: string): MinimongoError {
  return new MinimongoError('minimongo.bad-projection', message);
}

/** The operators' part, on a projected document that may share nested values with `doc`. */
function applyOperators(
  out: Document,
  doc: Document,
  ops: Operators,
  view: (doc: Document) => Document,
  positionalMatcher: Pick<Matcher, 'firstMatchingIndex'> | undefined,
): Document {
  for (const { path, skip, count } of ops.slices) {
    replaceArrays(out, path.split('.'), (array) => {
      if (skip === null) return count >= 0 ? array.slice(0, count) : array.slice(Math.max(0, array.length + count));
      return array.slice(skip < 0 ? Math.max(0, array.length + skip) : skip).slice(0, count);
    });
  }
  if (ops.positional !== undefined) {
    const arrayPath = ops.positional;
    const index = positionalMatcher?.firstMatchingIndex(view(doc), arrayPath);
    if (index === undefined) {
      throw badProjection(`positional operator '${arrayPath}.$' couldn't find a matching element in the array`);
    }
    replaceArrays(out, arrayPath.split('.'), (array) => array.slice(index, index + 1));
  }
  for (const { key, matcher } of ops.elemMatches) {
    // MongoDB 4.4+ puts the `$elemMatch` field after the other fields, matched or not.
    delete out[key];
    const value = doc[key];
    if (!Array.isArray(value)) continue;
    const index = matcher.firstMatchingIndex(view(doc), key);
    if (index !== undefined) out[key] = [value[index]];
  }
  return out;
}

/** Replaces the arrays at `parts` (through nested arrays of documents too) without touching shared values. */
function replaceArrays(container: Document, parts: readonly string[], replace: (array: unknown[]) => unknown[]): void {
  const [key, ...rest] = parts as [string, ...string[]];
  if (!Object.hasOwn(container, key)) return;
  const value = container[key];
  if (rest.length === 0) {
    if (Array.isArray(value)) container[key] = replace(value);
    return;
  }
  if (isPlainObject(value)) {
    const copy = { ...value };
    replaceArrays(copy, rest, replace);
    container[key] = copy;
  } else if (Array.isArray(value)) {
    container[key] = value.map((element) => {
      if (!isPlainObject(element)) return element;
      const copy = { ...element };
      replaceArrays(copy, rest, replace);
      return copy;
    });
  }
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
