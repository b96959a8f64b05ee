import { EnvironmentVariable } from '@perseid/meteor-core';
import { MeteorError } from '@perseid/meteor-core';

/**
 * Meteor's audit-argument-checks: while a method runs, every argument must pass through
 * `check` (or a schema validation) before the method returns, or the call fails. Arrays
 * (and the arguments list) count element by element, as in Meteor.
 */
export class ArgumentChecker {
  private readonly unchecked: unknown[];
  readonly description: string;

  constructor(args: readonly unknown[], description: string) {
    this.unchecked = [...args];
    this.description = description;
  }

  checking(value: unknown): void {
    if (this.checkOne(value)) return;
    if (Array.isArray(value)) for (const element of value) this.checkOne(element);
  }

  private checkOne(value: unknown): boolean {
    for (let i = 0; i < this.unchecked.length; i++) {
      const candidate = this.unchecked[i];
      if (candidate === value || (Number.isNaN(candidate) && Number.isNaN(value))) {
        this.unchecked.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  allChecked(): boolean {
    return this.unchecked.length === 0;
  }

  throwUnlessAllChecked(): void {
    if (!this.allChecked()) {
      throw new MeteorError(400, 'Did not check() all arguments', { method: this.description });
    }
  }
}

const currentChecker = new EnvironmentVariable<ArgumentChecker>();

/** Tells the running method's audit that `value` was checked; a no-op outside an audit. */
export function markArgumentChecked(value: unknown): void {
  currentChecker.get()?.checking(value);
}

/**
 * Runs a method body under an argument audit; when it returns (or resolves) with any argument
 * unchecked, the call fails instead. Errors the body throws itself pass through unchanged.
 */
export async function runWithArgumentAudit<R>(description: string, args: readonly unknown[], body: () => R | Promise<R>): Promise<Awaited<R>> {
  const checker = new ArgumentChecker(args, description);
  const result = await currentChecker.withValue(checker, async () => await body());
  checker.throwUnlessAllChecked();
  return result;
}

/** Wraps a method handler so it runs under the audit; `this` passes through. */
export function withArgumentAudit<T, A extends unknown[], R>(name: string, handler: (this: T, ...args: A) => R | Promise<R>) {
  return function (this: T, ...args: A): Promise<Awaited<R>> {
    return runWithArgumentAudit(`method '${name}'`, args, () => handler.apply(this, args));
  };
}
