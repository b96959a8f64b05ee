import type { Semantics } from './element-operators';
import { MinimongoError, type MinimongoErrorCode } from './errors';
import { isNumericKey } from './document-paths';
import { isOperatorObject, Matcher } from './matcher';
import { Sorter, type SortSpecifier } from './sorter';
import { cloneValue, compareServerOrder, compareValues, isPlainObject, valuesEqual, type Document } from './value-types';

export interface ModifyOptions {
  /** The document is being created by an upsert: `$setOnInsert` applies. */
  readonly isInsert?: boolean;
  /** The selector that chose the document, to resolve the positional `$` operator. */
  readonly matcher?: Matcher;
  /** Clock for `$currentDate`. */
  readonly now?: () => Date;
  /**
   * `'mongodb'` applies operators as the database server does where Meteor's client differs:
   * `$min`/`$max` compare any two values in BSON order, a negative `$position` counts from the
   * end, `$pop` takes only 1 or -1, `$bit` works, `_id` may be set to the value it has, stored
   * values are not checked against Meteor's key rules, and `$[]` / `$[<id>]` (with
   * `arrayFilters`) address array elements. Default `'meteor'`.
   */
  readonly semantics?: Semantics;
  /** Filters for the `$[<id>]` identifiers of the update's paths (`'mongodb'` semantics only). */
  readonly arrayFilters?: readonly Document[];
}

type Container = Document | unknown[];
type OperatorName = keyof typeof OPERATORS;

/** Operators that must not create missing intermediate objects. */
const NO_CREATE = new Set(['$unset', '$pop', '$pull', '$pullAll', '$rename']);

/**
 * Applies a Meteor modifier (or a replacement document) to `doc`, returning a new document;
 * `doc` itself is never mutated, so callers may keep it as the pre-image. Errors use Meteor's
 * messages and leave nothing half-applied.
 */
export function modifyDocument(doc: Document, modifier: unknown, options: ModifyOptions = {}): Document {
  if (!isPlainObject(modifier)) throw badModifier('Modifier must be an object');
  let isModifier: boolean;
  try {
    isModifier = isOperatorObject(modifier);
  } catch {
    throw badModifier('Update parameter cannot have both modifier and non-modifier fields.');
  }
  if (!isModifier) return replaceDocument(doc, modifier);

  const mongodb = options.semantics === 'mongodb';
  const filters = mongodb ? compileArrayFilters(options.arrayFilters ?? []) : new Map<string, ArrayFilter>();
  const result = cloneValue(doc);
  for (const [operator, operands] of Object.entries(modifier)) {
    if (!Object.hasOwn(OPERATORS, operator)) throw badModifier(`Invalid modifier specified ${operator}`);
    if (operator === '$setOnInsert' && !options.isInsert) continue;
    if (!isPlainObject(operands)) throw badModifier(`Modifier ${operator}'s argument must be an object`);
    const apply = OPERATORS[operator as OperatorName];
    for (const [keypath, operand] of Object.entries(operands)) {
      if (keypath === '') throw badModifier('An empty update path is not valid.');
      if (keypath === '_id' && operator !== '$setOnInsert' && !mongodb) throw badModifier('Mod on _id not allowed');
      if (mongodb && operator === '$rename') {
        const dynamic = [keypath, typeof operand === 'string' ? operand : ''].find((path) => path.split('.').some((part) => part.startsWith('$')));
        if (dynamic !== undefined) throw badModifier(`The source and destination fields for $rename may not be dynamic: ${dynamic}`, keypath);
      }
      const positioned = resolvePositional(keypath.split('.'), doc, options.matcher);
      if (positioned.some((part) => part === '')) {
        throw badModifier(`The update path '${keypath}' contains an empty field name, which is not allowed.`);
      }
      const noCreate = NO_CREATE.has(operator);
      for (const parts of mongodb ? expandArrayUpdatePaths(result, positioned, filters, keypath) : [positioned]) {
        if (!noCreate) {
          if (mongodb) assertStorablePath(parts, keypath);
          else assertWritablePath(parts);
        }
        const target = findTarget(result, parts, noCreate, keypath);
        const field = parts[parts.length - 1] as string;
        apply(target, field, operand, { keypath, doc: result, options });
      }
    }
  }
  for (const [identifier, filter] of filters) {
    if (!filter.used) throw badModifier(`The array filter for identifier '${identifier}' was not used in the update ${JSON.stringify(modifier)}`);
  }
  if (mongodb && '_id' in doc && !valuesEqual(doc._id, result._id)) {
    throw badModifier("Performing an update on the path '_id' would modify the immutable field '_id'", '_id');
  }
  if ('_id' in doc && !valuesEqual(doc._id, result._id)) {
    throw badModifier(
      `After applying the update to the document {_id: ${JSON.stringify(String(doc._id))} , ...}, the (immutable) field '_id' was found to have been altered to _id: ${JSON.stringify(String(result._id))}`,
    );
  }
  return result;
}

