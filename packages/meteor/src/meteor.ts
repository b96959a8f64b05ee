/**
 * `meteor/meteor` on the server: the `Meteor` object of @perseid/meteor-core. The DDP server
 * API (`methods`, `publish`, `callAsync`, ...) is composed in once @perseid/ddp-server lands.
 */
export * from '@perseid/meteor-core';
