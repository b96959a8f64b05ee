/**
 * `meteor/meteor` on the server: the core `Meteor` object with the DDP server API mixed in
 * (`methods`, `publish`, `callAsync`, `server`, ...), typed as ServerMeteor. Client-only members
 * are not in the type, and throw when shared code calls them anyway.
 */
import { Meteor as CoreMeteor } from '@perseid/meteor-core';
import { applyAsync, callAsync, methods, onConnection, publish, server, setPublicationStrategy, type Server } from '@perseid/ddp-server';
import { auditedMethods, shouldAuditArgumentChecks } from '@perseid/collection-security';
import type { MeteorBase, MeteorExtension } from './meteor-api';
import { composeMeteor, otherSideOnly } from './meteor-api';

export * from '@perseid/meteor-core';
export type { MeteorExtension } from './meteor-api';

/**
 * `Meteor` on the server: the core object and the DDP server API, Meteor 3 style (async calls
 * only, no `call`/`apply`/`subscribe`). Packages declare what they add (accounts: `userId`, ...).
 */
export interface ServerMeteor extends MeteorBase {
  readonly server: Server;
  methods: Server['methods'];
  publish: Server['publish'];
  callAsync: Server['callAsync'];
  applyAsync: Server['applyAsync'];
  onConnection: Server['onConnection'];
  setPublicationStrategy: Server['setPublicationStrategy'];
}

/** `Meteor`'s type on this side; the browser entry exports ClientMeteor under this name. */
export type MeteorApi = ServerMeteor;

const clientOnly = (name: string): (() => never) => otherSideOnly(name, 'client');

composeMeteor(CoreMeteor, {
  server,
  // audit-argument-checks: on when .meteor/packages lists it (collection-security).
  methods: (handlers: Parameters<typeof methods>[0]) => methods(shouldAuditArgumentChecks(CoreMeteor) ? auditedMethods(handlers) : handlers),
  publish,
  callAsync,
  applyAsync,
  onConnection,
  setPublicationStrategy,
  call: () => {
    throw new Error('Meteor.call is not available on the server in Meteor 3; use `await Meteor.callAsync(...)`.');
  },
  apply: () => {
    throw new Error('Meteor.apply is not available on the server in Meteor 3; use `await Meteor.applyAsync(...)`.');
  },
  subscribe: clientOnly('subscribe'),
  status: clientOnly('status'),
  reconnect: clientOnly('reconnect'),
  disconnect: clientOnly('disconnect'),
  get connection(): never {
    return clientOnly('connection')();
  },
  extend(members: MeteorExtension): void {
    composeMeteor(CoreMeteor, members);
  },
});

export const Meteor = CoreMeteor as ServerMeteor;
