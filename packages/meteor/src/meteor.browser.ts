/**
 * `meteor/meteor` in the browser: the core `Meteor` object with the DDP client API of the
 * default connection mixed in (`subscribe`, `callAsync`, `methods` stubs, `status`, ...).
 * Typed as ClientMeteor: server-only members are not in the type, and throw when shared code
 * calls them anyway.
 */
import { Meteor as CoreMeteor } from '@perseid/meteor-core';
import { clientMeteorApi, type ClientMeteorApi } from '@perseid/ddp-client';
import type { MeteorBase, MeteorExtension } from './meteor-api';
import { composeMeteor, otherSideOnly } from './meteor-api';

export * from '@perseid/meteor-core';
export type { MeteorExtension } from './meteor-api';

/**
 * `Meteor` in the browser: the core object and the DDP client API of the default connection.
 * Packages declare what they add (accounts: `user`, `loginWithPassword`, ...).
 */
export interface ClientMeteor extends MeteorBase, ClientMeteorApi {}

/** `Meteor`'s type on this side; the server entry exports ServerMeteor under this name. */
export type MeteorApi = ClientMeteor;

const serverOnly = (name: string): (() => never) => otherSideOnly(name, 'server');

composeMeteor(CoreMeteor, clientMeteorApi, {
  publish: serverOnly('publish'),
  onConnection: serverOnly('onConnection'),
  setPublicationStrategy: serverOnly('setPublicationStrategy'),
  get server(): never {
    return serverOnly('server')();
  },
  extend(members: MeteorExtension): void {
    composeMeteor(CoreMeteor, members);
  },
});

export const Meteor = CoreMeteor as ClientMeteor;
