import type { Document } from 'bson';
import { isPlainDocument, toNumber } from './bson-value';
import { CommandError } from './errors';

const LOGICAL = new Set(['$and', '$or', '$nor']);
const TOP_LEVEL = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment', '$jsonSchema']);
const FIELD_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$regex',
  '$options',
  '$all',
  '$elemMatch',
  '$size',
  '$mod',
  '$not',
  '$bitsAllSet',
  '$bitsAnySet',
  '$bitsAllClear',
  '$bitsAnyClear',
]);

/**
 * MongoDB's parse-time checks that mingo does not make (it silently accepts `{$in: 5}`).
 * Throws BadValue (2) with MongoDB's wording where it matters.
 */
export function validateFilter(filter: Document): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      if (!TOP_LEVEL.has(key)) throw new CommandError('BadValue', `unknown top level operator: ${key}`);
      if (LOGICAL.has(key)) {
        if (!Array.isArray(value) || value.length === 0) throw new CommandError('BadValue', `${key} must be a nonempty array`);
        for (const clause of value) {
          if (!isPlainDocument(clause)) throw new CommandError('BadValue', `${key}/$and/$or/$nor entries need to be full objects`);
          validateFilter(clause);
        }
      }
      continue;
    }
    if (isPlainDocument(value) && Object.keys(value).some((k) => k.startsWith('$'))) validateCondition(value);
  }
}

function validateCondition(condition: Document): void {
  for (const [op, operand] of Object.entries(condition)) {
    if (!FIELD_OPERATORS.has(op)) throw new CommandError('BadValue', `unknown operator: ${op}`);
    switch (op) {
      case '$in':
      case '$nin':
      case '$all':
        if (!Array.isArray(operand)) throw new CommandError('BadValue', `${op} needs an array`);
        break;
      case '$size': {
        const n = toNumber(operand);
        if (n === undefined || !Number.isInteger(n) || n < 0) throw new CommandError('BadValue', '$size needs a non-negative integer');
        break;
      }
      case '$mod':
        if (!Array.isArray(operand) || operand.length !== 2) throw new CommandError('BadValue', 'malformed mod, needs to be an array of [divisor, remainder]');
        break;
      case '$elemMatch':
        if (!isPlainDocument(operand)) throw new CommandError('BadValue', '$elemMatch needs an Object');
        break;
      case '$regex':
        if (typeof operand !== 'string' && !(operand instanceof RegExp)) throw new CommandError('BadValue', '$regex has to be a string');
        break;
      case '$not':
        if (!isPlainDocument(operand) && !(operand instanceof RegExp)) throw new CommandError('BadValue', '$not needs a regex or a document');
        if (isPlainDocument(operand)) validateCondition(operand);
        break;
      default:
        break;
    }
  }
}
