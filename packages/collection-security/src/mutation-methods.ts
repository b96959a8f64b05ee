import { markArgumentChecked } from './argument-audit';
import { isInsecureEnabled } from './insecure-package';
import { type AllowDenyRules, idFromSelector, modifiedFieldNames, securityErrors } from './allow-deny';
import type { Doc } from './allow-deny';

/** The server collection surface the mutation methods write through (`Mongo.Collection` has it). */
export interface MutableCollection {
  readonly _name: string;
  findOneAsync(selector: Doc, options?: { projection?: Record<string, 1> }): Promise<unknown>;
  insertAsync(doc: Doc): Promise<unknown>;
  updateAsync(selector: Doc, modifier: Doc, options?: Record<string, unknown>): Promise<unknown>;
  removeAsync(selector: Doc): Promise<unknown>;
}

export interface MutationMethodContext {
  readonly userId: string | null;
}

export type MutationMethod = (this: MutationMethodContext, ...args: unknown[]) => Promise<unknown>;

function isPlainObject(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The DDP methods a client collection's writes arrive through
 * (`/<name>/insertAsync|updateAsync|removeAsync`), each vetted by the collection's allow/deny
 * rules before it touches the database. Server code writing directly is not affected.
 */
export function mutationMethods(collection: MutableCollection, rules: AllowDenyRules): Record<string, MutationMethod> {
  const prefix = `/${collection._name}/`;

  async function fetchForRules(operation: 'update' | 'remove', id: string): Promise<Doc | null> {
    const projection = rules.projectionFor(operation);
    const doc = await collection.findOneAsync({ _id: id }, projection === null ? {} : { projection });
    return isPlainObject(doc) ? doc : null;
  }

  /** The insecure package's rule: a collection no allow/deny call ever restricted takes any write. */
  const unrestricted = (): boolean => !rules.isRestricted() && isInsecureEnabled();

  const insert: MutationMethod = async function (...args) {
    markArgumentChecked(args);
    const doc = args[0];
    if (!isPlainObject(doc) || args.length > 1) throw securityErrors.badDocument();
    if (unrestricted()) return collection.insertAsync(doc);
    if (!rules.hasAllowRules('insert')) throw securityErrors.noAllowRules('insertAsync');
    if (!(await rules.permits('insert', this.userId, doc))) throw securityErrors.accessDenied();
    return collection.insertAsync(doc);
  };

  const update: MutationMethod = async function (...args) {
    markArgumentChecked(args);
    const [selector, modifier, options] = args;
    const id = idFromSelector(selector);
    if (id === null) throw securityErrors.updateById();
    if (unrestricted()) {
      if (!isPlainObject(modifier) || (options !== undefined && options !== null && !isPlainObject(options))) throw securityErrors.accessDenied();
      return collection.updateAsync({ _id: id }, modifier, options ?? {});
    }
    if (!isPlainObject(modifier)) throw securityErrors.replaceForbidden();
    if (!Object.keys(modifier).every((key) => key.startsWith('$'))) throw securityErrors.replaceForbidden();
    if (options !== undefined && options !== null) {
      if (!isPlainObject(options)) throw securityErrors.accessDenied();
      if (options.upsert === true) throw securityErrors.noUpserts();
    }
    if (!rules.hasAllowRules('update')) throw securityErrors.noAllowRules('updateAsync');
    const fieldNames = modifiedFieldNames(modifier);
    const doc = await fetchForRules('update', id);
    if (doc === null) return 0;
    if (!(await rules.permits('update', this.userId, doc, fieldNames, modifier))) throw securityErrors.accessDenied();
    return collection.updateAsync({ _id: id }, modifier);
  };

  const remove: MutationMethod = async function (...args) {
    markArgumentChecked(args);
    const id = idFromSelector(args[0]);
    if (id === null) throw securityErrors.removeById();
    if (unrestricted()) return collection.removeAsync({ _id: id });
    if (!rules.hasAllowRules('remove')) throw securityErrors.noAllowRules('removeAsync');
    const doc = await fetchForRules('remove', id);
    if (doc === null) return 0;
    if (!(await rules.permits('remove', this.userId, doc))) throw securityErrors.accessDenied();
    return collection.removeAsync({ _id: id });
  };

  return {
    [`${prefix}insertAsync`]: insert,
    [`${prefix}updateAsync`]: update,
    [`${prefix}removeAsync`]: remove,
    // Meteor 2 clients call the unsuffixed names; same rules apply.
    [`${prefix}insert`]: insert,
    [`${prefix}update`]: update,
    [`${prefix}remove`]: remove,
  };
}
