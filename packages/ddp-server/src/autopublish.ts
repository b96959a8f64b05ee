import type { PublishHandler } from './subscription';

/**
 * Meteor's autopublish package: while the app lists it, every server collection publishes all
 * of its documents to every client through a universal publication (Meteor.users only the
 * fields accounts-base names). Whether it is listed is decided once, before the app's modules
 * load, by the facade module `meteor/autopublish`.
 */
export interface AutopublishTarget {
  publish(name: null, handler: PublishHandler, options: { is_auto: true }): void;
}

type AutopublishState = { kind: 'absent' } | { kind: 'listed'; target: AutopublishTarget };

let state: AutopublishState = { kind: 'absent' };

/** Switches autopublish on, publishing through `target` (the process's DDP server). */
export function enableAutopublishPackage(target: AutopublishTarget): void {
  state = { kind: 'listed', target };
}

export function isAutopublishEnabled(): boolean {
  return state.kind === 'listed';
}

/** Back to an app without the package (tests that enable it restore this). */
export function resetAutopublishPackageForTests(): void {
  state = { kind: 'absent' };
}

/**
 * Publishes whatever `cursor()` returns to every client when autopublish is on; a no-op
 * otherwise. Server collections call it from their constructor.
 */
export function autopublish(handler: PublishHandler): void {
  if (state.kind === 'listed') state.target.publish(null, handler, { is_auto: true });
}

/** Printed once per server when an app publishes by hand while autopublish still sends everything. */
export const AUTOPUBLISH_WARNING = [
  '** Meteor.publish() was called while the autopublish package is still in',
  '** .meteor/packages: every collection is still sent whole to every client, so',
  '** your publications restrict nothing yet.',
  '**',
  '** When the app publishes what each client may see, remove the package:',
  '**',
  '**   $ meteor remove autopublish',
].join('\n');
