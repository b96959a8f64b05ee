import { ObjectID } from '@perseid/ejson';

/** A document `_id` as app code sees it. */
export type DocumentId = string | number | ObjectID;

/** A document as app code and observers see it (EJSON values). */
export type MongoDocument = { _id?: unknown; [field: string]: unknown };

/**
 * A string key for a document id that never collides between types: an ObjectID and the
 * string of its hex digits are different documents. Used for every id-keyed map in the package.
 */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return 's' + id;
  if (id instanceof ObjectID) return 'o' + id.toHexString();
  if (typeof id === 'number') return 'n' + String(id);
  return 'j' + JSON.stringify(id);
}
