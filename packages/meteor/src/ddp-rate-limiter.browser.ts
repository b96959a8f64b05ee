/**
 * `meteor/ddp-rate-limiter` in the browser: the same exports, without touching the DDP server
 * (rules only take effect on the server, as in Meteor).
 */
export * from '@perseid/ddp-rate-limiter';
