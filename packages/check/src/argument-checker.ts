import { EnvironmentVariable } from '@perseid/meteor-core';

function isArguments(value: unknown): value is ArrayLike<unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Arguments]';
}

/**
 * Audit mode (audit-argument-checks): records which of a method's arguments went through
 * `check`, by identity. `check(args, [String])` on an array of arguments counts for each of them,
 * as in Meteor. Interned primitives can produce false "checked" positives; that is accepted.
 */
export class ArgumentChecker {
  // Reversed so the common case, checking in argument order, removes from the end.
  readonly #unchecked: unknown[];
  readonly description: string;

  constructor(args: readonly unknown[], description: string) {
    this.#unchecked = [...args].reverse();
    this.description = description;
  }

  /** Called by `check` with every value it checks. */
  checking(value: unknown): void {
    if (this.#checkOne(value)) return;
    if (Array.isArray(value) || isArguments(value)) {
      for (const item of Array.from(value as ArrayLike<unknown>)) this.#checkOne(item);
    }
  }

  throwUnlessAllArgumentsHaveBeenChecked(): void {
    if (this.#unchecked.length > 0) throw new Error(`Did not check() all arguments during ${this.description}`);
  }

  #checkOne(value: unknown): boolean {
    const index = this.#unchecked.findIndex((arg) => arg === value || (Number.isNaN(arg) && Number.isNaN(value)));
    if (index < 0) return false;
    this.#unchecked.splice(index, 1);
    return true;
  }
}

/** The checker `check` reports to; set by `failIfArgumentsAreNotAllChecked`. */
export const currentArgumentChecker = new EnvironmentVariable<ArgumentChecker>();

/**
 * Runs `fn.apply(context, args)` and throws `Did not check() all arguments during
 * <description>` if it returned (or its promise fulfilled) without every argument having been
 * passed to `check`. ddp-server calls this for every method and publication in audit mode.
 */
export function failIfArgumentsAreNotAllChecked<R>(fn: (...args: unknown[]) => R, context: unknown, args: readonly unknown[], description: string): R {
  const checker = new ArgumentChecker(args, description);
  const result = currentArgumentChecker.withValue(checker, () => fn.apply(context, [...args]));
  if (result instanceof Promise) {
    return result.then((value: unknown) => {
      checker.throwUnlessAllArgumentsHaveBeenChecked();
      return value;
    }) as R;
  }
  checker.throwUnlessAllArgumentsHaveBeenChecked();
  return result;
}
