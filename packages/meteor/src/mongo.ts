/** `meteor/mongo`: Meteor's mongo package, implemented by @perseid/mongo. */
export * from '@perseid/mongo';
