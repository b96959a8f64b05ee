import type { Document } from 'bson';
import { isPlainDocument, toNumber } from './bson-value';
import { CommandError } from './errors';

const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);
/** Operators that never create their path: through a scalar, null or array field they do nothing. */
const NON_CREATING_OPERATORS = new Set(['$unset', '$pull', '$pullAll', '$pop', '$rename']);

function isNumeric(value: unknown): boolean {
  return toNumber(value) !== undefined;
}

/**
 * MongoDB's per-document update checks that mingo skips (it silently does nothing):
 * `$inc`/`$mul` need numbers on both sides (14), and no path an operator creates may run through
 * a scalar (28); removing through one changes nothing.
 * Positional paths (`$`, `$[]`, `$[id]`) are left to the engine.
 */
export function checkUpdateAgainstDocument(doc: Document, modifier: Document): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainDocument(fields)) continue;
    for (const [path, operand] of Object.entries(fields)) {
      if (NUMERIC_OPERATORS.has(op) && !isNumeric(operand)) {
        throw new CommandError(
          'TypeMismatch',
          `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`,
        );
      }
      if (path.includes('$')) continue;
      const parts = path.split('.');
      let current: unknown = doc;
      for (let i = 0; i < parts.length; i += 1) {
        const part = parts[i] as string;
        if (Array.isArray(current)) {
          if (!/^\d+$/.test(part)) {
            if (NON_CREATING_OPERATORS.has(op)) break;
            throw new CommandError('PathNotViable', `Cannot create field '${part}' in element {${parts.slice(0, i).join('.')}: [...]}`);
          }
          current = current[Number(part)];
        } else if (isPlainDocument(current)) {
          current = current[part];
        } else if (current === undefined || current === null) {
          if (current === null && i > 0 && !NON_CREATING_OPERATORS.has(op)) {
            throw new CommandError('PathNotViable', `Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: null}`);
          }
          break;
        } else {
          if (NON_CREATING_OPERATORS.has(op)) break;
          throw new CommandError('PathNotViable', `Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: ${JSON.stringify(current)}}`);
        }
      }
      if (NUMERIC_OPERATORS.has(op) && current !== undefined && current !== null && !isNumeric(current)) {
        throw new CommandError(
          'TypeMismatch',
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc['_id'])}} has the field '${path}' of non-numeric type ${Array.isArray(current) ? 'array' : typeof current}`,
        );
      }
    }
  }
}
