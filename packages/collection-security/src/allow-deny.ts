import { MeteorError } from '@perseid/meteor-core';
import { EJSON } from '@perseid/ejson';

export type Doc = Record<string, unknown> & { _id?: unknown };

type Verdict = boolean | Promise<boolean>;

export type InsertValidator<D> = (userId: string | null, doc: D) => Verdict;
export type UpdateValidator<D> = (userId: string | null, doc: D, fieldNames: string[], modifier: Doc) => Verdict;
export type RemoveValidator<D> = (userId: string | null, doc: D) => Verdict;

/**
 * `collection.allow(...)` / `collection.deny(...)` options. The sync names (`insert`…) are
 * accepted for Meteor 2 code; both may return a promise.
 */
export interface AllowDenyOptions<D = Doc> {
  insert?: InsertValidator<D>;
  update?: UpdateValidator<D>;
  remove?: RemoveValidator<D>;
  insertAsync?: InsertValidator<D>;
  updateAsync?: UpdateValidator<D>;
  removeAsync?: RemoveValidator<D>;
  /** Fields the validators need from the stored document; absent: the whole document. */
  fetch?: string[];
  /** Applied to the document before the validators see it; null: the raw document. */
  transform?: ((doc: Doc) => D) | null;
}

type Operation = 'insert' | 'update' | 'remove';

interface Rule {
  operation: Operation;
  validator: (userId: string | null, doc: unknown, fieldNames: string[], modifier: Doc) => Verdict;
  transform: ((doc: Doc) => unknown) | null;
  fetch: string[] | null;
}

const VALID_KEYS = new Set(['insert', 'update', 'remove', 'insertAsync', 'updateAsync', 'removeAsync', 'fetch', 'transform']);

/** Update operators a client may use on a restricted collection (Meteor's list). */
export const ALLOWED_UPDATE_OPERATORS: ReadonlySet<string> = new Set([
  '$inc',
  '$set',
  '$unset',
  '$addToSet',
  '$pop',
  '$pullAll',
  '$pull',
  '$pushAll',
  '$push',
  '$bit',
]);

export const securityErrors = {
  accessDenied: () => new MeteorError(403, 'Access denied'),
  noAllowRules: (method: string) => new MeteorError(403, `Access denied. No allow validators set on restricted collection for method '${method}'.`),
  updateById: () => new MeteorError(403, 'Not permitted. Untrusted code may only update documents by ID.'),
  removeById: () => new MeteorError(403, 'Not permitted. Untrusted code may only remove documents by ID.'),
  noUpserts: () => new MeteorError(403, 'Access denied. Upserts not allowed in a restricted collection.'),
  replaceForbidden: () =>
    new MeteorError(
      403,
      "Access denied. In a restricted collection you can only update documents, not replace them. Use a Mongo update operator, such as '$set'.",
    ),
  operatorForbidden: (op: string) => new MeteorError(403, `Access denied. Operator ${op} not allowed in a restricted collection.`),
  badDocument: () => new MeteorError(400, 'Invalid document: expected an object'),
} as const;