function replaceDocument(doc: Document, replacement: Document): Document {
  if ('_id' in replacement && !valuesEqual(doc._id, replacement._id)) {
    throw badModifier(`The _id field cannot be changed from {_id: ${JSON.stringify(String(doc._id))}} to {_id: ${JSON.stringify(String(replacement._id))}}`);
  }
  assertValidFieldNames(replacement);
  const copy = cloneValue(replacement);
  delete copy._id;
  return '_id' in doc ? { _id: doc._id, ...copy } : copy;
}

/** Meteor refuses stored keys that start with `$`, contain `.` or contain a null byte. */
export function assertValidFieldNames(value: unknown, code: MinimongoErrorCode = 'minimongo.bad-modifier'): void {
  if (Array.isArray(value)) {
    for (const element of value) assertValidFieldNames(element, code);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    assertValidFieldName(key, code);
    assertValidFieldNames(inner, code);
  }
}

function assertValidFieldName(key: string, code: MinimongoErrorCode): void {
  if (key.startsWith('$')) throw new MinimongoError(code, `Key ${key} must not start with '$'`);
  if (key.includes('.')) throw new MinimongoError(code, `Key ${key} must not contain '.'`);
  if (key.includes('\0')) throw new MinimongoError(code, `Key ${key} must not contain null bytes`);
}

/**
 * The parts of a path an operator writes to become stored keys, so they obey the stored-key
 * rules (the positional `$` is resolved before this check).
 */
function assertWritablePath(parts: readonly string[]): void {
  for (const part of parts) assertValidFieldName(part, 'minimongo.bad-modifier');
}

/** MongoDB stores dotted keys, but a `$` part left after positional resolution cannot be stored. */
function assertStorablePath(parts: readonly string[], keypath: string): void {
  const part = parts.find((p) => p.startsWith('$'));
  if (part !== undefined) throw badModifier(`The dollar ($) prefixed field '${part}' in '${keypath}' is not valid for storage.`, keypath);
}

function resolvePositional(parts: string[], doc: Document, matcher: Matcher | undefined): string[] {
  const at = parts.indexOf('$');
  if (at === -1) return parts;
  if (parts.indexOf('$', at + 1) !== -1) throw badModifier("Too many positional (i.e. '$') elements");
  const index = matcher?.firstMatchingIndex(doc, parts.slice(0, at).join('.'));
  if (index === undefined) throw badModifier('The positional operator did not find the match needed from the query.');
  const resolved = [...parts];
  resolved[at] = String(index);
  return resolved;
}

/**
 * The container holding the last path part, creating intermediate objects unless `noCreate`.
 * Returns undefined when `noCreate` and the path does not exist.
 */
function findTarget(doc: Document, parts: string[], noCreate: boolean, keypath: string, forbidArray = false): Container | undefined {
  let node: Container = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (Array.isArray(node)) {
      if (forbidArray) throw badModifier('$rename target field invalid', keypath);
      if (!isNumericKey(part)) {
        if (noCreate) return undefined;
        throw badModifier(`can't append to array using string field name [${part}]`);
      }
      const index = Number(part);
      if (noCreate && index >= node.length) return undefined;
      padArray(node, index);
    }
    // In an array a numeric part names an index, whatever its spelling ('01' is element 1).
    const key = Array.isArray(node) ? String(Number(part)) : part;
    const container = node as Record<string, unknown>;
    let next = container[key];
    if (next === undefined) {
      if (noCreate) return undefined;
      next = {};
      container[key] = next;
    } else if (!Array.isArray(next) && !isPlainObject(next)) {
      // Only a missing field is created; an explicit null (or scalar) cannot be traversed.
      if (noCreate) return undefined;
      throw badModifier(`cannot use the part '${parts[i + 1]}' to traverse ${String(next)}`, keypath);
    }
    node = next as Container;
  }
  return node;
}

