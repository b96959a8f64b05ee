/**
 * The type of `Meteor` as app code sees it on both sides (the `types` view of `meteor/meteor`):
 * the core object, the DDP server API and the DDP client API. Members of the other side exist
 * at runtime too, and throw a clear error when called there.
 */
import type { Meteor as CoreMeteor } from '@perseid/meteor-core';
import type { Server } from '@perseid/ddp-server';
import type { ClientMeteorApi } from '@perseid/ddp-client';

export interface ServerMeteorApi {
  readonly server: Server;
  publish: Server['publish'];
  onConnection: Server['onConnection'];
  setPublicationStrategy: Server['setPublicationStrategy'];
}

/** Members packages add when enabled (accounts: `userId`, `userAsync`, `users`, ...). */
export type MeteorExtension = Record<string, unknown>;

export type MeteorApi = typeof CoreMeteor & Omit<ClientMeteorApi, 'connection'> & ServerMeteorApi & {
  readonly connection: ClientMeteorApi['connection'];
  /** Adds members (getters kept) to `Meteor`; used by packages such as accounts. */
  extend(members: MeteorExtension): void;
  [extension: string]: unknown;
};

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
