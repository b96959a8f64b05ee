/** `meteor/accounts-base`: Meteor's accounts-base package, implemented by @perseid/accounts-base. */
export * from '@perseid/accounts-base';
