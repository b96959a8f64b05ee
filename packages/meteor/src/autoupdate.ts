/** `meteor/autoupdate` on the server: publishes the client versions (Meteor's autoupdate package). */
export * from '@perseid/autoupdate';
