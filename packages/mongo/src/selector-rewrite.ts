import { ObjectID } from '@perseid/ejson';
import { _debug as debug, Meteor } from '@perseid/meteor-core';
import { Random } from '@perseid/random';

/** Whether the caller passed a selector argument at all (`find()` vs `find(undefined)`). */
export type SelectorPresence = 'given' | 'omitted';

export type SelectorRewrite = { readonly kind: 'selector'; readonly selector: Record<string, unknown> } | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Meteor's `Mongo.Collection._rewriteSelector`, shared by both sides so every operation (find,
 * findOne, count, update, upsert, remove) treats a selector alike:
 *
 * - omitted: `{}`, every document;
 * - a string, number or ObjectID: `{ _id: it }`;
 * - falsy (`undefined` or `null` passed explicitly, `false`, `''`, `0`) or with a falsy `_id`:
 *   an `_id` no document has, so a buggy `remove({ _id: undefined })` never reaches them all
 *   (`fallbackId` instead when an upsert must insert under the id its stub used);
 * - an array or `true`: refused, as Meteor's matcher refuses them;
 * - any other object: its own enumerable fields, which is what Meteor's matcher and the BSON
 *   encoder read. A Promise (an un-awaited `findOneAsync` result) has none, so it selects every
 *   document as in Meteor; in development a warning names the collection once per kind.
 *
 * Function selectors are the caller's decision (minimongo runs them, the server cannot).
 */
export function rewriteSelector(selector: unknown, presence: SelectorPresence, collection: string | null, fallbackId?: unknown): SelectorRewrite {
  if (presence === 'omitted') return { kind: 'selector', selector: {} };
  const value = typeof selector === 'string' || typeof selector === 'number' || selector instanceof ObjectID ? { _id: selector } : selector;
  if (Array.isArray(value)) return { kind: 'invalid', reason: "a selector can't be an array" };
  if (value === true) return { kind: 'invalid', reason: 'a selector cannot be true' };
  if (!value) return matchNothing(fallbackId);
  if (typeof value !== 'object') return { kind: 'invalid', reason: `a selector must be an object, an id or omitted, got ${typeof value}` };
  const fields: Record<string, unknown> = isPlainObject(value) ? value : ownFields(value, collection);
  if ('_id' in fields && !fields['_id']) return matchNothing(fallbackId);
  return { kind: 'selector', selector: fields };
}

function matchNothing(fallbackId: unknown): SelectorRewrite {
  return { kind: 'selector', selector: { _id: fallbackId || Random.id() } };
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Kinds already warned about, per collection: a warning per call would flood a render loop. */
const warned = new Set<string>();

function ownFields(value: object, collection: string | null): Record<string, unknown> {
  const kind = value instanceof Promise ? 'Promise' : (value.constructor as { name?: unknown } | undefined)?.name;
  const label = typeof kind === 'string' && kind !== '' ? kind : 'non-plain object';
  const key = `${collection ?? '(local)'}\0${label}`;
  if (Meteor.isDevelopment && !warned.has(key)) {
    warned.add(key);
    const hint = label === 'Promise' ? ' (a missing await?); it has no fields, so it selects every document' : '; its own fields are used';
    debug(`Warning: a selector on collection "${collection ?? '(local)'}" is a ${label}${hint}, as in Meteor.`);
  }
  return { ...(value as Record<string, unknown>) };
}

/** Whether `rewriteSelector` turns this given selector into one that matches nothing. */
export function selectsNothing(selector: unknown): boolean {
  if (typeof selector === 'string' || typeof selector === 'number') return !selector;
  if (typeof selector !== 'object' || selector === null) return !selector;
  return '_id' in selector && !(selector as { _id?: unknown })._id;
}
