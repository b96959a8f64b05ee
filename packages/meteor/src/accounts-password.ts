/** `meteor/accounts-password`: Meteor's accounts-password package, implemented by @perseid/accounts-password. */
export * from '@perseid/accounts-password';