function isPlainObject(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The top-level fields a modifier touches ('a.b' and 'a.$.c' count as 'a'). */
export function modifiedFieldNames(modifier: Doc): string[] {
  const names = new Set<string>();
  for (const [op, params] of Object.entries(modifier)) {
    if (!ALLOWED_UPDATE_OPERATORS.has(op)) throw securityErrors.operatorForbidden(op);
    if (!isPlainObject(params)) throw securityErrors.accessDenied();
    for (const field of Object.keys(params)) names.add(field.split('.')[0] as string);
  }
  return [...names];
}

/** A client's update/remove selector must name exactly one document by `_id`. */
export function idFromSelector(selector: unknown): string | null {
  if (typeof selector === 'string' && selector.length > 0) return selector;
  if (isPlainObject(selector)) {
    const keys = Object.keys(selector);
    if (keys.length === 1 && keys[0] === '_id' && typeof selector._id === 'string' && selector._id.length > 0) return selector._id;
  }
  return null;
}

/**
 * The allow and deny rules of one collection, evaluated as Meteor does: any deny that says
 * yes refuses; otherwise any allow that says yes permits; with no allow rule at all, every
 * client write is refused.
 */
export class AllowDenyRules {
  readonly #allows: Rule[] = [];
  readonly #denies: Rule[] = [];
  readonly #defaultTransform: ((doc: Doc) => unknown) | null;
  /** Meteor's `_restricted`: any allow/deny call, even one naming no operation, ends `open`. */
  #restriction: 'open' | 'restricted' = 'open';

  constructor(options: { transform?: ((doc: Doc) => unknown) | null } = {}) {
    this.#defaultTransform = options.transform ?? null;
  }

  allow<D = Doc>(options: AllowDenyOptions<D>): void {
    this.#add(this.#allows, options, 'allow');
  }

  deny<D = Doc>(options: AllowDenyOptions<D>): void {
    this.#add(this.#denies, options, 'deny');
  }

  /** Whether allow or deny was ever called (the insecure package then no longer applies). */
  isRestricted(): boolean {
    return this.#restriction === 'restricted';
  }

  hasAllowRules(operation: Operation): boolean {
    return this.#allows.some((rule) => rule.operation === operation);
  }

  /** Projection covering every field the rules for `operation` need; null: fetch everything. */
  projectionFor(operation: Operation): Record<string, 1> | null {
    const fields: Record<string, 1> = { _id: 1 };
    for (const rule of [...this.#allows, ...this.#denies]) {
      if (rule.operation !== operation) continue;
      if (rule.fetch === null) return null;
      for (const field of rule.fetch) fields[field] = 1;
    }
    return fields;
  }

  async permits(operation: Operation, userId: string | null, doc: Doc, fieldNames: string[] = [], modifier: Doc = {}): Promise<boolean> {
    for (const rule of this.#denies) {
      if (rule.operation === operation && (await this.#ask(rule, userId, doc, fieldNames, modifier))) return false;
    }
    for (const rule of this.#allows) {
      if (rule.operation === operation && (await this.#ask(rule, userId, doc, fieldNames, modifier))) return true;
    }
    return false;
  }

  async #ask(rule: Rule, userId: string | null, doc: Doc, fieldNames: string[], modifier: Doc): Promise<boolean> {
    // Each validator gets its own copy: one cannot alter what the next one, or the write, sees.
    const copy = EJSON.clone(doc);
    const seen = rule.transform === null ? copy : rule.transform(copy);
    return (await rule.validator(userId, seen, [...fieldNames], EJSON.clone(modifier))) === true;
  }

  #add<D>(list: Rule[], options: AllowDenyOptions<D>, kind: 'allow' | 'deny'): void {
    if (!isPlainObject(options)) throw new TypeError(`${kind}: options must be an object`);
    for (const key of Object.keys(options)) {
      if (!VALID_KEYS.has(key)) throw new TypeError(`${kind}: invalid key: ${key}`);
    }
    if (options.fetch !== undefined && (!Array.isArray(options.fetch) || !options.fetch.every((f) => typeof f === 'string'))) {
      throw new TypeError(`${kind}: fetch must be an array of field names`);
    }
    const transform = options.transform === undefined ? this.#defaultTransform : (options.transform as ((doc: Doc) => unknown) | null);
    const fetch = options.fetch ?? null;
    this.#restriction = 'restricted';
    const pairs: [Operation, unknown][] = [
      ['insert', options.insertAsync ?? options.insert],
      ['update', options.updateAsync ?? options.update],
      ['remove', options.removeAsync ?? options.remove],
    ];
    for (const [operation, validator] of pairs) {
      if (validator === undefined) continue;
      if (typeof validator !== 'function') throw new TypeError(`${kind}: ${operation} must be a function`);
      list.push({ operation, validator: validator as Rule['validator'], transform, fetch });
    }
  }
}
