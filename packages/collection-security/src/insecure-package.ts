/**
 * Meteor's insecure package: while the app lists it, a client may insert, update and remove
 * documents of every collection on which no `allow` or `deny` rule was ever declared (updates
 * and removes still by `_id` only). The first `allow`/`deny` call on a collection restricts it
 * for good. Decided once, before the app's modules load, by the facade module `meteor/insecure`.
 */
type InsecureState = 'absent' | 'listed';

let state: InsecureState = 'absent';

export function enableInsecurePackage(): void {
  state = 'listed';
}

export function isInsecureEnabled(): boolean {
  return state === 'listed';
}

/** Back to an app without the package (tests that enable it restore this). */
export function resetInsecurePackageForTests(): void {
  state = 'absent';
}

/** Printed once at start-up in development while the package is listed. */
export const INSECURE_WARNING = [
  '** The insecure package is in .meteor/packages: every client may insert, update and',
  '** remove documents of any collection that declares no allow/deny rules.',
  '** Before going to production, write methods or allow/deny rules and run',
  '**',
  '**   $ meteor remove insecure',
].join('\n');
