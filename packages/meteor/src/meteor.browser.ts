/**
 * `meteor/meteor` in the browser: the core `Meteor` object with the DDP client API of the
 * default connection mixed in (`subscribe`, `callAsync`, `methods` stubs, `status`, ...).
 * Server-only members throw when called.
 */
import { Meteor as CoreMeteor } from '@perseid/meteor-core';
import { clientMeteorApi } from '@perseid/ddp-client';
import type { MeteorApi, MeteorExtension } from './meteor-api';
import { composeMeteor, otherSideOnly } from './meteor-api';

export * from '@perseid/meteor-core';
export type { MeteorApi, MeteorExtension } from './meteor-api';

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

export const Meteor = CoreMeteor as MeteorApi;