function padArray(array: unknown[], index: number): void {
  while (array.length < index) array.push(null);
}

interface ApplyContext {
  readonly keypath: string;
  readonly doc: Document;
  readonly options: ModifyOptions;
}
type ApplyFn = (target: Container | undefined, field: string, operand: unknown, ctx: ApplyContext) => void;

function readField(target: Container | undefined, field: string): unknown {
  if (target === undefined) return undefined;
  if (Array.isArray(target)) return isNumericKey(field) ? target[Number(field)] : undefined;
  return target[field];
}

function writeField(target: Container | undefined, field: string, value: unknown, keypath: string): void {
  if (target === undefined) return;
  if (Array.isArray(target)) {
    if (!isNumericKey(field)) throw badModifier(`can't append to array using string field name [${field}]`, keypath);
    const index = Number(field);
    padArray(target, index);
    target[index] = value;
    return;
  }
  target[field] = value;
}

function numericUpdate(name: '$inc' | '$mul', combine: (current: number, operand: number) => number): ApplyFn {
  return (target, field, operand, { keypath }) => {
    if (typeof operand !== 'number') throw badModifier(`Modifier ${name} allowed for numbers only`, keypath);
    const current = readField(target, field);
    if (current !== undefined && typeof current !== 'number') {
      throw badModifier(`Cannot apply ${name} modifier to non-number`, keypath);
    }
    writeField(target, field, current === undefined ? combine(0, operand) : combine(current, operand), keypath);
  };
}

/**
 * `$min`/`$max` as Meteor's minimongo defines them: numbers only, on both sides. (The MongoDB
 * server compares any two values in BSON order; minimongod does that.)
 */
function boundUpdate(name: '$min' | '$max', keepNew: (operandAgainstCurrent: number) => boolean): ApplyFn {
  return (target, field, operand, { keypath, options }) => {
    const current = readField(target, field);
    if (options.semantics === 'mongodb') {
      if (current === undefined || keepNew(compareServerOrder(operand, current))) writeField(target, field, cloneValue(operand), keypath);
      return;
    }
    if (typeof operand !== 'number') throw badModifier(`Modifier ${name} allowed for numbers only`, keypath);
    if (current !== undefined && typeof current !== 'number') {
      throw badModifier(`Cannot apply ${name} modifier to non-number`, keypath);
    }
    if (current === undefined || keepNew(operand - current)) writeField(target, field, operand, keypath);
  };
}

function arrayAt(target: Container | undefined, field: string, operator: string, keypath: string, create: boolean): unknown[] | undefined {
  const current = readField(target, field);
  if (current === undefined) {
    if (!create) return undefined;
    const fresh: unknown[] = [];
    writeField(target, field, fresh, keypath);
    return fresh;
  }
  if (!Array.isArray(current)) throw badModifier(`Cannot apply ${operator} modifier to non-array`, keypath);
  return current;
}

