import { ObjectID } from '@perseid/ejson';
import { MinimongoError } from './errors';
import { bitPositions, bitsTest, compileRegexOperator, inequalityTest, regexTest, typeTest, type Semantics } from './element-operators';
import { compileNear, type NearQuery } from './geo-near';
import { isNumericKey, lookupBranches } from './document-paths';
import {
  andAll,
  describe,
  elementPredicate,
  equalityPredicate,
  isOperatorObject,
  nearestDistance,
  validateArrayOperators,
  type DocPredicate,
} from './field-predicates';
import { isPlainObject, valuesEqual, type Document } from './value-types';

export { isOperatorObject } from './field-predicates';

/**
 * What `find`, `update` and `remove` accept as a selector: a query document, an id (shorthand
 * for `{ _id: id }`), or a function called with the document as `this`.
 */
export type Selector = Document | string | number | ObjectID | SelectorFunction | null | undefined;
export type SelectorFunction = (this: Document, doc: Document) => unknown;

export interface MatcherOptions {
  /**
   * `'mongodb'`: the database server's rules where Meteor's client deliberately differs
   * (`$type` codes of integers and BSON-only types, `$type: 'array'` matching the array
   * itself, a falsy `_id` in the selector selecting by that value). Default `'meteor'`.
   */
  readonly semantics?: Semantics;
}

interface MatchResult {
  readonly result: boolean;
  /** The array positions of the first matching branch, for the positional `$` update operator. */
  readonly arrayIndices?: readonly number[];
}

/**
 * The field operators, all ours: equality-family operators use EJSON equality (key-order
 * sensitive, EJSON custom types, Meteor's null-through-arrays rule); `$mod` matches numbers
 * only, where JavaScript's `%` would also take `null`, `false` and `''` for 0.
 */
const OWN_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$not',
  '$type',
  '$regex',
  '$options',
  '$elemMatch',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$bitsAllSet',
  '$bitsAnySet',
  '$bitsAllClear',
  '$bitsAnyClear',
  '$exists',
  '$size',
  '$all',
  '$mod',
]);

interface CompileState {
  hasWhere: boolean;
  isSimple: boolean;
  readonly paths: Set<string>;
}

/**
 * A compiled minimongo selector: every operator is compiled here into a closure over the
 * document (see `OWN_OPERATORS`), by Meteor's rules or, with `semantics: 'mongodb'`, the
 * database server's where the two deliberately differ.
 */
export class Matcher {
  readonly #predicate: DocPredicate;
  readonly #state: CompileState;
  /**
   * Field conditions that can bind the positional `$` operator, in selector order: positive
   * conditions at top level, inside `$and`, or in a single-clause `$or` (as Meteor).
   */
  readonly #positional: Array<{ readonly path: string; readonly predicate: DocPredicate }>;
  /** The selector's `$near` clause: documents sort by distance to it when no sort is given. */
  #near: { readonly parts: string[]; readonly query: NearQuery } | undefined;
  /** How deep inside `$and`/`$or`/`$nor`/`$not` compilation is (`$near` must be at the top). */
  #nesting = 0;
  readonly #semantics: Semantics;

  constructor(selector: Selector, options: MatcherOptions = {}) {
    this.#semantics = options.semantics ?? 'meteor';
    this.#state = { hasWhere: false, isSimple: true, paths: new Set() };
    this.#positional = [];
    this.#predicate = this.#compileTop(selector);
  }

