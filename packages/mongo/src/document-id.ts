import type { ObjectID } from '@perseid/ejson';

/** A document `_id` as app code sees it. */
export type DocumentId = string | number | ObjectID;

/** A document as app code and observers see it (EJSON values). */
export type MongoDocument = { _id?: unknown; [field: string]: unknown };

/**
 * A string key for a document id that never collides between types (an ObjectID and the string
 * of its hex digits are different documents): minimongo's, so both sides key documents alike.
 */
export { idKey } from '@perseid/minimongo';