const OPERATORS = {
  $inc: numericUpdate('$inc', (a, b) => a + b),
  $mul: numericUpdate('$mul', (a, b) => a * b),
  $min: boundUpdate('$min', (order) => order < 0),
  $max: boundUpdate('$max', (order) => order > 0),
  $set: (target, field, operand, { keypath, options }) => {
    if (options.semantics !== 'mongodb') assertValidFieldNames(operand);
    writeField(target, field, cloneValue(operand), keypath);
  },
  $setOnInsert: (target, field, operand, { keypath, options }) => {
    if (options.semantics !== 'mongodb') assertValidFieldNames(operand);
    writeField(target, field, cloneValue(operand), keypath);
  },
  $unset: (target, field) => {
    if (target === undefined) return;
    if (Array.isArray(target)) {
      // MongoDB keeps array positions stable: an unset element becomes null.
      if (isNumericKey(field) && Number(field) < target.length) target[Number(field)] = null;
      return;
    }
    delete target[field];
  },
  $currentDate: (target, field, operand, { keypath, options }) => {
    const wantsDate = operand === true || (isPlainObject(operand) && operand.$type === 'date');
    if (!wantsDate) {
      throw badModifier("$currentDate supports only true and { $type: 'date' } in minimongo", keypath);
    }
    writeField(target, field, options.now?.() ?? new Date(), keypath);
  },
  $push: (target, field, operand, { keypath, options }) => {
    const array = arrayAt(target, field, '$push', keypath, true) as unknown[];
    if (!(isPlainObject(operand) && '$each' in operand)) {
      if (options.semantics !== 'mongodb') assertValidFieldNames(operand);
      array.push(cloneValue(operand));
      return;
    }
    pushEach(array, operand, keypath, options.semantics ?? 'meteor');
  },
  $pushAll: (target, field, operand, { keypath }) => {
    if (!Array.isArray(operand)) throw badModifier('Modifier $pushAll/pullAll allowed for arrays only', keypath);
    assertValidFieldNames(operand);
    const array = arrayAt(target, field, '$pushAll', keypath, true) as unknown[];
    array.push(...cloneValue(operand));
  },
  $addToSet: (target, field, operand, { keypath, options }) => {
    let values: unknown[] = [operand];
    // As Meteor: `$each` counts only as the first key; other keys beside it are ignored.
    if (isPlainObject(operand) && Object.keys(operand)[0] === '$each') {
      if (!Array.isArray(operand.$each)) throw badModifier('$each must be an array', keypath);
      values = operand.$each;
    }
    if (options.semantics !== 'mongodb') assertValidFieldNames(values);
    const array = arrayAt(target, field, '$addToSet', keypath, true) as unknown[];
    for (const value of values) {
      if (!array.some((existing) => valuesEqual(existing, value))) array.push(cloneValue(value));
    }
  },
  $pop: (target, field, operand, { keypath, options }) => {
    if (options.semantics === 'mongodb' && operand !== 1 && operand !== -1) {
      throw badModifier(`$pop expects 1 or -1, found: ${JSON.stringify(operand)}`, keypath);
    }
    const array = arrayAt(target, field, '$pop', keypath, false);
    if (array === undefined) return;
    // Meteor: any operand below zero pops the first element, anything else the last.
    if (typeof operand === 'number' && operand < 0) array.shift();
    else array.pop();
  },
  $pull: (target, field, operand, { keypath, options }) => {
    const array = arrayAt(target, field, '$pull/pullAll', keypath, false);
    if (array === undefined) return;
    const matches = pullPredicate(operand, options.semantics ?? 'meteor');
    const kept = array.filter((element) => !matches(element));
    array.splice(0, array.length, ...kept);
  },
  $pullAll: (target, field, operand, { keypath }) => {
    if (!Array.isArray(operand)) throw badModifier('Modifier $pushAll/pullAll allowed for arrays only', keypath);
    const array = arrayAt(target, field, '$pull/pullAll', keypath, false);
    if (array === undefined) return;
    const kept = array.filter((element) => !operand.some((value) => valuesEqual(element, value)));
    array.splice(0, array.length, ...kept);
  },
  $rename: (target, field, operand, { keypath, doc }) => {
    if (typeof operand !== 'string') throw badModifier('$rename target must be a string', keypath);
    if (operand.includes('\0')) throw badModifier("The 'to' field for $rename cannot contain an embedded null byte", keypath);
    if (operand === keypath) throw badModifier('$rename source must differ from target', keypath);
    if (Array.isArray(target)) throw badModifier('$rename source field invalid', keypath);
    if (target === undefined || !(field in target)) return;
    const value = target[field];
    delete target[field];
    const targetParts = operand.split('.');
    if (targetParts.some((part) => part === '')) throw badModifier('$rename target field invalid', keypath);
    assertWritablePath(targetParts);
    const destination = findTarget(doc, targetParts, false, operand, true);
    if (Array.isArray(destination)) throw badModifier('$rename target field invalid', keypath);
    writeField(destination, targetParts[targetParts.length - 1] as string, value, operand);
  },
  $bit: (target, field, operand, { keypath, options }) => {
    if (options.semantics !== 'mongodb') throw badModifier('$bit is not supported', keypath);
    bitUpdate(target, field, operand, keypath);
  },
} satisfies Record<string, ApplyFn>;

