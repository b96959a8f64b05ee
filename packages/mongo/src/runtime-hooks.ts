import { autopublish as autopublishThroughServer, currentMethodInvocation, currentWriteFence as fenceVariable, randomStream } from '@perseid/ddp-server';
import { Meteor } from '@perseid/meteor-core';

/**
 * The server runtime this package plugs into: the current method's write fence and random
 * stream (ddp-server) and `Meteor.settings` (meteor-core). Kept in one file so every other
 * file depends only on the small shapes below.
 */

export interface FenceWrite {
  committed(): void;
}

export interface WriteFenceLike {
  beginWrite(): FenceWrite;
}

/** The write fence of the method running now, if any. */
export function currentWriteFence(): WriteFenceLike | undefined {
  return fenceVariable.get();
}

export interface IdSource {
  id(): string;
  hexString(digits: number): string;
}

/**
 * Meteor's id rule: inside a method (or publication), the `'/collection/' + name` sequence of
 * its random stream, so a client stub given the same randomSeed generates the same ids;
 * elsewhere a strong random id.
 */
export function idSourceFor(collectionName: string): IdSource {
  return randomStream(`/collection/${collectionName}`);
}

/**
 * Whether ids generated now are those of a client's method call, i.e. derived from the
 * `randomSeed` the client sent. A client re-sends an unanswered call with the same seed after
 * reconnecting (to this server or another), so such an id already in the database means this
 * call has run before.
 */
export function idsReplayedOnResend(): boolean {
  const invocation = currentMethodInvocation.get();
  return invocation !== undefined && invocation.connection !== null && invocation.randomSeed !== undefined;
}

/** `Meteor.settings.packages.mongo`, or undefined. */
export function mongoPackageSettings(): unknown {
  const settings: unknown = Meteor.settings;
  if (typeof settings !== 'object' || settings === null) return undefined;
  const packages = (settings as { packages?: unknown }).packages;
  if (typeof packages !== 'object' || packages === null) return undefined;
  return (packages as { mongo?: unknown }).mongo;
}

/** Publishes a new server collection whole to every client while the autopublish package is listed. */
export function autopublish(cursor: () => unknown): void {
  autopublishThroughServer(cursor);
}
