/**
 * `meteor/accounts-passwordless`: loaded on the server before the app's modules when the app
 * lists accounts-passwordless; the default `Accounts` then has Meteor's passwordless login
 * (`requestLoginTokenForUser`, `login({ selector, token })`, `Accounts.sendLoginTokenEmail`).
 * The client half (`Accounts.requestLoginTokenForUser`, `Meteor.passwordlessLoginWithToken`)
 * comes with meteor/accounts-base.
 */
import { enablePasswordlessPackage } from '@perseid/accounts-base';

enablePasswordlessPackage();
