/**
 * `meteor/meteor` in the browser: the `Meteor` object of @perseid/meteor-core. The DDP client
 * API (`subscribe`, `callAsync`, `status`, ...) is composed in once @perseid/ddp-client lands.
 */
export * from '@perseid/meteor-core';
