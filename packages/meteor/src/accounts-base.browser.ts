/**
 * `meteor/accounts-base` in the browser: the accounts client package. (Its `Meteor` members
 * are added by @perseid/accounts-base through `Meteor.extend` once it provides them.)
 */
export * from '@perseid/accounts-base';
