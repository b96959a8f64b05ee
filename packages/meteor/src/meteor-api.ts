/**
 * The type of `Meteor` as app code sees it, one per side. `meteor/meteor` resolves to
 * `meteor.ts` (server, ServerMeteor) or, under the `browser` export condition,
 * `meteor.browser.ts` (client, ClientMeteor), and each declares `Meteor` with its own side's
 * interface (built on MeteorBase here), so the compiler refuses `Meteor.publish` in client code
 * and `Meteor.subscribe` in server code. Members of the other
 * side still exist at runtime (shared code may reach them), and throw a clear error there.
 */
import type { Meteor as CoreMeteor } from '@perseid/meteor-core';

/** Members packages add when enabled (accounts: `userId`, `userAsync`, `users`, ...). */
export type MeteorExtension = Record<string, unknown>;

type MeteorCoreApi = typeof CoreMeteor;

/** What both sides' `Meteor` types share: the core object and `extend`. */
export interface MeteorBase extends MeteorCoreApi {
  /**
   * Adds members (getters kept) to `Meteor`; used by packages such as accounts, which also
   * declare the members they add on ServerMeteor / ClientMeteor.
   */
  extend(members: MeteorExtension): void;
}

/** A member that exists only on the other side: calling it explains where it belongs. */
export function otherSideOnly(name: string, side: 'client' | 'server'): () => never {
  return () => {
    throw new Error(`Meteor.${name} is only available on the ${side}.`);
  };
}

/** Copies property descriptors (getters stay getters) of each source onto `target`. */
export function composeMeteor(target: object, ...sources: object[]): void {
  for (const source of sources) {
    for (const key of Reflect.ownKeys(source)) {
      const descriptor = Object.getOwnPropertyDescriptor(source, key);
      if (descriptor !== undefined) Object.defineProperty(target, key, { ...descriptor, configurable: true });
    }
  }
}
