import { CommandError } from './errors';
import { isPlainDocument } from './bson-value';

/**
 * MongoDB's two nesting limits, enforced without recursion so that no input, however deep,
 * can reach a recursive walker (the bson decoder, mingo, our own helpers) and overflow the stack.
 *
 * - `MAX_BSON_DEPTH`: any BSON the server accepts off the wire (mongod's `maxBSONDepth` default).
 *   Checked on the raw bytes before they are decoded, so a 20,000-deep message costs one linear
 *   scan and an Overflow reply.
 * - `MAX_STORAGE_DEPTH`: a stored document (MongoDB's documented limit). The top-level document
 *   is level 1; every non-empty embedded document or array adds one, empty ones do not, as in
 *   mongod. Checked on every document about to be inserted, updated or replaced.
 *
 * Every command document is therefore bounded by MAX_BSON_DEPTH, and every stored document by
 * MAX_STORAGE_DEPTH; the recursive walkers downstream rely on this invariant.
 */
export const MAX_BSON_DEPTH = 200;
export const MAX_STORAGE_DEPTH = 100;

const TYPE_DOUBLE = 0x01;
const TYPE_STRING = 0x02;
const TYPE_DOCUMENT = 0x03;
const TYPE_ARRAY = 0x04;
const TYPE_BINARY = 0x05;
const TYPE_UNDEFINED = 0x06;
const TYPE_OBJECT_ID = 0x07;
const TYPE_BOOLEAN = 0x08;
const TYPE_DATE = 0x09;
const TYPE_NULL = 0x0a;
const TYPE_REGEX = 0x0b;
const TYPE_DB_POINTER = 0x0c;
const TYPE_CODE = 0x0d;
const TYPE_SYMBOL = 0x0e;
const TYPE_CODE_WITH_SCOPE = 0x0f;
const TYPE_INT32 = 0x10;
const TYPE_TIMESTAMP = 0x11;
const TYPE_INT64 = 0x12;
const TYPE_DECIMAL128 = 0x13;
const TYPE_MIN_KEY = 0xff;
const TYPE_MAX_KEY = 0x7f;

const FIXED_SIZES: ReadonlyMap<number, number> = new Map([
  [TYPE_DOUBLE, 8],
  [TYPE_UNDEFINED, 0],
  [TYPE_OBJECT_ID, 12],
  [TYPE_BOOLEAN, 1],
  [TYPE_DATE, 8],
  [TYPE_NULL, 0],
  [TYPE_INT32, 4],
  [TYPE_TIMESTAMP, 8],
  [TYPE_INT64, 8],
  [TYPE_DECIMAL128, 16],
  [TYPE_MIN_KEY, 0],
  [TYPE_MAX_KEY, 0],
]);

export type DepthScan =
  | { readonly kind: 'within'; readonly depth: number }
  | { readonly kind: 'too-deep' }
  /** The bytes are not BSON; the decoder that runs next reports why. */
  | { readonly kind: 'malformed' };

/**
 * The nesting depth of the BSON document at `buf[start, end)`, walked with an explicit stack of
 * document ends. Stops as soon as `limit` is passed, so its cost is bounded by the bytes read.
 */
