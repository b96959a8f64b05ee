/** `meteor/check`: Meteor's check package, implemented by @perseid/check. */
export * from '@perseid/check';
