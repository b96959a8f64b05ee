/** `meteor/random`: Meteor's random package, implemented by @perseid/random. */
export * from '@perseid/random';
