import { $eq as mingoEq, $ne as mingoNe } from 'mingo/operators/query';
import { isPlainDocument } from './bson-value';

type Predicate = (doc: Record<string, unknown>) => boolean;
type QueryOperator = (selector: string, operand: unknown, options: unknown) => Predicate;

/**
 * Equality with null, as MongoDB defines it: true when any way of following the path ends at a
 * null or missing value. mingo drops array elements that lack the field, so
 * `{'a.b': null}` missed `{a: [{b: 1}, {}]}`.
 */
function nullAlongPath(value: unknown, parts: readonly string[], i: number): boolean {
  if (i === parts.length) return value === null || value === undefined || (Array.isArray(value) && value.some((v) => v === null));
  if (value === null || value === undefined) return true;
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part) && Number(part) < value.length && nullAlongPath(value[Number(part)], parts, i + 1)) return true;
    return value.some((element) => isPlainDocument(element) && nullAlongPath(element, parts, i));
  }
  if (isPlainDocument(value)) return nullAlongPath(value[part], parts, i + 1);
  return true;
}

function nullPredicate(selector: string): Predicate {
  const parts = selector.split('.');
  return (doc) => nullAlongPath(doc, parts, 0);
}

export const nullAwareEq: QueryOperator = (selector, operand, options) =>
  operand === null ? nullPredicate(selector) : (mingoEq as unknown as QueryOperator)(selector, operand, options);

export const nullAwareNe: QueryOperator = (selector, operand, options) => {
  if (operand !== null) return (mingoNe as unknown as QueryOperator)(selector, operand, options);
  const isNull = nullPredicate(selector);
  return (doc) => !isNull(doc);
};
