import { MeteorError } from '@perseid/meteor-core';
import type SimpleSchema from 'simpl-schema';
import { isPlainObject } from './plain-object';

/** One failed field, as simpl-schema reports it and as it travels in the error's details. */
export interface SchemaViolation {
  name: string;
  type: string;
  message?: string;
}

export type WriteDocument = Record<string, unknown>;

/** Builds the one client-visible schema error; details list every failed field. */
export function validationError(violations: SchemaViolation[]): MeteorError {
  const first = violations[0];
  const reason = first?.message ?? (first !== undefined ? `${first.name} is invalid` : 'Validation failed');
  return new MeteorError('validation-error', reason, violations);
}

/** The per-field violations of a simpl-schema validation error; null for any other error. */
export function violationsOf(error: unknown): SchemaViolation[] | null {
  if (error === null || typeof error !== 'object') return null;
  const details = (error as { details?: unknown }).details;
  if (!Array.isArray(details)) return null;
  return details.map((d: unknown) => {
    const record = (d ?? {}) as Record<string, unknown>;
    const violation: SchemaViolation = { name: String(record.name ?? ''), type: String(record.type ?? 'invalid') };
    if (typeof record.message === 'string') violation.message = record.message;
    return violation;
  });
}

/**
 * Cleans then validates writes against a simpl-schema, as collection2 does: inserts as whole
 * documents, updates as modifiers. Cleaning drops unknown keys, converts types and applies
 * defaults; anything still invalid becomes a `validation-error`.
 */
export class SchemaGuard {
  readonly schema: SimpleSchema;

  constructor(schema: SimpleSchema) {
    this.schema = schema;
  }

  checkInsert(doc: unknown): WriteDocument {
    if (!isPlainObject(doc)) throw new MeteorError('validation-error', 'An inserted document must be an object', []);
    // simpl-schema takes a document with a top-level `$` key for a modifier and throws a plain Error.
    const operator = Object.keys(doc).find((key) => key.startsWith('$'));
    if (operator !== undefined) throw validationError([{ name: operator, type: 'keyNotInSchema', message: 'Field names must not start with "$"' }]);
    // The _id is the collection's business; a schema without _id must not reject it.
    const { _id, ...fields } = doc;
    const cleaned = this.#clean(fields, { isModifier: false, extendAutoValueContext: { isInsert: true, isUpdate: false, isUpsert: false } });
    this.#validate(cleaned, {});
    return _id === undefined ? cleaned : { _id, ...cleaned };
  }

  checkModifier(modifier: unknown, options: { upsert?: boolean } = {}): WriteDocument {
    if (!isPlainObject(modifier) || !Object.keys(modifier).every((key) => key.startsWith('$'))) {
      throw new MeteorError('validation-error', 'An update must be a modifier of $-operators', []);
    }
    const upsert = options.upsert === true;
    const cleaned = this.#clean(modifier, {
      isModifier: true,
      isUpsert: upsert,
      extendAutoValueContext: { isInsert: false, isUpdate: !upsert, isUpsert: upsert },
    });
    if (Object.keys(cleaned).length === 0) throw new MeteorError('validation-error', 'After cleaning, the update has nothing left to apply', []);
    this.#validate(cleaned, { modifier: true, upsert });
    return cleaned;
  }

  #clean(doc: WriteDocument, options: Parameters<SimpleSchema['clean']>[1]): WriteDocument {
    return this.schema.clean(doc, {
      mutate: false,
      filter: true,
      autoConvert: true,
      removeEmptyStrings: true,
      trimStrings: true,
      getAutoValues: true,
      ...options,
    }) as WriteDocument;
  }

  #validate(doc: WriteDocument, options: { modifier?: boolean; upsert?: boolean }): void {
    try {
      this.schema.validate(doc, options);
    } catch (error) {
      const violations = violationsOf(error);
      if (violations === null) throw error;
      throw validationError(violations);
    }
  }
}
