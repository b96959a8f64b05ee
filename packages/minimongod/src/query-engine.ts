import { Timestamp, type Document } from 'bson';
import { Context } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import {
  compileProjection,
  createUpsertSeed,
  Matcher as SelectorMatcher,
  MinimongoError,
  modifyDocument,
  Sorter,
  type FieldSpecifier,
} from '@perseid/minimongo';
import type { Options } from 'mingo/types';
import { isPlainDocument, normaliseNumbers, restoreNumberTypes, valuesEqual } from './bson-value';
import { CommandError, type ErrorCodeName } from './errors';
import { validateFilter } from './filter-validation';
import { checkFieldPathsIn, checkPathDepth, pathExceedsStorageDepth } from './nesting-depth';
import { checkUpdateAgainstDocument } from './update-validation';
import { bsonTypeQueryOperator } from './bson-type-operator';
import { nullAwareEq, nullAwareGte, nullAwareIn, nullAwareLte, nullAwareNe, nullAwareNin } from './null-equality-operator';

/**
 * Where the server's query semantics come from. Matching, sorting, projections (operators
 * included), upsert seeds and update operators are minimongo's engine (the one live queries and
 * the client's simulation use) under its `'mongodb'` semantics. `$expr` filters and aggregation
 * stages go to mingo. Both engines get a normalised view (all BSON numbers as JS
 * numbers, see bson-value; updates get the int64/decimal types put back afterwards), and
 * everything they throw becomes a catalogued error.
 */

export type CollectionResolver = (name: string) => Document[];

/**
 * mingo's operators with our corrections. Built here rather than passed to mingo's default
 * entry points, because their context merge lets the built-in operator win over ours.
 */
const CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators },
  expression: { ...expressionOperators },
  pipeline: { ...pipelineOperators },
  projection: { ...projectionOperators },
  query: {
    ...queryOperators,
    $type: bsonTypeQueryOperator as never,
    $eq: nullAwareEq as never,
    $ne: nullAwareNe as never,
    $in: nullAwareIn as never,
    $nin: nullAwareNin as never,
    $lte: nullAwareLte as never,
    $gte: nullAwareGte as never,
  },
  window: { ...windowOperators },
});

function mingoOptions(resolver?: CollectionResolver, variables?: Document): Partial<Options> {
  const options: { useStrictMode: boolean; scriptEnabled: boolean; context: Context; collectionResolver?: (name: string) => Document[]; variables?: Document } =
    {
      useStrictMode: true,
      scriptEnabled: false,
      context: CONTEXT,
    };
  if (resolver !== undefined) options.collectionResolver = resolver;
  if (variables !== undefined) options.variables = normaliseNumbers(variables);
  return options as Partial<Options>;
}

function engineError(error: unknown, what: string): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof MinimongoError) return new CommandError('BadValue', `${what}: ${error.message}`);
  // Inputs are bounded (nesting-depth), but an expression can build a deeper value than it was
  // given (`$reduce` wrapping `$$value`), which mingo then walks recursively. Such a failure
  // changed nothing and is answered as mongod answers a value past its depth.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new CommandError('Overflow', `${what}: a value built by the expression exceeds the maximum nested object depth`);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/unregistered pipeline operator|unknown pipeline stage|unrecognized pipeline stage/i.test(message)) {
    return new CommandError('Location40324', `${what}: ${message}`);
  }
  return new CommandError('BadValue', `${what}: ${message}`);
}

export type Matcher = (view: Document) => boolean;

const matchAll: Matcher = () => true;

export function compileFilter(filter: unknown): Matcher {
  if (filter === undefined || filter === null) return matchAll;
  if (!isPlainDocument(filter)) throw new CommandError('TypeMismatch', "BSON field 'filter' is the wrong type, expected object");
  if (Object.keys(filter).length === 0) return matchAll;
  checkFieldPathsIn(filter);
  validateFilter(filter);
  const normalised = normaliseNumbers(filter);
  if (usesExpressions(normalised)) {
    try {
      const query = new Query(normalised, mingoOptions());
      return (view) => query.test(view);
    } catch (error) {
      throw engineError(error, 'invalid filter');
    }
  }
  try {
    // The same matcher live queries judge changes with, under the server's rules.
    const matcher = new SelectorMatcher(normalised, { semantics: 'mongodb' });
    return (view) => matcher.documentMatches(view).result;
  } catch (error) {
    throw engineError(error, 'invalid filter');
  }
}

/**
 * Top-level operators whose operand is an aggregation expression or a schema (`$expr`,
 * `$jsonSchema`, `$text`): those belong to the aggregation engine, which evaluates the whole
 * filter then. Everything else is matched by minimongo's engine.
 */
