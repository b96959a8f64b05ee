/*
 * Pattern objects. Each class carries its matched type as a phantom parameter so
 * `check(value, pattern)` can narrow `value` (see PatternMatch).
 */

declare const matchedType: unique symbol;
declare const innerType: unique symbol;

/** Base of every Match.* pattern object. */
export abstract class Matcher<T> {
  declare readonly [matchedType]: T;
}

export class AnyMatcher extends Matcher<unknown> {}

/** Signed 32-bit integers only, as Meteor's `(value | 0) === value`. */
export class IntegerMatcher extends Matcher<number> {}

export class OptionalMatcher<T> extends Matcher<T | undefined> {
  /** The inner pattern's type: what a present object key must hold. */
  declare readonly [innerType]: T;
  constructor(readonly pattern: Pattern) {
    super();
  }
}

export class MaybeMatcher<T> extends Matcher<T | undefined | null> {
  declare readonly [innerType]: T;
  constructor(readonly pattern: Pattern) {
    super();
  }
}

export class OneOfMatcher<T> extends Matcher<T> {
  readonly choices: readonly Pattern[];

  constructor(choices: readonly Pattern[]) {
    super();
    if (choices.length === 0) throw new Error('Must provide at least one choice to Match.OneOf');
    this.choices = choices;
  }
}

export class WhereMatcher<T> extends Matcher<T> {
  constructor(readonly condition: (value: unknown) => boolean) {
    super();
  }
}

export class ObjectIncludingMatcher<T> extends Matcher<T> {
  constructor(readonly pattern: { readonly [key: string]: Pattern }) {
    super();
  }
}

export class ObjectWithValuesMatcher<T> extends Matcher<Record<string, T>> {
  constructor(readonly pattern: Pattern) {
    super();
  }
}

/** A class used as a pattern: the value must be an instance of it. */
export type ConstructorPattern = abstract new (...args: never[]) => unknown;

/** Everything `check` accepts as a pattern. */
export type Pattern =
  | StringConstructor
  | NumberConstructor
  | BooleanConstructor
  | FunctionConstructor
  | ObjectConstructor
  | ConstructorPattern
  | Matcher<unknown>
  | undefined
  | null
  | string
  | number
  | boolean
  | readonly [Pattern]
  | { readonly [key: string]: Pattern };

type OptionalKeys<T> = {
  [K in keyof T]: T[K] extends OptionalMatcher<unknown> | MaybeMatcher<unknown> ? K : never;
}[keyof T];

export type ObjectMatch<T> = { -readonly [K in Exclude<keyof T, OptionalKeys<T>>]: PatternMatch<T[K]> } & {
  -readonly [K in OptionalKeys<T>]?: T[K] extends { readonly [innerType]: infer Inner } ? Inner : never;
};

/** The TypeScript type of a value that matches pattern `P`. */
export type PatternMatch<P> =
  P extends Matcher<infer T>
    ? T
    : P extends StringConstructor
      ? string
      : P extends NumberConstructor
        ? number
        : P extends BooleanConstructor
          ? boolean
          : P extends FunctionConstructor
            ? (...args: never[]) => unknown
            : P extends ObjectConstructor
              ? Record<string, unknown>
              : P extends undefined | null | string | number | boolean
                ? P
                : P extends readonly [infer Item]
                  ? PatternMatch<Item>[]
                  : P extends abstract new (
                        ...args: never[]
                      ) => infer Instance
                    ? Instance
                    : P extends { readonly [key: string]: Pattern }
                      ? ObjectMatch<P>
                      : never;
