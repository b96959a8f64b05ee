import type { Document } from 'bson';
import { isPlainDocument } from './bson-value';
import { checkPathDepth } from './nesting-depth';
import { CommandError } from './errors';

/**
 * The document an upsert starts from, as MongoDB derives it from the query: every equality the
 * query pins — top-level fields, each clause of `$and`, the clause of a one-branch `$or`, `$eq`,
 * each element of `$all` — becomes a field; other operators, `$nor`, many-branch `$or` and
 * regular expressions pin nothing. A path pinned twice, or pinned beneath another pinned path,
 * cannot be inferred (NotSingleValueField, as MongoDB answers).
 */
export function upsertSeed(query: Document): Document {
  const pinned = new Map<string, unknown>();
  pinClause(query, pinned);
  const seed: Document = {};
  for (const [path, value] of pinned) setPath(seed, path, value);
  return seed;
}

function pinClause(clause: Document, pinned: Map<string, unknown>): void {
  for (const [key, value] of Object.entries(clause)) {
    if (key === '$and') {
      if (Array.isArray(value)) for (const inner of value) if (isPlainDocument(inner)) pinClause(inner, pinned);
    } else if (key === '$or') {
      if (Array.isArray(value) && value.length === 1 && isPlainDocument(value[0])) pinClause(value[0], pinned);
    } else if (!key.startsWith('$')) {
      pinValue(key, value, pinned);
    }
  }
}

function pinValue(path: string, value: unknown, pinned: Map<string, unknown>): void {
  if (value instanceof RegExp) return;
  if (isPlainDocument(value) && Object.keys(value).some((key) => key.startsWith('$'))) {
    for (const [operator, operand] of Object.entries(value)) {
      if (operator === '$eq') pinValue(path, operand, pinned);
      else if (operator === '$all' && Array.isArray(operand)) for (const element of operand) pinValue(path, element, pinned);
    }
    return;
  }
  for (const existing of pinned.keys()) {
    if (existing === path) throw new CommandError('NotSingleValueField', `cannot infer query fields to set, path '${path}' is matched twice`);
    if (existing.startsWith(`${path}.`) || path.startsWith(`${existing}.`)) {
      throw new CommandError('NotSingleValueField', `cannot infer query fields to set, both paths '${existing}' and '${path}' are matched`);
    }
  }
  pinned.set(path, value);
}

function setPath(doc: Document, path: string, value: unknown): void {
  // The seed is copied recursively before the update applies: its depth is bounded first.
  checkPathDepth(path);
  const parts = path.split('.');
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainDocument(current[part])) current[part] = {};
    current = current[part] as Document;
  }
  current[parts[parts.length - 1] as string] = value;
}
