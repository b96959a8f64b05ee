import { MeteorError } from '@perseid/meteor-core';
import type SimpleSchema from 'simpl-schema';
import { isPlainObject } from './plain-object';
import { validationError, violationsOf } from './schema-guard';

/**
 * How arguments are cleaned before validation. `convert`: unknown keys are dropped, strings
 * trimmed and types converted, as a validated method does. `exact`: nothing is dropped or
 * converted, so input of the wrong type is refused (publications).
 */
export type ArgumentCleaning = 'convert' | 'exact';

const CLEAN_OPTIONS = {
  convert: { mutate: false, filter: true, autoConvert: true, trimStrings: true, getAutoValues: true, isModifier: false },
  exact: { mutate: false, filter: false, autoConvert: false, isModifier: false },
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
 * The one argument object of a method or publication, cleaned and validated against `schema`.
 * Whatever the client sent, the outcome is the typed arguments or a `validation-error`: simpl-schema
 * reads top-level `$` keys as a modifier and throws a plain Error, walks binary values as arrays
 * and throws a TypeError, and turns `__proto__` keys into prototypes, so those are refused before
 * it sees them; anything else it throws about the input is reported as a validation error too.
 */
export function parseArgumentObject<T>(schema: SimpleSchema, raw: unknown, what: string, cleaning: ArgumentCleaning): T {
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
    const cleaned = schema.clean(raw, CLEAN_OPTIONS[cleaning]);
    schema.validate(cleaned);
    return cleaned as T;
  } catch (error) {
    const violations = violationsOf(error);
    throw violations === null ? new MeteorError('validation-error', `${what}: the arguments could not be validated`, []) : validationError(violations);
  }
}
