import { currentMethodInvocation, currentPublicationInvocation, registerMetricsSource, server } from '@perseid/ddp-server';
import { DDPRateLimiter, installDdpRateLimiter } from '@perseid/ddp-rate-limiter';
import { installCollectionSecurity, isCollectionSecurityInstalled } from '@perseid/collection-security';
import { Meteor } from '@perseid/meteor-core';
import { accountsErrors } from './accounts-errors';
import { Mongo } from '@perseid/mongo';
import { AccountsServer } from './accounts-server';
import { addDefaultLoginRateLimit } from './default-rate-limit';
import { lazyInstance } from './lazy-instance';
import { loginAttemptLimitsFromSettings } from './login-attempt-limits';
import { accountRequestLimitsFromSettings } from './account-request-limits';
import { enablePasswordAccounts } from './password-accounts';
import type { PasswordAccounts } from './password-accounts';
import { enablePasswordlessAccounts, type PasswordlessAccountsApi } from './passwordless-accounts';
import type { UserDocument } from './user-document';

const usersInstance = lazyInstance(() => new Mongo.Collection<UserDocument>('users', { _preventAutopublish: true }));
/** Whether the app lists accounts-passwordless (its facade module says so before the app loads). */
let passwordlessPackage: 'absent' | 'listed' = 'absent';

const accountsInstance = lazyInstance<PasswordAccounts & Partial<PasswordlessAccountsApi>>(() => {
  const accounts = enablePasswordAccounts(new AccountsServer({ users: usersInstance.get(), host: server }), {
    loginAttemptLimits: loginAttemptLimitsFromSettings(Meteor.settings),
    requestLimits: accountRequestLimitsFromSettings(Meteor.settings),
  });
  if (passwordlessPackage === 'listed') enablePasswordlessAccounts(accounts, { log: Meteor.isDevelopment ? (line) => console.log(line) : () => undefined });
  accounts.start();
  // Meteor's accounts-base adds this rule, and ddp-server consults DDPRateLimiter, by default.
  installDdpRateLimiter(server);
  addDefaultLoginRateLimit(DDPRateLimiter);
  // GET /__perseid/stats accepts an admin's login token; which users are admins is the app's call.
  server.setStatsAccess({ userIdForLoginToken: async (token) => (await accounts.userForLoginToken(token))?._id ?? null });
  // Login attempts and failures on GET /__perseid/metrics.
  registerMetricsSource('logins', () => accounts.loginMetrics());
  return accounts;
});

/**
 * What loading `meteor/accounts-passwordless` does: the default Accounts gets the passwordless
 * method and login handler when it is created (at start-up, after the app's modules load).
 */
export function enablePasswordlessPackage(): void {
  passwordlessPackage = 'listed';
}

/** `Meteor.users` on the server. */
export const users: Mongo.Collection<UserDocument> = usersInstance.value;

/** The server `Accounts` (password login included); created and started on first use. */
export const Accounts: PasswordAccounts & Partial<PasswordlessAccountsApi> = accountsInstance.value;

/** Registers the login methods and the own-user publication; safe to call more than once. */
export function startAccounts(): PasswordAccounts & Partial<PasswordlessAccountsApi> {
  return accountsInstance.get();
}

// A server that loads accounts starts it with the app (Meteor registers the login methods at
// load); merely importing the package (tests, tools) runs no startup hooks and stays inert.
// The users collection's own mutation methods need collection security on the same server.
Meteor.startup(() => {
  if (!isCollectionSecurityInstalled()) installCollectionSecurity(server);
  startAccounts();
});

/** `Meteor.userId()` on the server: the user of the running method or publication. */
export function currentUserId(): string | null {
  const invocation = currentMethodInvocation.get() ?? currentPublicationInvocation.get();
  if (invocation === undefined) {
    throw accountsErrors.noInvocation();
  }
  return invocation.userId;
}

/** `Meteor.userAsync()` on the server: the current user's document, or null. */
export async function currentUserAsync(options: { fields?: Record<string, 0 | 1> } = {}): Promise<UserDocument | null> {
  const userId = currentUserId();
  if (userId === null) return null;
  return (await usersInstance.get().findOneAsync({ _id: userId }, options.fields ? { fields: options.fields } : {})) ?? null;
}
