import type { Document } from 'bson';
import { isPlainDocument } from './bson-value';

/**
 * Values reached by a dotted path with MongoDB's array traversal: `a.b` over `a: [{b:1},{b:2}]`
 * yields both 1 and 2. A missing path yields `[undefined]` so indexes can key it as null.
 */
export function valuesAtPath(doc: Document, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  if (out.length === 0) out.push(undefined);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      for (const v of value) out.push(v);
    } else {
      out.push(value);
    }
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    const index = /^\d+$/.test(part) ? Number(part) : -1;
    if (index >= 0 && index < value.length) collect(value[index], parts, i + 1, out);
    for (const element of value) if (isPlainDocument(element)) collect(element, parts, i, out);
    return;
  }
  if (isPlainDocument(value) && Object.hasOwn(value, part)) collect(value[part], parts, i + 1, out);
}

/** The single value at a path without array expansion (used for `_id` and sort keys on plain paths). */
export function valueAtPath(doc: Document, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) {
      current = /^\d+$/.test(part) ? current[Number(part)] : current.map((e) => (isPlainDocument(e) ? e[part] : undefined)).filter((v) => v !== undefined);
      continue;
    }
    if (!isPlainDocument(current)) return undefined;
    current = current[part];
  }
  return current;
}

export function hasPath(doc: Document, path: string): boolean {
  return valuesAtPath(doc, path).some((v) => v !== undefined);
}