  documentMatches(doc: Document): MatchResult {
    return { result: this.#predicate(doc) };
  }

  /** True when the selector contains `$where` or is a function: it may read any field. */
  hasWhere(): boolean {
    return this.#state.hasWhere;
  }

  /** True when the selector is only equality on top-level fields (no operators, no dots). */
  isSimple(): boolean {
    return this.#state.isSimple;
  }

  /** True when the selector has a `$near` clause. */
  hasGeoQuery(): boolean {
    return this.#near !== undefined;
  }

  /**
   * Distance from the `$near` point to the closest location the document holds at that path
   * (undefined without a `$near` clause or a location).
   */
  nearDistance(doc: Document): number | undefined {
    const near = this.#near;
    if (near === undefined) return undefined;
    return nearestDistance(near.query, lookupBranches(doc, near.parts));
  }

  /** The dotted paths the selector reads; `''` means "the whole document". */
  getPaths(): string[] {
    return [...this.#state.paths];
  }

  /**
   * Whether applying `modifier` could change this selector's answer for some document (false
   * means a modified document's match status is certainly unchanged).
   */
  affectedByModifier(modifier: Document): boolean {
    if (this.#state.hasWhere || this.#state.paths.has('')) return true;
    const selectorPaths = [...this.#state.paths].map(stripIndices);
    for (const [operator, spec] of Object.entries(modifier)) {
      if (!isPlainObject(spec)) return true;
      const touched = Object.keys(spec);
      if (operator === '$rename') for (const v of Object.values(spec)) touched.push(String(v));
      for (const path of touched.map(stripIndices)) {
        for (const selectorPath of selectorPaths) {
          if (isPrefixPath(path, selectorPath) || isPrefixPath(selectorPath, path)) return true;
        }
      }
    }
    return false;
  }

  /**
   * For the positional update operator: the index within the array at `arrayPath` of the
   * first element that satisfies this selector's conditions on that array.
   */
  firstMatchingIndex(doc: Document, arrayPath: string): number | undefined {
    const array = lookupBranches(doc, arrayPath.split('.'))[0]?.value;
    if (!Array.isArray(array)) return undefined;
    // The last condition on this array decides, as in MongoDB and Meteor.
    const condition = this.#positional.findLast(({ path }) => path === arrayPath || path.startsWith(`${arrayPath}.`));
    if (condition === undefined) return undefined;
    const probe = (i: number): Document => replaceAt(doc, arrayPath.split('.'), [array[i]]);
    // After `$near`, Meteor binds `$` to the array's first element, never to the closest
    // point (meteor/meteor#3599): distance orders documents, it does not pick elements.
    if (condition.path === this.#near?.parts.join('.')) return array.length > 0 ? 0 : undefined;
    for (let i = 0; i < array.length; i++) {
      if (condition.predicate(probe(i))) return i;
    }
    return undefined;
  }

  #compileTop(selector: Selector): DocPredicate {
    if (typeof selector === 'function') {
      this.#state.hasWhere = true;
      this.#state.isSimple = false;
      this.#state.paths.add('');
      const fn = selector;
      return (doc) => Boolean(fn.call(doc, doc));
    }
    if (typeof selector === 'string' || typeof selector === 'number' || selector instanceof ObjectID) {
      this.#state.paths.add('_id');
      const id = selector;
      return (doc) => valuesEqual(doc._id, id);
    }
    // Meteor: a falsy selector (`undefined`, `null`, `false`), or one whose `_id` is falsy,
    // matches nothing (a guard against `remove({ _id: undefined })` deleting everything).
    const given: unknown = selector;
    if (!given) {
      this.#state.isSimple = false;
      return () => false;
    }
    if (given === true || Array.isArray(given) || given instanceof Uint8Array || typeof given !== 'object') {
      throw new MinimongoError('minimongo.bad-selector', `Invalid selector: ${describe(given)}`);
    }
    // Any other object selects by its own fields, as Meteor's matcher reads them (a Promise has
    // none, so it matches every document there too).
    if (!isPlainObject(given)) return this.#compileTop({ ...(given as Document) });
    if (this.#semantics === 'meteor' && '_id' in given && !given._id) {
      this.#state.isSimple = false;
      return () => false;
    }
    return this.#compileDocument(given, true);
  }

  /** `positional`: whether this document's field conditions may bind the `$` update operator. */
  #compileDocument(selector: Document, positional: boolean): DocPredicate {
    const predicates: DocPredicate[] = [];
    for (const [key, value] of Object.entries(selector)) {
      if (key.startsWith('$')) {
        const predicate = this.#compileLogical(key, value, positional);
        if (predicate !== undefined) predicates.push(predicate);
        continue;
      }
      this.#state.paths.add(key);
      if (key.includes('.')) this.#state.isSimple = false;
      const predicate = this.#compileField(key, value);
      if (positional && !isNegation(value)) this.#positional.push({ path: key, predicate });
      predicates.push(predicate);
    }
    return andAll(predicates);
  }

  #compileLogical(operator: string, value: unknown, positional: boolean): DocPredicate | undefined {
    this.#state.isSimple = false;
    switch (operator) {
      case '$comment':
        return undefined;
      case '$and':
      case '$or':
      case '$nor': {
        if (!Array.isArray(value) || value.length === 0) {
          throw new MinimongoError('minimongo.bad-selector', '$and/$or/$nor must be nonempty array');
        }
        const parts = value.map((sub) => {
          if (!isPlainObject(sub)) {
            throw new MinimongoError('minimongo.bad-selector', '$or/$and/$nor entries need to be full objects');
          }
          const bindsPositional = positional && (operator === '$and' || (operator === '$or' && value.length === 1));
          this.#nesting++;
          try {
            return this.#compileDocument(sub, bindsPositional);
          } finally {
            this.#nesting--;
          }
        });
        if (operator === '$and') return andAll(parts);
        if (operator === '$or') return (doc) => parts.some((p) => p(doc));
        return (doc) => !parts.some((p) => p(doc));
      }
      case '$where': {
        // A server must never compile script handed to it by a client.
        if (this.#semantics === 'mongodb') throw new MinimongoError('minimongo.bad-selector', '$where is not allowed in this context');
        this.#state.hasWhere = true;
        this.#state.paths.add('');
        const fn = compileWhere(value);
        return (doc) => Boolean(fn.call(doc, doc));
      }
      default:
        throw new MinimongoError('minimongo.bad-selector', `Unrecognized logical operator: ${operator}`);
    }
  }

  #compileField(path: string, value: unknown): DocPredicate {
    const parts = path.split('.');
    if (value instanceof RegExp) {
      this.#state.isSimple = false;
      return elementPredicate(parts, regexTest(value));
    }
    if (!isOperatorObject(value)) return equalityPredicate(parts, value);
    this.#state.isSimple = false;
    validateArrayOperators(value);
    const own: DocPredicate[] = [];
    if ('$near' in value) own.push(this.#compileNear(parts, value.$near, value.$maxDistance));
    for (const [operator, operand] of Object.entries(value)) {
      if (operator === '$near' || operator === '$maxDistance') {
        if (!('$near' in value)) throw new MinimongoError('minimongo.bad-selector', '$maxDistance needs a $near');
      } else if (OWN_OPERATORS.has(operator)) {
        own.push(this.#compileOwnOperator(parts, path, operator, operand, value));
      } else if (operator === '$nearSphere' || operator === '$geoWithin' || operator === '$geoIntersects') {
        throw new MinimongoError('minimongo.bad-selector', `${operator} is not supported by this minimongo`);
      } else {
        throw new MinimongoError('minimongo.bad-selector', `Unrecognized operator: ${operator}`);
      }
    }
    return andAll(own);
  }

  #compileNear(parts: string[], near: unknown, maxDistance: unknown): DocPredicate {
    if (this.#nesting > 0) {
      throw new MinimongoError('minimongo.bad-selector', '$near cannot be inside $and, $or, $nor or $not');
    }
    if (this.#near !== undefined) throw new MinimongoError('minimongo.bad-selector', 'Only one $near is allowed');
    const query = compileNear(near, maxDistance);
    this.#near = { parts, query };
    return (doc) => {
      const distance = nearestDistance(query, lookupBranches(doc, parts));
      return distance !== undefined && (query.maxDistance === undefined || distance <= query.maxDistance);
    };
  }

  #compileOwnOperator(parts: string[], path: string, operator: string, operand: unknown, siblings: Document): DocPredicate {
    switch (operator) {
      case '$regex':
        return elementPredicate(parts, regexTest(compileRegexOperator(operand, siblings.$options, this.#semantics)));
      case '$options':
        if (!('$regex' in siblings)) throw new MinimongoError('minimongo.bad-selector', '$options needs a $regex');
        return () => true;
      case '$bitsAllSet':
      case '$bitsAnySet':
      case '$bitsAllClear':
      case '$bitsAnyClear':
        return elementPredicate(parts, bitsTest(operator, bitPositions(operator, operand)), false);
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return elementPredicate(parts, inequalityTest(operator, operand));
      case '$elemMatch':
        return elemMatchPredicate(parts, operand, this.#semantics);
      case '$exists': {
        // Present along some branch (a null counts); `false` is its negation, as in MongoDB.
        const wanted = Boolean(operand);
        return (doc) => lookupBranches(doc, parts).some((branch) => branch.value !== undefined) === wanted;
      }
      case '$size': {
        // The array reached by the path, never an array nested inside it.
        const size = operand as number;
        return (doc) => lookupBranches(doc, parts).some((branch) => Array.isArray(branch.value) && branch.value.length === size);
      }
      case '$mod': {
        const [divisor, remainder] = operand as [number, number];
        return elementPredicate(parts, (value) => typeof value === 'number' && value % divisor === remainder);
      }
      case '$all': {
        const elements = operand as unknown[];
        if (elements.length === 0) return () => false;
        return andAll(
          elements.map((element) =>
            isPlainObject(element) && '$elemMatch' in element
              ? elemMatchPredicate(parts, element.$elemMatch, this.#semantics)
              : equalityPredicate(parts, element),
          ),
        );
      }
      case '$type':
        // Meteor's rule: a leaf array is not itself of type array, only its elements are
        // examined (an array reached by a numeric index is examined itself). MongoDB since
        // 3.6 examines the array too.
        return elementPredicate(parts, typeTest(operand, this.#semantics), this.#semantics === 'mongodb');
      case '$eq':
        return equalityPredicate(parts, operand);
      case '$ne': {
        const eq = equalityPredicate(parts, operand);
        return (doc) => !eq(doc);
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand)) {
          throw new MinimongoError('minimongo.bad-selector', `${operator} needs an array`);
        }
        const alternatives = operand.map((candidate) => {
          if (isOperatorObject(candidate)) {
            throw new MinimongoError('minimongo.bad-selector', `cannot nest $ under ${operator}`);
          }
          return candidate instanceof RegExp ? elementPredicate(parts, regexTest(candidate)) : equalityPredicate(parts, candidate);
        });
        const anyOf: DocPredicate = (doc) => alternatives.some((p) => p(doc));
        return operator === '$in' ? anyOf : (doc) => !anyOf(doc);
      }
      case '$not': {
        if (!(operand instanceof RegExp) && !isOperatorObject(operand)) {
          throw new MinimongoError('minimongo.bad-selector', '$not needs a regex or a document');
        }
        this.#nesting++;
        try {
          const inner = this.#compileField(path, operand);
          return (doc) => !inner(doc);
        } finally {
          this.#nesting--;
        }
      }
      default:
        throw new MinimongoError('minimongo.bad-selector', `Unrecognized operator: ${operator}`);
    }
  }
}

/** Conditions that match by a value's absence cannot tell which array element matched. */
function isNegation(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).some((k) => k === '$ne' || k === '$nin' || k === '$not');
}

const LOGICAL_KEYS = new Set(['$and', '$or', '$nor', '$where', '$comment']);

/**
 * `$elemMatch`: some element of an array at the path satisfies the whole operand. An operand of
 * value operators (`{ $gt: 5 }`) applies to the element itself, which is not iterated if it is an
 * array; any other operand is a query on the element as a document (arrays count, by index).
 */
function elemMatchPredicate(parts: string[], operand: unknown, semantics: Semantics): DocPredicate {
  if (!isPlainObject(operand)) throw new MinimongoError('minimongo.bad-selector', '$elemMatch need an object');
  const keys = Object.keys(operand);
  const valueMode = keys.length > 0 && keys.every((k) => k.startsWith('$') && !LOGICAL_KEYS.has(k));
  // The element is wrapped so the path `v.0` reaches it through an array index, which is what
  // keeps an array element from being expanded into its own elements.
  const inner = valueMode ? new Matcher({ 'v.0': operand }, { semantics }) : new Matcher(operand, { semantics });
  const test = valueMode
    ? (element: unknown) => inner.documentMatches({ v: [element] }).result
    : (element: unknown) => (isPlainObject(element) || Array.isArray(element)) && inner.documentMatches(element as Document).result;
  return (doc) => lookupBranches(doc, parts).some((branch) => Array.isArray(branch.value) && branch.value.some(test));
}

function compileWhere(value: unknown): SelectorFunction {
  if (typeof value === 'function') return value as SelectorFunction;
  if (typeof value === 'string') {
    // Meteor evaluates string `$where` clauses with the document bound both as `this` and `obj`.
    // Compiling a string needs script evaluation, which the page's default Content-Security-Policy
    // (no 'unsafe-eval') forbids; there the clause is refused with a clear error and the policy
    // stays strict. A function-valued `$where` needs no evaluation and works everywhere.
    let body: (this: Document, obj: Document) => unknown;
    try {
      body = new Function('obj', `return ${value}`) as typeof body;
    } catch (error) {
      if (error instanceof EvalError) {
        throw new MinimongoError(
          'minimongo.bad-selector',
          "A string $where needs script evaluation, which this page's Content-Security-Policy forbids; pass a function instead",
        );
      }
      throw new MinimongoError('minimongo.bad-selector', `$where string does not compile: ${(error as Error).message}`);
    }
    return function where(this: Document, doc: Document) {
      return body.call(this, doc);
    };
  }
  throw new MinimongoError('minimongo.bad-selector', '$where needs a function or a string');
}

function stripIndices(path: string): string {
  return path
    .split('.')
    .filter((part) => !isNumericKey(part) && part !== '$')
    .join('.');
}

function isPrefixPath(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** A shallow copy of `doc` with the value at `parts` replaced (plain objects along the way). */
function replaceAt(doc: Document, parts: string[], value: unknown): Document {
  const [head, ...rest] = parts;
  if (head === undefined) return doc;
  const copy: Document = { ...doc };
  const child = doc[head];
  copy[head] = rest.length === 0 ? value : isPlainObject(child) ? replaceAt(child, rest, value) : child;
  return copy;
}
