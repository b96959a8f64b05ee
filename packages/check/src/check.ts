import { currentArgumentChecker, failIfArgumentsAreNotAllChecked } from './argument-checker';
import { MatchError } from './match-error';
import { matchPattern } from './match-pattern';
import {
  AnyMatcher,
  IntegerMatcher,
  MaybeMatcher,
  ObjectIncludingMatcher,
  ObjectWithValuesMatcher,
  OneOfMatcher,
  OptionalMatcher,
  WhereMatcher,
  type ObjectMatch,
  type Pattern,
  type PatternMatch,
} from './patterns';

/**
 * Throws `Match.Error` unless `value` matches `pattern`; narrows `value` when it returns.
 * Also tells the current audit-mode ArgumentChecker that `value` was checked.
 */
export function check<const P extends Pattern>(value: unknown, pattern: P): asserts value is PatternMatch<P> {
  currentArgumentChecker.get()?.checking(value);
  const failure = matchPattern(value, pattern);
  if (failure) throw new MatchError(failure.message, failure.path);
}

function where<T>(condition: (value: unknown) => value is T): WhereMatcher<T>;
function where(condition: (value: unknown) => boolean): WhereMatcher<unknown>;
function where(condition: (value: unknown) => boolean): WhereMatcher<unknown> {
  if (typeof condition !== 'function') throw new TypeError('Match.Where expects a function');
  return new WhereMatcher(condition);
}

/** Meteor's `Match` namespace. */
export const Match = {
  /** Matches anything. */
  Any: new AnyMatcher(),
  /** A signed 32-bit integer. */
  Integer: new IntegerMatcher(),
  /** `undefined` or `pattern`; in an object: the key may be absent. */
  Optional<const P extends Pattern>(pattern: P): OptionalMatcher<PatternMatch<P>> {
    return new OptionalMatcher(pattern);
  },
  /** `undefined`, `null` or `pattern`; in an object: the key may be absent. */
  Maybe<const P extends Pattern>(pattern: P): MaybeMatcher<PatternMatch<P>> {
    return new MaybeMatcher(pattern);
  },
  /** Any one of the patterns. */
  OneOf<const P extends readonly Pattern[]>(...choices: P): OneOfMatcher<PatternMatch<P[number]>> {
    return new OneOfMatcher(choices);
  },
  /** `condition(value)` must return true (or throw `Match.Error` to fail with its own message). */
  Where: where,
  /** A plain object with these keys; other keys are allowed. */
  ObjectIncluding<const P extends { readonly [key: string]: Pattern }>(pattern: P): ObjectIncludingMatcher<ObjectMatch<P> & Record<string, unknown>> {
    return new ObjectIncludingMatcher(pattern);
  },
  /** A plain object whose every value matches `pattern`. */
  ObjectWithValues<const P extends Pattern>(pattern: P): ObjectWithValuesMatcher<PatternMatch<P>> {
    return new ObjectWithValuesMatcher(pattern);
  },
  Error: MatchError,
  /** True when `value` matches; never throws a Match.Error and does not count for audit mode. */
  test<const P extends Pattern>(value: unknown, pattern: P): value is PatternMatch<P> {
    return matchPattern(value, pattern) === null;
  },
  /** Meteor's hook for audit-argument-checks (see failIfArgumentsAreNotAllChecked). */
  _failIfArgumentsAreNotAllChecked: failIfArgumentsAreNotAllChecked,
};

/** Meteor's typings expose these under `Match`: `Match.Pattern`, `Match.PatternMatch<P>`, `Match.Error`. */
export declare namespace Match {
  type Pattern = import('./patterns').Pattern;
  type PatternMatch<P> = import('./patterns').PatternMatch<P>;
  type Error = import('./match-error').MatchError;
}
