import { MeteorError } from '@perseid/meteor-core';
import type SimpleSchema from 'simpl-schema';
import { isPlainObject } from './plain-object';
import { validationError, violationsOf } from './schema-guard';

/**
 * How every method and publication argument is cleaned before validation (the one path both
 * take): strings are trimmed, empty strings dropped and schema default values filled in, but
 * nothing is filtered or converted, so an unknown key or a value of the wrong type is refused
 * rather than silently dropped or coerced, as Meteor's validated methods do by default.
 */
const CLEAN_OPTIONS = {
  mutate: false,
  filter: false,
  autoConvert: false,
  trimStrings: true,
  removeEmptyStrings: true,
  getAutoValues: true,
  isModifier: false,
} as const;

/**
 * The path of the first `__proto__` key anywhere in `value`, or null. Such a key arrives as an
 * own property (JSON and EJSON keep it so), but simpl-schema's copy assigns it, which would hand
 * the method an object whose prototype, and so `toString` or any optional field, the client chose.
 */
function prototypeKeyPath(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    for (const key of Object.keys(item.value)) {
      const path = item.path === '' ? key : `${item.path}.${key}`;
      if (key === '__proto__') return path;
      stack.push({ value: (item.value as Record<string, unknown>)[key], path });
    }
  }
  return null;
}

/**
 * The one argument object of a method or publication, cleaned (see `CLEAN_OPTIONS`) and validated
 * against `schema`.
 * Whatever the client sent, the outcome is the typed arguments or a `validation-error`: simpl-schema
 * reads top-level `$` keys as a modifier and throws a plain Error, walks binary values as arrays
 * and throws a TypeError, and turns `__proto__` keys into prototypes, so those are refused before
 * it sees them; anything else it throws about the input is reported as a validation error too.
 */
export function parseArgumentObject<T>(schema: SimpleSchema, raw: unknown, what: string): T {
  if (!isPlainObject(raw)) throw new MeteorError('validation-error', `${what} expects one argument object`, []);
  const operator = Object.keys(raw).find((key) => key.startsWith('$'));
  if (operator !== undefined) {
    throw validationError([{ name: operator, type: 'keyNotInSchema', message: `${what}: argument keys must not start with "$"` }]);
  }
  const prototypeKey = prototypeKeyPath(raw);
  if (prototypeKey !== null) {
    throw validationError([{ name: prototypeKey, type: 'keyNotInSchema', message: `${what}: "__proto__" is not an argument` }]);
  }
  try {
    const cleaned = schema.clean(raw, CLEAN_OPTIONS);
    schema.validate(cleaned);
    return cleaned as T;
  } catch (error) {
    const violations = violationsOf(error);
    throw violations === null ? new MeteorError('validation-error', `${what}: the arguments could not be validated`, []) : validationError(violations);
  }
}
