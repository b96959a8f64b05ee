/**
 * Document ids on the DDP wire (Meteor's `MongoID.idStringify` / `idParse` rules).
 *
 * DDP `id` fields are strings, but Mongo `_id`s may be ObjectIDs, numbers or other JSON values.
 * Encoding: an ObjectID becomes its 24-digit hex; a string passes through unless it starts with
 * `-`, `~` or `{` (then it gets a `-` prefix); `undefined` is `-`; any other JSON value is `~`
 * followed by its JSON. Decoding reverses that and turns 24-digit lowercase hex into an ObjectID.
 */
import { ObjectID } from '@perseid/ejson';

const objectIdPattern = /^[0-9a-f]{24}$/;

function isObjectID(id: unknown): id is ObjectID {
  return id instanceof ObjectID;
}

/** Turns a document `_id` into the string DDP carries. Throws for unsupported id types. */
export function idStringify(id: unknown): string {
  if (typeof id === 'string') {
    if (id === '') return id;
    const first = id.charCodeAt(0);
    // '-', '~' and '{' would be ambiguous with the encodings below, so they get a '-' prefix.
    return first === 45 || first === 126 || first === 123 ? `-${id}` : id;
  }
  if (isObjectID(id)) return id.toHexString();
  if (id === undefined) return '-';
  if (typeof id === 'number' || typeof id === 'boolean' || id === null) return `~${JSON.stringify(id)}`;
  throw new TypeError('Document ids must be strings, numbers, booleans, null or ObjectIDs');
}

/** Turns a DDP `id` string back into the document `_id` it stands for. */
export function idParse(id: string): unknown {
  if (id === '') return id;
  if (id === '-') return undefined;
  const first = id.charAt(0);
  if (first === '-') return id.slice(1);
  if (first === '~') return JSON.parse(id.slice(1)) as unknown;
  if (objectIdPattern.test(id)) return new ObjectID(id);
  return id;
}
