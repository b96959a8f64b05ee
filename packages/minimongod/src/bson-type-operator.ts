import { TYPE_ALIASES } from '@perseid/minimongo';
import { bsonTypeOf } from './bson-value';
import { valuesAtPath } from './document-path';
import { CommandError } from './errors';

/**
 * `$type` as MongoDB defines it, for mingo (whose own `$type` does not know BSON classes such
 * as ObjectId). Works on the number-normalised view, so int64 values that fit in a double
 * are reported by their magnitude: `long` matches integers beyond the int32 range.
 */
function typeCodes(value: unknown): number[] {
  if (value === undefined) return [];
  if (value === null) return [10];
  if (Array.isArray(value)) return [4];
  switch (typeof value) {
    case 'string':
      return [2];
    case 'boolean':
      return [8];
    case 'number':
      if (!Number.isInteger(value)) return [1];
      return value >= -(2 ** 31) && value < 2 ** 31 ? [16] : [18];
    default:
      break;
  }
  if (value instanceof Date) return [9];
  if (value instanceof RegExp) return [11];
  switch (bsonTypeOf(value)) {
    case 'ObjectId':
      return [7];
    case 'Binary':
    case 'UUID':
      return [5];
    case 'Timestamp':
      return [17];
    case 'Decimal128':
      return [19];
    case 'Long':
      return [18];
    case 'Int32':
      return [16];
    case 'Double':
      return [1];
    case 'MinKey':
      return [-1];
    case 'MaxKey':
      return [127];
    case 'BSONRegExp':
      return [11];
    case 'Code':
      return [13];
    case 'BSONSymbol':
      return [14];
    default:
      return [3];
  }
}

const NUMERIC = new Set([1, 16, 18, 19]);

function parseWanted(spec: unknown): Array<number | 'number'> {
  const list = Array.isArray(spec) ? spec : [spec];
  return list.map((item) => {
    if (item === 'number') return 'number';
    if (typeof item === 'string') {
      const code = Object.hasOwn(TYPE_ALIASES, item) ? TYPE_ALIASES[item] : undefined;
      if (code === undefined) throw new CommandError('BadValue', `Unknown type name alias: ${item}`);
      return code;
    }
    if (typeof item === 'number' && Number.isInteger(item)) return item;
    throw new CommandError('BadValue', 'type must be represented as a number or a string');
  });
}

/** mingo query-operator signature: (path, operand, options) → predicate over a document. */
export function bsonTypeQueryOperator(selector: string, operand: unknown): (doc: Record<string, unknown>) => boolean {
  const wanted = parseWanted(operand);
  return (doc) => {
    const direct = selector
      .split('.')
      .reduce<unknown>((v, part) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[part] : undefined), doc);
    const candidates = [...valuesAtPath(doc, selector), ...(Array.isArray(direct) ? [direct] : [])];
    return candidates.some((value) => typeCodes(value).some((code) => wanted.some((w) => (w === 'number' ? NUMERIC.has(code) : w === code))));
  };
}
