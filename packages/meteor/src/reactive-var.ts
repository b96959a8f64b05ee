/** `meteor/reactive-var`: Meteor's reactive-var package, implemented by @perseid/reactive-var. */
export * from '@perseid/reactive-var';
