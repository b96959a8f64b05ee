import type { Document } from 'bson';
import { isPlainDocument, valuesEqual } from './bson-value';
import type { UpdateDescription } from './oplog-entry';

/**
 * The change-event `updateDescription` between two versions of a document: dotted paths of
 * changed fields, removed fields, and arrays that only shrank from the end.
 */
export function describeUpdate(before: Document, after: Document): UpdateDescription {
  const description: UpdateDescription = { updatedFields: {}, removedFields: [], truncatedArrays: [] };
  diff(before, after, '', description);
  return description;
}

function diff(before: Document, after: Document, prefix: string, out: UpdateDescription): void {
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) out.removedFields.push(prefix + key);
  }
  for (const key of Object.keys(after)) {
    const path = prefix + key;
    const a = after[key];
    if (!Object.hasOwn(before, key)) {
      out.updatedFields[path] = a;
      continue;
    }
    const b = before[key];
    if (valuesEqual(a, b) && sameTypes(a, b)) continue;
    if (isPlainDocument(a) && isPlainDocument(b)) {
      diff(b, a, `${path}.`, out);
    } else if (Array.isArray(a) && Array.isArray(b)) {
      diffArray(b, a, path, out);
    } else {
      out.updatedFields[path] = a;
    }
  }
}

function diffArray(before: unknown[], after: unknown[], path: string, out: UpdateDescription): void {
  const common = Math.min(before.length, after.length);
  const changedInCommon: number[] = [];
  for (let i = 0; i < common; i += 1) if (!valuesEqual(before[i], after[i])) changedInCommon.push(i);
  // Many element changes read better as one whole-array replacement, as MongoDB does.
  if (changedInCommon.length > common / 2 && common > 0) {
    out.updatedFields[path] = after;
    return;
  }
  if (after.length < before.length) out.truncatedArrays.push({ field: path, newSize: after.length });
  for (const i of changedInCommon) out.updatedFields[`${path}.${i}`] = after[i];
  for (let i = common; i < after.length; i += 1) out.updatedFields[`${path}.${i}`] = after[i];
}

function sameTypes(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && (typeof a !== 'object' || a === null || b === null || (a as object).constructor === (b as object).constructor);
}
