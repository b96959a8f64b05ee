import { EJSON } from '@perseid/ejson';
import { prependPath } from './key-path';
import { MatchError } from './match-error';
import {
  AnyMatcher,
  IntegerMatcher,
  MaybeMatcher,
  ObjectIncludingMatcher,
  ObjectWithValuesMatcher,
  OneOfMatcher,
  OptionalMatcher,
  WhereMatcher,
  type Pattern,
} from './patterns';

/** Why a value failed: Meteor's message and the path of the failing key ('' at the top). */
export interface MatchFailure {
  message: string;
  path: string;
}

const TYPEOF_PATTERNS = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
  [Function, 'function'],
  [undefined, 'undefined'],
]);

/** How Meteor shows a value in a message: EJSON text, or the type when it cannot be printed. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  try {
    return String(EJSON.stringify(value));
  } catch {
    return typeof value;
  }
}

function fail(message: string, path = ''): MatchFailure {
  return { message, path };
}

function isPlainObject(value: object): boolean {
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return true;
  const ctor: unknown = Object.hasOwn(proto as object, 'constructor') ? (proto as { constructor: unknown }).constructor : undefined;
  return typeof ctor === 'function' && Function.prototype.toString.call(ctor) === Function.prototype.toString.call(Object);
}

function isArguments(value: unknown): value is ArrayLike<unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Arguments]';
}

/** Tests `value` against `pattern`; null when it matches, else the first failure. */
export function matchPattern(value: unknown, pattern: Pattern): MatchFailure | null {
  if (pattern instanceof AnyMatcher) return null;

  const expectedType = TYPEOF_PATTERNS.get(pattern);
  if (expectedType !== undefined || pattern === undefined) {
    if (typeof value === expectedType) return null;
    return fail(`Expected ${expectedType ?? 'undefined'}, got ${value === null ? 'null' : typeof value}`);
  }

  if (pattern === null) return value === null ? null : fail(`Expected null, got ${describe(value)}`);

  if (typeof pattern === 'string' || typeof pattern === 'number' || typeof pattern === 'boolean') {
    return value === pattern ? null : fail(`Expected ${String(pattern)}, got ${describe(value)}`);
  }

  if (pattern instanceof IntegerMatcher) {
    if (typeof value === 'number' && (value | 0) === value) return null;
    return fail(`Expected Integer, got ${describe(value)}`);
  }

  const effective: Pattern = pattern === Object ? new ObjectIncludingMatcher({}) : pattern;

  if (Array.isArray(effective)) return matchArray(value, effective as readonly Pattern[]);

  if (effective instanceof WhereMatcher) return matchWhere(value, effective);

  if (effective instanceof MaybeMatcher) return matchOneOf(value, [undefined, null, effective.pattern]);
  if (effective instanceof OptionalMatcher) return matchOneOf(value, [undefined, effective.pattern]);
  if (effective instanceof OneOfMatcher) return matchOneOf(value, effective.choices);

  if (typeof effective === 'function') {
    if (value instanceof (effective as abstract new (...args: never[]) => unknown)) return null;
    return fail(`Expected ${effective.name || 'particular constructor'}`);
  }

  return matchObject(value, effective);
}

function matchArray(value: unknown, pattern: readonly Pattern[]): MatchFailure | null {
  if (pattern.length !== 1) return fail(`Bad pattern: arrays must have one type element ${describe(pattern)}`);
  if (!Array.isArray(value) && !isArguments(value)) return fail(`Expected array, got ${describe(value)}`);
  const items = value as ArrayLike<unknown>;
  for (let i = 0; i < items.length; i++) {
    const failure = matchPattern(items[i], pattern[0] as Pattern);
    if (failure) return { message: failure.message, path: prependPath(i, failure.path) };
  }
  return null;
}

function matchWhere(value: unknown, pattern: WhereMatcher<unknown>): MatchFailure | null {
  let result: boolean;
  try {
    result = pattern.condition(value);
  } catch (error) {
    // A condition may itself call check(); report its failure as if it were ours (without
    // nesting a second "Match error:" prefix). Any other exception is a bug and propagates.
    if (!(error instanceof MatchError)) throw error;
    return fail(stripPrefix(error), error.path);
  }
  return result ? null : fail('Failed Match.Where validation');
}

function stripPrefix(error: MatchError): string {
  let message = error.message.replace(/^Match error: /, '');
  const suffix = error.path ? ` in field ${error.path}` : '';
  if (suffix && message.endsWith(suffix)) message = message.slice(0, -suffix.length);
  return message;
}

function matchOneOf(value: unknown, choices: readonly Pattern[]): MatchFailure | null {
  for (const choice of choices) {
    if (!matchPattern(value, choice)) return null;
  }
  return fail('Failed Match.OneOf, Match.Maybe or Match.Optional validation');
}

function matchObject(value: unknown, pattern: Pattern): MatchFailure | null {
  let keysPattern: Pattern = pattern;
  let unknownKeysAllowed = false;
  let unknownKeyPattern: { pattern: Pattern } | undefined;
  if (keysPattern instanceof ObjectIncludingMatcher) {
    unknownKeysAllowed = true;
    keysPattern = keysPattern.pattern;
  } else if (keysPattern instanceof ObjectWithValuesMatcher) {
    unknownKeysAllowed = true;
    unknownKeyPattern = { pattern: keysPattern.pattern };
    keysPattern = {};
  }
  if (typeof keysPattern !== 'object' || keysPattern === null) return fail('Bad pattern: unknown pattern type');

  if (typeof value !== 'object') return fail(`Expected object, got ${typeof value}`);
  if (value === null) return fail('Expected object, got null');
  if (!isPlainObject(value)) return fail('Expected plain object');

  const required = new Map<string, Pattern>();
  const optional = new Map<string, Pattern>();
  for (const [key, sub] of Object.entries(keysPattern as Record<string, Pattern>)) {
    // Inside an object, Optional/Maybe mean "the key may be absent": a key that is present must
    // match the inner pattern, so `{a: undefined}` fails `{a: Match.Optional(String)}` (Meteor).
    if (sub instanceof OptionalMatcher || sub instanceof MaybeMatcher) optional.set(key, sub.pattern);
    else required.set(key, sub);
  }

  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (required.has(key) || optional.has(key)) {
      const sub = required.has(key) ? required.get(key) : optional.get(key);
      const failure = matchPattern(record[key], sub as Pattern);
      if (failure) return { message: failure.message, path: prependPath(key, failure.path) };
      required.delete(key);
    } else if (!unknownKeysAllowed) {
      return fail('Unknown key', prependPath(key, ''));
    } else if (unknownKeyPattern) {
      const failure = matchPattern(record[key], unknownKeyPattern.pattern);
      if (failure) return { message: failure.message, path: prependPath(key, failure.path) };
    }
  }

  const [missing] = required.keys();
  if (missing !== undefined) return fail(`Missing key '${missing}'`);
  return null;
}
