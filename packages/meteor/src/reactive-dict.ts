/** `meteor/reactive-dict`: Meteor's reactive-dict package, implemented by @perseid/reactive-dict. */
export * from '@perseid/reactive-dict';
