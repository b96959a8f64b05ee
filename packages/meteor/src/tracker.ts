/** `meteor/tracker`: Meteor's tracker package, implemented by @perseid/tracker. */
export * from '@perseid/tracker';
