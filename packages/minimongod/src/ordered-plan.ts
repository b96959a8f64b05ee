import type { Document } from 'bson';
import { bsonTypeOf, compareValues, isPlainDocument } from './bson-value';
import type { IndexState } from './index-state';
import type { RangePosition } from './ordered-index';

/**
 * How a sorted read can walk an ordered index instead of scanning and sorting: equality on the
 * first `slot` index fields, then the sort field (index field `slot`), bounded by any range on
 * it. The walk yields a superset of the matching documents in sort order; the caller still runs
 * the full filter on each, so the plan only has to be sure it skips no match.
 */
export interface OrderedPlan {
  readonly index: IndexState;
  /** Index of the sort field among the index's fields. */
  readonly slot: number;
  readonly position: RangePosition;
  readonly way: 'forward' | 'backward';
}

/**
 * Values an equality or bound may take for the index to decide it by BSON order alone: every
 * value `compareValues` orders as MongoDB's equality and comparison operators do (regular
 * expressions, arrays and documents carry other matching rules).
 */
function isOrderedOperand(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(value);
    case 'object':
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      switch (bsonTypeOf(value)) {
        case 'ObjectId':
        case 'Long':
        case 'Int32':
        case 'Double':
          return true;
        default:
          return false;
      }
    default:
      return false;
  }
}

/** The single value a condition requires the field to equal, or undefined when it is not that. */
function equalityOperand(condition: unknown): { readonly value: unknown } | undefined {
  if (isOrderedOperand(condition)) return { value: condition };
  if (isPlainDocument(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 1 && keys[0] === '$eq' && isOrderedOperand(condition['$eq'])) return { value: condition['$eq'] };
  }
  return undefined;
}

interface Bound {
  readonly value: unknown;
  readonly inclusive: boolean;
}

/** Lower and upper bounds from `$gt/$gte/$lt/$lte`; other operators beside them only narrow further. */
function boundsOf(condition: unknown): { readonly lower: Bound[]; readonly upper: Bound[] } {
  const lower: Bound[] = [];
  const upper: Bound[] = [];
  if (!isPlainDocument(condition)) return { lower, upper };
  const keys = Object.keys(condition);
  if (!keys.every((k) => k.startsWith('$'))) return { lower, upper };
  for (const key of keys) {
    const value = condition[key];
    if (!isOrderedOperand(value)) continue;
    if (key === '$gt' || key === '$gte') lower.push({ value, inclusive: key === '$gte' });
    if (key === '$lt' || key === '$lte') upper.push({ value, inclusive: key === '$lte' });
  }
  return { lower, upper };
}

function sortDirection(dir: unknown): 1 | -1 | null {
  const n = typeof dir === 'number' ? dir : Number((dir as { valueOf(): unknown }).valueOf());
  return n === 1 || n === -1 ? n : null;
}

/** Values the filter requires of the index's leading fields, in order, up to the first field it does not fix. */
function equalityPrefix(filter: Document, index: IndexState): unknown[] {
  const prefix: unknown[] = [];
  for (const field of index.fields) {
    const equal = equalityOperand(filter[field]);
    if (equal === undefined) break;
    prefix.push(equal.value);
  }
  return prefix;
}

/**
 * Position of an entry against "the first `prefix.length` fields equal `prefix`, then field
 * `slot` within `lower`/`upper`" (no bounds: any value), in the index's own order.
 */
function rangePosition(index: IndexState, prefix: readonly unknown[], lower: readonly Bound[], upper: readonly Bound[]): RangePosition {
  const directions = index.fields.map((f) => index.direction(f));
  const slot = prefix.length;
  const fieldDir = directions[slot] ?? 1;
  return (entry) => {
    for (let j = 0; j < slot; j += 1) {
      const c = compareValues(entry.keys[j], prefix[j]) * (directions[j] as number);
      if (c !== 0) return c < 0 ? 'before' : 'after';
    }
    const value = entry.keys[slot];
    const belowLower = lower.some((b) => {
      const c = compareValues(value, b.value);
      return c < 0 || (c === 0 && !b.inclusive);
    });
    const aboveUpper = upper.some((b) => {
      const c = compareValues(value, b.value);
      return c > 0 || (c === 0 && !b.inclusive);
    });
    if (belowLower) return fieldDir === 1 ? 'before' : 'after';
    if (aboveUpper) return fieldDir === 1 ? 'after' : 'before';
    return 'inside';
  };
}

/**
 * The best ordered plan for `filter` sorted by `sort`, or null (scan and sort). Offered only when
 * the order itself is asked for: a single sort field beyond the equality prefix. `limited` says
 * whether the read stops early; without it, a sort alone gains nothing over the scan.
 */
export function planOrderedRead(filter: Document, sort: Document | undefined, indexes: Iterable<IndexState>, limited: boolean): OrderedPlan | null {
  if (sort === undefined) return null;
  const sortEntries = Object.entries(sort);
  let best: OrderedPlan | null = null;
  for (const index of indexes) {
    const prefix = equalityPrefix(filter, index);
    const slot = prefix.length;
    const sortField = index.fields[slot];
    if (sortField === undefined) continue;
    // Sort keys on equality fields are constant over the matches; what remains must be the next field.
    const remaining = sortEntries.filter(([path]) => !index.fields.slice(0, slot).includes(path));
    if (remaining.length !== 1 || remaining[0]?.[0] !== sortField) continue;
    const sortDir = sortDirection(remaining[0][1]);
    if (sortDir === null) return null;
    const { lower, upper } = boundsOf(filter[sortField]);
    if (slot === 0 && !limited && lower.length === 0 && upper.length === 0) continue;
    if (best !== null && best.slot >= slot) continue;
    const position = rangePosition(index, prefix, lower, upper);
    best = { index, slot, position, way: sortDir === index.direction(sortField) ? 'forward' : 'backward' };
  }
  return best;
}

/**
 * An unsorted read fixing two or more leading fields of an index: the ordered view finds exactly
 * those entries, where the hash map only knows the first field (a channel's every message for
 * `{ channelId, threadId }`). Null when no index has such a prefix.
 */
export function planEqualityPrefix(filter: Document, indexes: Iterable<IndexState>): { readonly index: IndexState; readonly position: RangePosition } | null {
  let best: { index: IndexState; position: RangePosition; length: number } | null = null;
  for (const index of indexes) {
    const prefix = equalityPrefix(filter, index);
    if (prefix.length < 2 || (best !== null && best.length >= prefix.length)) continue;
    best = { index, position: rangePosition(index, prefix, [], []), length: prefix.length };
  }
  return best;
}