const EXPRESSION_OPERATORS = new Set(['$expr', '$jsonSchema', '$text']);

function usesExpressions(filter: Document): boolean {
  for (const [key, value] of Object.entries(filter)) {
    if (EXPRESSION_OPERATORS.has(key)) return true;
    if (
      (key === '$and' || key === '$or' || key === '$nor') &&
      Array.isArray(value) &&
      value.some((clause) => isPlainDocument(clause) && usesExpressions(clause))
    )
      return true;
  }
  return false;
}

/**
 * The document an upsert starts from: minimongo's seeding (the same the client's simulation
 * uses), with a path pinned twice or beneath another answered as MongoDB answers it.
 */
export function upsertSeed(query: Document): Document {
  try {
    return createUpsertSeed(query);
  } catch (error) {
    if (error instanceof MinimongoError && error.message.startsWith('cannot infer query fields')) throw new CommandError('NotSingleValueField', error.message);
    throw engineError(error, 'upsert');
  }
}

/** Deep copy of containers only; BSON leaf objects are immutable values and are shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (!isPlainDocument(value)) return value;
  const out: Document = {};
  for (const key of Object.keys(value)) out[key] = cloneDocument(value[key]);
  return out as T;
}

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$setOnInsert',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$bit',
]);

export function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

export function validateReplacement(doc: Document): void {
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$'))
      throw new CommandError(
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document.`,
      );
  }
}

export interface UpdateClock {
  /** `$currentDate: true` / `{ $type: 'date' }`. */
  readonly date: Date;
  /** `$currentDate: { $type: 'timestamp' }`. */
  readonly timestamp: Timestamp;
}

/**
 * Apply an operator update to a copy of `doc`; returns the new document. `$setOnInsert`
 * applies only when `inserting`.
 */
export function applyOperatorUpdate(
  doc: Document,
  update: Document,
  options: { arrayFilters?: Document[]; filter?: Document; inserting: boolean; clock?: UpdateClock },
): Document {
  const modifier: Document = {};
  for (const [op, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(op))
      throw new CommandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    if (!isPlainDocument(fields)) throw new CommandError('FailedToParse', `Modifiers operate on fields but we found type ${typeof fields} instead.`);
    if (op === '$setOnInsert') {
      if (options.inserting) modifier['$set'] = { ...(modifier['$set'] as Document | undefined), ...fields };
      continue;
    }
    if (op === '$set') {
      modifier['$set'] = { ...(modifier['$set'] as Document | undefined), ...fields };
      continue;
    }
    if (op === '$currentDate') {
      // mingo writes epoch milliseconds for the timestamp form; MongoDB writes a BSON Timestamp.
      const clock = options.clock ?? { date: new Date(), timestamp: Timestamp.fromNumber(Math.floor(Date.now() / 1000) * 2 ** 32) };
      const values: Document = {};
      for (const [path, spec] of Object.entries(fields)) {
        const type = isPlainDocument(spec) ? spec['$type'] : spec === true ? 'date' : undefined;
        if (type !== 'date' && type !== 'timestamp') throw new CommandError('BadValue', `${path}: $currentDate takes true or {$type: 'date' | 'timestamp'}`);
        values[path] = type === 'date' ? new Date(clock.date.getTime()) : clock.timestamp;
      }
      modifier['$set'] = { ...(modifier['$set'] as Document | undefined), ...values };
      continue;
    }
    modifier[op] = { ...fields };
  }
  dropPathsBeyondStorageDepth(modifier);
  settleIdSet(doc, modifier);
  canonicaliseArrayIndices(doc, modifier);
  const paths = new Map<string, string>();
  for (const [op, fields] of Object.entries(modifier)) {
    for (const path of Object.keys(fields as Document)) {
      const root = path.split('.')[0] as string;
      for (const [other, otherOp] of paths) {
        if (other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`)) {
          throw new CommandError('ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${other}' (${otherOp})`);
        }
      }
      paths.set(path, op);
      if (root === '_id' && !options.inserting)
        throw new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
  }
  checkUpdateAgainstDocument(doc, modifier);
  if (Object.keys(modifier).length === 0) return cloneDocument(doc);
  // Only the positional `$` needs the query that selected the document.
  const positional = [...paths.keys()].some((p) => p === '$' || p.includes('.$.') || p.endsWith('.$'));
  let working: Document;
  try {
    // The modifier the client's simulation applies, under the server's rules.
    const matcher = positional && options.filter !== undefined ? new SelectorMatcher(normaliseNumbers(options.filter), { semantics: 'mongodb' }) : undefined;
    working = modifyDocument(normaliseNumbers(doc), normaliseNumbers(modifier), {
      semantics: 'mongodb',
      isInsert: options.inserting,
      ...(matcher !== undefined ? { matcher } : {}),
      ...(options.arrayFilters !== undefined ? { arrayFilters: options.arrayFilters.map((f) => normaliseNumbers(f)) } : {}),
    });
  } catch (error) {
    throw updateError(error);
  }
  return restoreNumberTypes(doc, working) as Document;
}

