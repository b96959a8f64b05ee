/** `meteor/ddp-rate-limiter`: Meteor's ddp-rate-limiter package, implemented by @perseid/ddp-rate-limiter. */
export * from '@perseid/ddp-rate-limiter';
