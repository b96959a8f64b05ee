import { currentArgumentChecker, failIfArgumentsAreNotAllChecked } from '@perseid/check';

/**
 * audit-argument-checks on top of `@perseid/check`'s ArgumentChecker: `check` reports what it
 * checked; schema validation (defineMethod) reports here, so both count.
 */

/** Tells the running method's audit that `value` was validated; a no-op outside an audit. */
export function markArgumentChecked(value: unknown): void {
  currentArgumentChecker.get()?.checking(value);
}

/** Runs a body under an audit of `args`; it fails if it finishes with any argument unchecked. */
export async function runWithArgumentAudit<R>(description: string, args: readonly unknown[], body: () => R | Promise<R>): Promise<Awaited<R>> {
  return await failIfArgumentsAreNotAllChecked(() => body(), undefined, args, description);
}

/** Wraps a method handler so every call is audited; `this` passes through. */
export function withArgumentAudit<T, A extends unknown[], R>(name: string, handler: (this: T, ...args: A) => R | Promise<R>) {
  return function (this: T, ...args: A): Promise<Awaited<R>> {
    return runWithArgumentAudit(`method '${name}'`, args, () => handler.apply(this, args));
  };
}

/** The same method map with every handler audited (for `Meteor.methods` in audit mode). */
// biome-ignore lint/suspicious/noExplicitAny: method maps mix handler signatures, which `never[]`/`unknown` cannot express
export function auditedMethods<H extends { [name: string]: (...args: any[]) => unknown }>(handlers: H): H {
  const out: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] = withArgumentAudit(name, handler as (this: unknown, ...args: unknown[]) => unknown);
  }
  return out as H;
}

/**
 * Meteor's audit-argument-checks is a package: auditing is on exactly when the app lists it in
 * `.meteor/packages`, in every mode. The tool loads `meteor/audit-argument-checks` before any app
 * module when it is listed, which moves this from `absent` to `listed`.
 */
type AuditPackageState = 'absent' | 'listed';
let auditPackage: AuditPackageState = 'absent';

/** What loading the audit-argument-checks package does; idempotent. */
export function enableArgumentAuditPackage(): void {
  auditPackage = 'listed';
}

/** Back to an app without the package (tests that enable it restore this). */
export function resetArgumentAuditPackageForTests(): void {
  auditPackage = 'absent';
}

/**
 * Whether `Meteor.methods` should audit: when the audit-argument-checks package is listed;
 * `settings.packages['audit-argument-checks'].enabled` overrides either way.
 */
export function shouldAuditArgumentChecks(meteor: { settings?: unknown }): boolean {
  const packages = (meteor.settings as { packages?: Record<string, unknown> } | undefined)?.packages;
  const enabled = (packages?.['audit-argument-checks'] as { enabled?: unknown } | undefined)?.enabled;
  return typeof enabled === 'boolean' ? enabled : auditPackage === 'listed';
}