/**
 * MongoDB's codes for the modifier's refusals (its messages are the server's where one exists);
 * anything else is a bad value, as the server answers most malformed operands.
 */
const UPDATE_ERROR_CODES: ReadonlyArray<readonly [RegExp, ErrorCodeName]> = [
  [/immutable field '_id'/, 'ImmutableField'],
  [/was not used in the update|multiple array filters|Error parsing array filter|^\$pop expects/, 'FailedToParse'],
  [/can't append to array using string field name|cannot use the part/, 'PathNotViable'],
  [/prefixed field .* is not valid for storage/, 'DollarPrefixedFieldName'],
  [/empty update path|contains an empty field name/, 'EmptyFieldName'],
];

function updateError(error: unknown): CommandError {
  if (!(error instanceof MinimongoError)) return engineError(error, 'update failed');
  const entry = UPDATE_ERROR_CODES.find(([pattern]) => pattern.test(error.message));
  return new CommandError(entry?.[1] ?? 'BadValue', error.message);
}

/**
 * `$set` (or `$setOnInsert`) of `_id` to the value it already has changes nothing and MongoDB
 * accepts it; a different value violates `_id`'s immutability (also when an upsert's query
 * pinned the `_id`).
 */
function settleIdSet(doc: Document, modifier: Document): void {
  const set = modifier['$set'] as Document | undefined;
  if (set === undefined || !('_id' in set) || doc['_id'] === undefined) return;
  if (!valuesEqual(set['_id'], doc['_id'])) {
    throw new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  delete set['_id'];
  if (Object.keys(set).length === 0) delete modifier['$set'];
}

/**
 * MongoDB reads a numeric path part that meets an array as a base-10 index, leading zeros and
 * all (`a.01` is element 1); the engine below would take `01` for a field name and change
 * nothing. Such parts are rewritten to the plain index wherever the document holds an array.
 */
function canonicaliseArrayIndices(doc: Document, modifier: Document): void {
  for (const [op, fields] of Object.entries(modifier)) {
    const spec = fields as Document;
    if (!Object.keys(spec).some((path) => /(^|\.)0\d/.test(path))) continue;
    const rewritten: Document = {};
    for (const [path, value] of Object.entries(spec)) rewritten[canonicalIndexPath(doc, path)] = value;
    modifier[op] = rewritten;
  }
}

function canonicalIndexPath(doc: Document, path: string): string {
  const parts = path.split('.');
  let node: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (Array.isArray(node) && /^\d{1,15}$/.test(part)) {
      const index = Number(part);
      parts[i] = String(index);
      node = node[index];
    } else {
      node = isPlainDocument(node) ? node[part] : undefined;
    }
  }
  return parts.join('.');
}

/** Operators that only remove or shrink what is already at a path (never create it). */
const NON_CREATING_OPERATORS = new Set(['$unset', '$pull', '$pullAll', '$pop']);

/**
 * A path with more parts than a stored document has levels: the engines walk it one level per
 * call, so it is settled here. Nothing stored lies that deep, so removing through it is a no-op;
 * writing through it could only produce a document past the limit, so that is refused.
 */
function dropPathsBeyondStorageDepth(modifier: Document): void {
  for (const [op, fields] of Object.entries(modifier)) {
    const spec = fields as Document;
    for (const path of Object.keys(spec)) {
      if (NON_CREATING_OPERATORS.has(op) || op === '$rename') {
        if (pathExceedsStorageDepth(path)) delete spec[path];
        else if (op === '$rename' && typeof spec[path] === 'string') checkPathDepth(spec[path]);
        continue;
      }
      checkPathDepth(path);
    }
    if (Object.keys(spec).length === 0) delete modifier[op];
  }
}

/** Pipeline-style update (`u` is an array of $set/$unset/$project/$replaceRoot… stages). */
export function applyPipelineUpdate(doc: Document, pipeline: Document[]): Document {
  const out = runPipeline([doc], pipeline);
  const result = out[0];
  if (result === undefined) throw new CommandError('BadValue', 'pipeline update produced no document');
  return result;
}

/** Stages that never modify their input documents (mingo works in place otherwise). */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$count', '$sort', '$skip', '$limit', '$sortByCount', '$sample']);

/**
 * Run a pipeline with mingo, except for top-level `$match` stages (minimongo's Matcher, as for
 * find) and `$sort` stages (MongoDB's BSON order, which mingo's comparison lacks for ObjectId,
 * Long, … across types).
 */
export function runPipeline(docs: Document[], pipeline: Document[], resolver?: CollectionResolver, variables?: Document): Document[] {
  // Inputs are stored documents (or events holding them): mingo must only ever see copies
  // when a stage could modify a document in place.
  checkFieldPathsIn(pipeline);
  const readOnly = pipeline.every((stage) => Object.keys(stage).every((name) => READ_ONLY_STAGES.has(name)));
  let current = docs.map((d) => (readOnly ? normaliseNumbers(d) : cloneDocument(normaliseNumbers(d))));
  const source = resolver;
  const safeResolver = source === undefined ? undefined : (name: string): Document[] => source(name).map((d) => cloneDocument(normaliseNumbers(d)));
  let segment: Document[] = [];
  const flush = (): void => {
    if (segment.length === 0) return;
    try {
      const aggregator = new Aggregator(
        segment.map((s) => normaliseNumbers(s)),
        mingoOptions(safeResolver, variables),
      );
      current = aggregator.run(current) as Document[];
    } catch (error) {
      throw engineError(error, 'aggregation failed');
    }
    segment = [];
  };
  for (const stage of pipeline) {
    const single = Object.keys(stage).length === 1;
    const matchSpec = single ? stage['$match'] : undefined;
    if (isPlainDocument(matchSpec) && !usesExpressions(matchSpec)) {
      // The matcher finds and live queries use, so a change stream filters as they do.
      flush();
      const matcher = compileFilter(matchSpec);
      current = current.filter((doc) => matcher(doc));
      continue;
    }
    const sortSpec = single ? stage['$sort'] : undefined;
    if (sortSpec === undefined) {
      segment.push(stage);
      continue;
    }
    flush();
    const sorter = compileSort(sortSpec);
    if (sorter === null) throw new CommandError('BadValue', '$sort stage must have at least one sort key');
    current = [...current].sort(sorter);
  }
  flush();
  return current;
}

/**
 * Project many documents with one compiled projection (compiling per document is the cost):
 * minimongo's, under MongoDB's rules, operators included. `$elemMatch` and the positional `$`
 * match on number-normalised views, as filters do; the projected values keep their BSON types.
 */
export function projectDocuments(docs: Document[], projection: Document, filter?: Document): Document[] {
  if (docs.length === 0) return [];
  checkFieldPathsIn(projection);
  let project: (doc: Document) => Document;
  try {
    const positional = filter !== undefined && Object.keys(projection).some((path) => path.endsWith('.$'));
    const matcher = positional ? new SelectorMatcher(normaliseNumbers(filter), { semantics: 'mongodb' }) : undefined;
    project = compileProjection(normaliseNumbers(projection) as FieldSpecifier, {
      semantics: 'mongodb',
      matchView: normaliseNumbers,
      ...(matcher !== undefined ? { matcher } : {}),
    });
    return docs.map((doc) => project(doc));
  } catch (error) {
    throw projectionError(error);
  }
}

/** MongoDB's own codes for a projection that mixes inclusion and exclusion; BadValue otherwise. */
function projectionError(error: unknown): CommandError {
  if (error instanceof MinimongoError) {
    if (/^Cannot do inclusion on field .* in exclusion projection/.test(error.message)) return new CommandError('Location31253', error.message);
    if (/^Cannot do exclusion on field .* in inclusion projection/.test(error.message)) return new CommandError('Location31254', error.message);
  }
  return engineError(error, 'invalid projection');
}

export function projectDocument(doc: Document, projection: Document, filter?: Document): Document {
  return projectDocuments([doc], projection, filter)[0] ?? {};
}

export function compileSort(sort: unknown): ((a: Document, b: Document) => number) | null {
  if (sort === undefined || sort === null) return null;
  if (!isPlainDocument(sort)) throw new CommandError('TypeMismatch', "BSON field 'sort' is the wrong type, expected object");
  const fields = Object.entries(sort).map(([path, dir]) => {
    const direction = typeof dir === 'number' ? dir : Number((dir as { valueOf(): unknown }).valueOf());
    if (direction !== 1 && direction !== -1) throw new CommandError('BadValue', `bad sort specification for '${path}'`);
    return { path, direction };
  });
  if (fields.length === 0) return null;
  // The Sorter live queries order results with, under the server's rules.
  const sorter = new Sorter(Object.fromEntries(fields.map(({ path, direction }) => [path, direction])), undefined, { semantics: 'mongodb' });
  return sorter.getComparator();
}
