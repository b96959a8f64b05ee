import { $eq as mingoEq, $gte as mingoGte, $in as mingoIn, $lte as mingoLte, $ne as mingoNe, $nin as mingoNin } from 'mingo/operators/query';
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

/** `$in` containing null: null-or-missing along the path, or any of the other values. */
export const nullAwareIn: QueryOperator = (selector, operand, options) => {
  if (!Array.isArray(operand) || !operand.includes(null)) return (mingoIn as unknown as QueryOperator)(selector, operand, options);
  const isNull = nullPredicate(selector);
  const rest = operand.filter((v) => v !== null);
  const others = rest.length === 0 ? null : (mingoIn as unknown as QueryOperator)(selector, rest, options);
  return (doc) => isNull(doc) || others?.(doc) === true;
};

export const nullAwareNin: QueryOperator = (selector, operand, options) => {
  if (!Array.isArray(operand) || !operand.includes(null)) return (mingoNin as unknown as QueryOperator)(selector, operand, options);
  const inSet = nullAwareIn(selector, operand, options);
  return (doc) => !inSet(doc);
};

/**
 * `$lte: null` and `$gte: null` select exactly what `$eq: null` does in MongoDB (null and
 * missing sort together at the bottom of the BSON order, and nothing else compares equal to
 * them); mingo compared only present nulls, so a missing field did not match.
 */
export const nullAwareLte: QueryOperator = (selector, operand, options) =>
  operand === null ? nullPredicate(selector) : (mingoLte as unknown as QueryOperator)(selector, operand, options);

export const nullAwareGte: QueryOperator = (selector, operand, options) =>
  operand === null ? nullPredicate(selector) : (mingoGte as unknown as QueryOperator)(selector, operand, options);
