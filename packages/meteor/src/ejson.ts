/** `meteor/ejson`: Meteor's ejson package, implemented by @perseid/ejson. */
export * from '@perseid/ejson';
