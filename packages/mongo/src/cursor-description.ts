import { PerseidMongoError } from './mongo-errors';
import { rewriteSelector, type SelectorPresence } from './selector-rewrite';
import type { Projection } from './projection';
import type { Selector, SortSpecifier } from './query-matcher';
import type { MongoDocument } from './document-id';

export type Transform = ((doc: MongoDocument) => unknown) | null;

/** `find()` options as app code passes them (Meteor's names, plus MongoDB's `projection`). */
export interface FindOptions {
  sort?: SortSpecifier | Array<string | [string, 'asc' | 'desc' | 1 | -1]>;
  skip?: number;
  limit?: number;
  fields?: Projection;
  projection?: Projection;
  transform?: Transform;
  /** Per-cursor polling interval and throttle (polling driver only). */
  pollingIntervalMs?: number;
  pollingThrottleMs?: number;
  /** Meteor's escape hatch: force the polling driver for this cursor. */
  disableOplog?: boolean;
}

/** The serialisable part of a cursor: two cursors with equal descriptions share one multiplexer. */
export interface CursorDescription {
  readonly collectionName: string;
  readonly selector: Selector;
  readonly options: {
    readonly sort?: SortSpecifier;
    readonly skip?: number;
    readonly limit?: number;
    readonly projection?: Projection;
    readonly pollingIntervalMs?: number;
    readonly pollingThrottleMs?: number;
    readonly disableOplog?: boolean;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A selector as the server runs it: Meteor's rules (`rewriteSelector`, shared with the client),
 * except that a function cannot run in MongoDB.
 */
export function normalizeSelector(selector: unknown, presence: SelectorPresence, collection: string, fallbackId?: unknown): Selector {
  if (typeof selector === 'function') {
    throw new PerseidMongoError('mongo.invalid-selector', 'function selectors are not supported on the server');
  }
  const rewritten = rewriteSelector(selector, presence, collection, fallbackId);
  if (rewritten.kind === 'invalid') throw new PerseidMongoError('mongo.invalid-selector', rewritten.reason);
  return rewritten.selector;
}

export function normalizeSort(sort: FindOptions['sort']): SortSpecifier | undefined {
  if (sort === undefined) return undefined;
  if (Array.isArray(sort)) {
    const out: SortSpecifier = {};
    for (const item of sort) {
      if (typeof item === 'string') out[item] = 1;
      else if (Array.isArray(item) && typeof item[0] === 'string') out[item[0]] = item[1] === 'desc' || item[1] === -1 ? -1 : 1;
      else throw new PerseidMongoError('mongo.invalid-options', 'sort entries must be a field name or [field, "asc"|"desc"]');
    }
    return out;
  }
  if (!isPlainObject(sort)) throw new PerseidMongoError('mongo.invalid-options', 'sort must be an object or an array');
  const out: SortSpecifier = {};
  for (const [key, dir] of Object.entries(sort)) {
    if (dir !== 1 && dir !== -1) throw new PerseidMongoError('mongo.invalid-options', `sort direction for "${key}" must be 1 or -1`);
    out[key] = dir;
  }
  return out;
}

function nonNegativeInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new PerseidMongoError('mongo.invalid-options', `${name} must be a non-negative integer`);
  }
  return value;
}

export function describeCursor(collectionName: string, selector: Selector, options: FindOptions | undefined): CursorDescription {
  const opts: FindOptions = options ?? {};
  if (typeof opts !== 'object' || opts === null) throw new PerseidMongoError('mongo.invalid-options', 'find options must be an object');
  const sort = normalizeSort(opts.sort);
  const skip = nonNegativeInteger('skip', opts.skip);
  const limit = nonNegativeInteger('limit', opts.limit);
  const projection = opts.projection ?? opts.fields;
  if (projection !== undefined && !isPlainObject(projection)) {
    throw new PerseidMongoError('mongo.invalid-options', 'fields/projection must be an object');
  }
  const out: Record<string, unknown> = {};
  if (sort) out['sort'] = sort;
  if (skip) out['skip'] = skip;
  // limit 0 means "no limit", as in MongoDB.
  if (limit) out['limit'] = limit;
  if (projection && Object.keys(projection).length > 0) out['projection'] = projection;
  if (opts.pollingIntervalMs !== undefined) out['pollingIntervalMs'] = nonNegativeInteger('pollingIntervalMs', opts.pollingIntervalMs);
  if (opts.pollingThrottleMs !== undefined) out['pollingThrottleMs'] = nonNegativeInteger('pollingThrottleMs', opts.pollingThrottleMs);
  if (opts.disableOplog) out['disableOplog'] = true;
  return { collectionName, selector, options: out as CursorDescription['options'] };
}