function pushEach(array: unknown[], spec: Document, keypath: string, semantics: Semantics): void {
  for (const key of Object.keys(spec)) {
    if (!['$each', '$position', '$slice', '$sort'].includes(key)) {
      throw badModifier(`Unrecognized clause in $push: ${key}`, keypath);
    }
  }
  const each = spec.$each;
  if (!Array.isArray(each)) throw badModifier('$each must be an array', keypath);
  if (semantics !== 'mongodb') assertValidFieldNames(each);
  const values = cloneValue(each);

  const position = spec.$position;
  if (position === undefined) {
    array.push(...values);
  } else {
    if (typeof position !== 'number' || !Number.isInteger(position)) {
      throw badModifier('$position must be a numeric value', keypath);
    }
    // Meteor's minimongo refuses a negative $position; MongoDB (since 3.6) counts it from the end.
    if (position < 0 && semantics !== 'mongodb') throw badModifier('$position in $push must be zero or positive', keypath);
    const at = position < 0 ? Math.max(0, array.length + position) : Math.min(position, array.length);
    array.splice(at, 0, ...values);
  }

  if (spec.$sort !== undefined) {
    const sort = spec.$sort;
    if (typeof sort === 'number') {
      if (sort !== 1 && sort !== -1) throw badModifier('$sort in $push must be 1, -1 or an object', keypath);
      const compare = semantics === 'mongodb' ? compareServerOrder : compareValues;
      array.sort((a, b) => sort * compare(a, b));
    } else if (isPlainObject(sort)) {
      if (semantics === 'mongodb') {
        // The server sorts any elements by the spec's fields, a non-document having none of them.
        const compare = new Sorter(sort as SortSpecifier, undefined, { semantics }).getComparator();
        array.sort((a, b) => compare(isPlainObject(a) ? a : {}, isPlainObject(b) ? b : {}));
      } else {
        if (!array.every(isPlainObject)) {
          throw badModifier('$push like modifiers using $sort require all elements to be objects', keypath);
        }
        const compare = new Sorter(sort as SortSpecifier).getComparator();
        (array as Document[]).sort(compare);
      }
    } else {
      throw badModifier('$sort in $push must be 1, -1 or an object', keypath);
    }
  }

  if (spec.$slice !== undefined) {
    const slice = spec.$slice;
    if (typeof slice !== 'number' || !Number.isInteger(slice)) throw badModifier('$slice must be a numeric value', keypath);
    const kept = slice === 0 ? [] : slice < 0 ? array.slice(slice) : array.slice(0, slice);
    array.splice(0, array.length, ...kept);
  }
}

/**
 * `$pull`'s condition: a bare operator object applies to the element itself (`{ $gte: 6 }`),
 * a query document applies to object elements, anything else is compared by equality.
 */
function pullPredicate(operand: unknown, semantics: Semantics): (element: unknown) => boolean {
  if (isOperatorObject(operand)) {
    const matcher = new Matcher({ value: operand }, { semantics });
    return (element) => matcher.documentMatches({ value: element }).result;
  }
  if (isPlainObject(operand)) {
    const matcher = new Matcher(operand, { semantics });
    return (element) => isPlainObject(element) && matcher.documentMatches(element).result;
  }
  if (operand instanceof RegExp) {
    return (element) => typeof element === 'string' && operand.test(element);
  }
  return (element) => valuesEqual(element, operand);
}

function badModifier(message: string, field?: string): MinimongoError {
  return new MinimongoError('minimongo.bad-modifier', message, field);
}

interface ArrayFilter {
  readonly matches: (element: unknown) => boolean;
  used: boolean;
}

const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;

/**
 * `arrayFilters` by identifier: each filter's top-level fields all start with one identifier
 * (`e` or `e.k`), and it is matched against an element placed under that name.
 */
