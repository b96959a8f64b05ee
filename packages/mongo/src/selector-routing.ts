import { ObjectID } from '@perseid/ejson';
import { routingKey } from './shared-change-stream';
import type { Selector } from './query-matcher';

export interface SelectorRouting {
  readonly field: string | null;
  readonly values: readonly string[];
}

function isLiteral(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof ObjectID;
}

/**
 * Picks a top-level field the selector pins to literal values (`{ channelId: 'c1' }`,
 * `{ channelId: { $eq: 'c1' } }`, `{ channelId: { $in: ['a', 'b'] } }`), so the shared change
 * stream hands an observer only events whose document has one of those values. A document
 * matching the selector necessarily carries one of them (or an array containing one), so
 * routing never drops an event the observer needs.
 */
export function selectorRouting(selector: Selector): SelectorRouting {
  for (const [field, condition] of Object.entries(selector)) {
    if (field.startsWith('$') || field.includes('.')) continue;
    if (isLiteral(condition)) return { field, values: [routingKey(condition)] };
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) continue;
    const ops = condition as Record<string, unknown>;
    const keys = Object.keys(ops);
    if (keys.length !== 1) continue;
    if (keys[0] === '$eq' && isLiteral(ops['$eq'])) return { field, values: [routingKey(ops['$eq'])] };
    const list = ops['$in'];
    if (keys[0] === '$in' && Array.isArray(list) && list.length > 0 && list.every(isLiteral)) {
      return { field, values: list.map(routingKey) };
    }
  }
  return { field: null, values: [] };
}
