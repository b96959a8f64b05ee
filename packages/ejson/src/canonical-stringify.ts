import type { JSONValue } from './json-value-types';

export interface StringifyOptions {
  /** `true` = two spaces, a number = that many spaces, a string = that string. */
  indent?: boolean | number | string;
  /** Sort object keys, so equal values always produce equal strings. */
  canonical?: boolean;
}

/** JSON text with Meteor's `indent` / `canonical` options; output matches JSON.stringify's layout. */
export function canonicalStringify(value: JSONValue, options: StringifyOptions): string {
  const unit =
    options.indent === true
      ? '  '
      : typeof options.indent === 'number'
        ? ' '.repeat(Math.max(0, Math.floor(options.indent)))
        : typeof options.indent === 'string'
          ? options.indent
          : '';
  return write(value, unit, '', options.canonical === true) ?? 'null';
}

/** Returns undefined for values JSON omits (undefined, functions, symbols). */
function write(value: unknown, unit: string, outer: string, canonical: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return String(value);
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  const inner = outer + unit;
  const open = unit ? `\n${inner}` : '';
  const separator = unit ? `,\n${inner}` : ',';
  const close = unit ? `\n${outer}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const parts = value.map((item: unknown) => write(item, unit, inner, canonical) ?? 'null');
    return `[${open}${parts.join(separator)}${close}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (canonical) keys.sort();
  const parts: string[] = [];
  for (const key of keys) {
    const text = write(record[key], unit, inner, canonical);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}${unit ? ': ' : ':'}${text}`);
  }
  if (parts.length === 0) return '{}';
  return `{${open}${parts.join(separator)}${close}}`;
}
