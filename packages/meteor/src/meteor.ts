/**
 * `meteor/meteor` on the server: the core `Meteor` object with the DDP server API mixed in
 * (`methods`, `publish`, `callAsync`, `server`, ...). Client-only members throw when called.
 */
import { Meteor as CoreMeteor } from '@perseid/meteor-core';
import { applyAsync, callAsync, methods, onConnection, publish, server, setPublicationStrategy } from '@perseid/ddp-server';
import { auditedMethods, shouldAuditArgumentChecks } from '@perseid/collection-security';
import type { MeteorApi, MeteorExtension } from './meteor-api';
import { composeMeteor, otherSideOnly } from './meteor-api';

export * from '@perseid/meteor-core';
export type { MeteorApi, MeteorExtension } from './meteor-api';

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

export const Meteor = CoreMeteor as MeteorApi;
