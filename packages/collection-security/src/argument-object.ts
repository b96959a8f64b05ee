/**
 * The one way a method's or publication's argument object from a client is cleaned and checked
 * against a simpl-schema. Whatever the client sent, the answer is the argument or a
 * `validation-error`, never another throw: a Date, binary, RegExp or custom EJSON value is an
 * object too, and simpl-schema's cleaning copies objects by prototype (a binary reaches it as a
 * broken copy and throws a TypeError), and it throws plain errors for shapes it cannot judge
 * (top-level `$`-keys). Both are the input's fault, so the caller hears so, not a 500.
 */
import { MeteorError } from '@perseid/meteor-core';
import type SimpleSchema from 'simpl-schema';
import { validationError } from './schema-guard';
import type { SchemaViolation } from './schema-guard';

export type ArgumentCleanOptions = Parameters<SimpleSchema['clean']>[1];

/** An object literal as EJSON decodes one: prototype Object.prototype (or none). */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function violationsFromSchemaError(error: unknown): SchemaViolation[] | null {
  const details = (error as { details?: unknown } | null)?.details;
  if (!Array.isArray(details)) return null;
  return details.map((d: { name?: unknown; type?: unknown; message?: unknown }) => ({
    name: String(d.name ?? ''),
    type: String(d.type ?? 'invalid'),
    ...(typeof d.message === 'string' ? { message: d.message } : {}),
  }));
}

/** Cleans and validates `raw`; `what` names the method or publication in the refusal. */
export function validArgumentObject<T>(schema: SimpleSchema, raw: unknown, what: string, clean: ArgumentCleanOptions): T {
  if (!isPlainRecord(raw)) throw new MeteorError('validation-error', `${what} expects one argument object`, []);
  let cleaned: Record<string, unknown>;
  try {
    cleaned = schema.clean(raw, { ...clean, mutate: false });
    schema.validate(cleaned);
  } catch (error) {
    const violations = violationsFromSchemaError(error);
    if (violations === null) throw new MeteorError('validation-error', `${what}: the argument is not valid`, []);
    throw validationError(violations);
  }
  return cleaned as T;
}
