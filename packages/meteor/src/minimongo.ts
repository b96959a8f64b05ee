/** `meteor/minimongo`: Meteor's minimongo package, implemented by @perseid/minimongo. */
export * from '@perseid/minimongo';
