/** `meteor/ddp`: Meteor's ddp package, implemented by @perseid/ddp-client. */
export * from '@perseid/ddp-client';
