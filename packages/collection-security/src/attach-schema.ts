import type SimpleSchema from 'simpl-schema';
import { SchemaGuard } from './schema-guard';

type AsyncWrite = (...args: never[]) => Promise<unknown>;
type SyncWrite = (...args: never[]) => unknown;

/**
 * The write methods of a collection, server (`Mongo.Collection`) or client (the minimongo
 * collection stubs write to). Sync `insert`/`update` exist only on the client.
 */
export interface SchemaWritableCollection {
  insertAsync: AsyncWrite;
  updateAsync: AsyncWrite;
  upsertAsync?: AsyncWrite;
  insert?: SyncWrite;
  update?: SyncWrite;
}

interface Attachment {
  guard: SchemaGuard;
}

const attachments = new WeakMap<object, Attachment>();

export function schemaOf(collection: object): SimpleSchema | undefined {
  return attachments.get(collection)?.guard.schema;
}

function updateOptions(raw: unknown): { upsert?: boolean } {
  return raw !== null && typeof raw === 'object' && (raw as { upsert?: unknown }).upsert === true ? { upsert: true } : {};
}

/**
 * collection2's `attachSchema`: from now on every insert and update through this collection
 * object is cleaned and validated first; a bad write throws `validation-error` before anything
 * reaches the database or the client cache. Attach on the server collection and on the client
 * collection (stubs) alike. Attaching again replaces the schema.
 */
export function attachSchema<C extends SchemaWritableCollection>(collection: C, schema: SimpleSchema): C {
  if (schema === null || typeof schema !== 'object' || typeof (schema as { validate?: unknown }).validate !== 'function') {
    throw new TypeError('attachSchema: expected a SimpleSchema instance');
  }
  const existing = attachments.get(collection);
  if (existing !== undefined) {
    existing.guard = new SchemaGuard(schema);
    return collection;
  }
  const attachment: Attachment = { guard: new SchemaGuard(schema) };
  attachments.set(collection, attachment);
  // Wrapping the instance's own methods keeps the seam local: the collection packages need
  // no knowledge of schemas, and an unschema'd collection pays nothing.
  const target = collection as unknown as Record<string, (...args: unknown[]) => unknown>;
  // Async writes report a bad document as a rejected promise, sync ones by throwing.
  const settle = (async: boolean, run: () => unknown): unknown => {
    if (!async) return run();
    try {
      return run();
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const wrapInsert = (name: 'insertAsync' | 'insert') => {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = function (this: unknown, doc: unknown, ...rest: unknown[]) {
      return settle(name === 'insertAsync', () => original.call(collection, attachment.guard.checkInsert(doc), ...rest));
    };
  };
  const wrapUpdate = (name: 'updateAsync' | 'update' | 'upsertAsync', upsert: boolean) => {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = function (this: unknown, selector: unknown, modifier: unknown, options?: unknown, ...rest: unknown[]) {
      return settle(name !== 'update', () => {
        const checked = attachment.guard.checkModifier(modifier, upsert ? { upsert: true } : updateOptions(options));
        return original.call(collection, selector, checked, options, ...rest);
      });
    };
  };
  wrapInsert('insertAsync');
  wrapInsert('insert');
  wrapUpdate('updateAsync', false);
  wrapUpdate('update', false);
  wrapUpdate('upsertAsync', true);
  return collection;
}