export function scanBsonDepth(buf: Uint8Array, start: number, end: number, limit: number): DepthScan {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const ends: number[] = [];
  let max = 0;
  const enter = (at: number): boolean => {
    if (at + 5 > end) return false;
    const size = view.readInt32LE(at);
    const docEnd = at + size;
    const parentEnd = ends.length > 0 ? (ends[ends.length - 1] as number) : end;
    if (size < 5 || docEnd > parentEnd) return false;
    ends.push(docEnd);
    if (ends.length > max) max = ends.length;
    return true;
  };
  if (!enter(start)) return { kind: 'malformed' };
  let pos = start + 4;
  while (ends.length > 0) {
    if (ends.length > limit) return { kind: 'too-deep' };
    const docEnd = ends[ends.length - 1] as number;
    const type = view[pos];
    if (type === undefined || pos >= docEnd) return { kind: 'malformed' };
    if (type === 0) {
      if (pos + 1 !== docEnd) return { kind: 'malformed' };
      ends.pop();
      pos = docEnd;
      continue;
    }
    const nameEnd = view.indexOf(0, pos + 1);
    if (nameEnd < 0 || nameEnd >= docEnd) return { kind: 'malformed' };
    pos = nameEnd + 1;
    const fixed = FIXED_SIZES.get(type);
    if (fixed !== undefined) {
      pos += fixed;
      continue;
    }
    if (pos + 4 > docEnd && type !== TYPE_REGEX) return { kind: 'malformed' };
    switch (type) {
      case TYPE_DOCUMENT:
      case TYPE_ARRAY:
        if (!enter(pos)) return { kind: 'malformed' };
        pos += 4;
        break;
      case TYPE_STRING:
      case TYPE_CODE:
      case TYPE_SYMBOL:
      case TYPE_DB_POINTER: {
        // Lengths are checked positive so that the position only ever moves forward.
        const length = view.readInt32LE(pos);
        if (length < 1) return { kind: 'malformed' };
        pos += 4 + length + (type === TYPE_DB_POINTER ? 12 : 0);
        break;
      }
      case TYPE_BINARY: {
        const length = view.readInt32LE(pos);
        if (length < 0) return { kind: 'malformed' };
        pos += 5 + length;
        break;
      }
      case TYPE_REGEX: {
        const patternEnd = view.indexOf(0, pos);
        const flagsEnd = patternEnd < 0 ? -1 : view.indexOf(0, patternEnd + 1);
        if (flagsEnd < 0 || flagsEnd >= docEnd) return { kind: 'malformed' };
        pos = flagsEnd + 1;
        break;
      }
      case TYPE_CODE_WITH_SCOPE: {
        // int32 total, string, scope document: the scope is walked like any embedded document.
        if (pos + 8 > docEnd) return { kind: 'malformed' };
        const codeLength = view.readInt32LE(pos + 4);
        if (codeLength < 1) return { kind: 'malformed' };
        const scopeAt = pos + 8 + codeLength;
        if (!enter(scopeAt)) return { kind: 'malformed' };
        pos = scopeAt + 4;
        break;
      }
      default:
        return { kind: 'malformed' };
    }
    if (pos > docEnd) return { kind: 'malformed' };
  }
  return pos === end ? { kind: 'within', depth: max } : { kind: 'malformed' };
}

/** Whether a decoded value nests deeper than `limit` (MongoDB's storage rule: empty containers do not count). */
export function exceedsStorageDepth(value: unknown, limit: number = MAX_STORAGE_DEPTH): boolean {
  const pending: Array<{ readonly value: unknown; readonly depth: number }> = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const children = Array.isArray(next.value) ? next.value : isPlainDocument(next.value) ? Object.values(next.value) : [];
    for (const child of children) {
      const nonEmpty = Array.isArray(child) ? child.length > 0 : isPlainDocument(child) && Object.keys(child).length > 0;
      if (!nonEmpty) continue;
      if (next.depth + 1 > limit) return true;
      pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

/** Refuse a document to be inserted, with mongod's code and wording. */
export function checkInsertDepth(doc: unknown): void {
  if (exceedsStorageDepth(doc)) throw new CommandError('Overflow', `cannot insert document because it exceeds ${MAX_STORAGE_DEPTH} levels of nesting`);
}

const updatedTooDeep = (): CommandError => new CommandError('Overflow', `Document exceeds maximum nesting depth of ${MAX_STORAGE_DEPTH}`);

/** Refuse the result of an update or replacement, with mongod's code and wording. */
export function checkUpdatedDepth(doc: unknown): void {
  if (exceedsStorageDepth(doc)) throw updatedTooDeep();
}

/** Refuse a path that a value is about to be written through, when it alone passes the limit. */
export function checkPathDepth(path: string): void {
  if (pathExceedsStorageDepth(path)) throw updatedTooDeep();
}

function partsExceed(path: string, limit: number): boolean {
  let parts = 1;
  for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) {
    parts += 1;
    if (parts > limit) return true;
  }
  return false;
}

/**
 * Field paths named anywhere in a filter, projection or pipeline (keys, and `$`-strings naming
 * fields): mingo resolves some of them one recursive call per part, and no path longer than
 * MAX_BSON_DEPTH can address anything in a document the server accepts. mongod refuses such
 * paths in pipelines with the same error; here filters are held to the same rule.
 */
export function checkFieldPathsIn(spec: unknown): void {
  const pending: unknown[] = [spec];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'string') {
      if (next.startsWith('$') && partsExceed(next, MAX_BSON_DEPTH)) throw new CommandError('Overflow', 'FieldPath is too long');
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (isPlainDocument(next)) {
      for (const [key, value] of Object.entries(next)) {
        if (partsExceed(key, MAX_BSON_DEPTH)) throw new CommandError('Overflow', 'FieldPath is too long');
        pending.push(value);
      }
    }
  }
}

/**
 * A field path that would put a value deeper than a stored document may reach. Setting through
 * it can only produce a document refused by `checkUpdatedDepth`, so it is refused before any
 * engine walks it one level at a time.
 */
export function pathExceedsStorageDepth(path: string): boolean {
  return partsExceed(path, MAX_STORAGE_DEPTH);
}