function compileArrayFilters(arrayFilters: readonly Document[]): Map<string, ArrayFilter> {
  const filters = new Map<string, ArrayFilter>();
  for (const filter of arrayFilters) {
    if (!isPlainObject(filter)) throw badModifier('arrayFilters entries must be objects');
    let identifier: string | undefined;
    for (const key of Object.keys(filter)) {
      const head = key.split('.')[0] as string;
      if (identifier !== undefined && head !== identifier) {
        throw badModifier(`Error parsing array filter :: caused by :: Expected a single top-level field name, found '${identifier}' and '${head}'`);
      }
      identifier = head;
    }
    if (identifier === undefined) throw badModifier('Cannot use an expression without a top-level field name in arrayFilters');
    if (!IDENTIFIER.test(identifier)) {
      throw badModifier(
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${identifier}'`,
      );
    }
    if (filters.has(identifier)) throw badModifier(`Found multiple array filters with the same top-level field name ${identifier}`);
    const matcher = new Matcher(filter, { semantics: 'mongodb' });
    const name = identifier;
    filters.set(identifier, { matches: (element) => matcher.documentMatches({ [name]: element }).result, used: false });
  }
  return filters;
}

/**
 * The concrete paths an update path with `$[]` / `$[<id>]` parts names in `doc`: every element
 * of the array at such a part, or those its array filter matches. A path without them is itself.
 */
function expandArrayUpdatePaths(doc: Document, parts: readonly string[], filters: Map<string, ArrayFilter>, keypath: string): string[][] {
  const at = parts.findIndex((part) => part.startsWith('$['));
  if (at === -1) return [[...parts]];
  const part = parts[at] as string;
  const match = /^\$\[([^\]]*)\]$/.exec(part);
  if (match === null) throw badModifier(`Unrecognized array update operator ${part} in path '${keypath}'`, keypath);
  const identifier = match[1] as string;
  let test: ((element: unknown) => boolean) | undefined;
  if (identifier !== '') {
    const filter = filters.get(identifier);
    if (filter === undefined) throw badModifier(`No array filter found for identifier '${identifier}' in path '${keypath}'`, keypath);
    filter.used = true;
    test = filter.matches;
  }
  const prefix = parts.slice(0, at);
  const array = readPath(doc, prefix);
  if (!Array.isArray(array)) {
    throw badModifier(`The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`, keypath);
  }
  const rest = parts.slice(at + 1);
  const out: string[][] = [];
  array.forEach((element, index) => {
    if (test !== undefined && !test(element)) return;
    // Later parts may hold further identifiers, resolved inside this element.
    const concrete = [...prefix, String(index), ...rest];
    out.push(...expandArrayUpdatePaths(doc, concrete, filters, keypath));
  });
  return out;
}

function readPath(doc: Document, parts: readonly string[]): unknown {
  let node: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(node)) node = isNumericKey(part) ? node[Number(part)] : undefined;
    else if (isPlainObject(node)) node = node[part];
    else return undefined;
  }
  return node;
}

const BIT_OPERATIONS = { and: (a: bigint, b: bigint) => a & b, or: (a: bigint, b: bigint) => a | b, xor: (a: bigint, b: bigint) => a ^ b } as const;

/** MongoDB's `$bit`: `{ and | or | xor: integer }` applied in order to an integer field (missing is 0). */
function bitUpdate(target: Container | undefined, field: string, operand: unknown, keypath: string): void {
  if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
    throw badModifier(`The $bit modifier is not compatible with a non-object argument`, keypath);
  }
  const current = readField(target, field);
  if (current !== undefined && !(typeof current === 'number' && Number.isInteger(current))) {
    throw badModifier(`Cannot apply $bit to a value of non-integral type`, keypath);
  }
  let value = BigInt(current ?? 0);
  for (const [name, argument] of Object.entries(operand)) {
    if (!Object.hasOwn(BIT_OPERATIONS, name)) {
      throw badModifier(`The $bit modifier only supports 'and', 'or', and 'xor', not '${name}'`, keypath);
    }
    if (typeof argument !== 'number' || !Number.isInteger(argument)) {
      throw badModifier(`The $bit modifier field must be an Integer(32/64 bit)`, keypath);
    }
    value = BigInt.asIntN(64, BIT_OPERATIONS[name as keyof typeof BIT_OPERATIONS](value, BigInt(argument)));
  }
  writeField(target, field, Number(value), keypath);
}
