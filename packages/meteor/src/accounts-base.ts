/**
 * `meteor/accounts-base` on the server: the accounts package, plus the `Meteor` members it
 * brings when enabled (`Meteor.userId()`, `Meteor.userAsync()`, `Meteor.users`).
 */
import { currentUserAsync, currentUserId, users } from '@perseid/accounts-base';
import { Meteor } from 'meteor/meteor';

export * from '@perseid/accounts-base';

const accountsMembers = { userId: currentUserId, userAsync: currentUserAsync, users };
type AccountsMembers = typeof accountsMembers;

Meteor.extend(accountsMembers);

// Importing this module is what adds the members, so it is also what declares them.
declare module './meteor' {
  interface ServerMeteor extends AccountsMembers {}
}
