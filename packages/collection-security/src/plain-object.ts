/**
 * Whether `value` is an object as JSON would give it: no array, and no Date, binary, RegExp or
 * EJSON custom type (each decodes from its own `$`-shaped form and has its own prototype).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
