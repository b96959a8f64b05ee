/**
 * `meteor/accounts-base` in the browser: the accounts client package, plus the `Meteor` members
 * it brings when enabled (`Meteor.userId()`, `Meteor.user()`, `Meteor.loggingIn()`,
 * `Meteor.loginWithPassword()`, `Meteor.logout()`, ...), all backed by the default client
 * `Accounts` (which resumes the stored login at startup).
 */
import {
  currentUser,
  currentUserId,
  loggingIn,
  loggingOut,
  loginWithPassword,
  loginWithToken,
  logout,
  logoutOtherClients,
  passwordlessLoginWithToken,
  users,
} from '@perseid/accounts-base';
import { Meteor } from 'meteor/meteor';

export * from '@perseid/accounts-base';

const accountsMembers = {
  users,
  userId: currentUserId,
  user: currentUser,
  loggingIn,
  loggingOut,
  loginWithPassword,
  loginWithToken,
  passwordlessLoginWithToken,
  logout,
  logoutOtherClients,
};
type AccountsMembers = typeof accountsMembers;

Meteor.extend(accountsMembers);

// Importing this module is what adds the members, so it is also what declares them.
declare module './meteor.browser' {
  interface ClientMeteor extends AccountsMembers {}
}
