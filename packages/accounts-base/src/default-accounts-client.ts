import { getDefaultConnection } from '@perseid/ddp-client';
import { Meteor } from '@perseid/meteor-core';
import { ClientCollection } from '@perseid/mongo';
import { AccountsClient } from './accounts-client';
import { lazyInstance } from './lazy-instance';
import type { AccountsCallback } from './login-callback';
import { enablePasswordClient } from './password-client';
import { enablePasswordlessClient, loginFromUrl, type PasswordlessAccountsClientApi } from './passwordless-client';
import type { LoginSelector, PasswordAccountsClient } from './password-client';
import type { ClientLoginResult } from './accounts-client';
import type { PublicUser } from './user-document';

const usersInstance = lazyInstance(() => new ClientCollection<PublicUser>('users'));
const accountsInstance = lazyInstance<PasswordAccountsClient<PublicUser> & PasswordlessAccountsClientApi>(() => {
  const users = usersInstance.get();
  const accounts = enablePasswordlessClient(
    enablePasswordClient(new AccountsClient<PublicUser>({ connection: getDefaultConnection(), users: { findOne: (selector) => users.findOne(selector) } })),
  );
  accounts.start();
  return accounts;
});

/** `Meteor.users` on the client: holds the logged-in user's published document. */
export const users: ClientCollection<PublicUser> = usersInstance.value;

/** The client `Accounts` on the default connection; created, and its stored login resumed, on first use. */
export const Accounts: PasswordAccountsClient<PublicUser> & PasswordlessAccountsClientApi = accountsInstance.value;

/** Resumes a stored login; safe to call more than once. */
export function startAccounts(): PasswordAccountsClient<PublicUser> & PasswordlessAccountsClientApi {
  return accountsInstance.get();
}

/** `Meteor.userId()` on the client (reactive). */
export const currentUserId = (): string | null => accountsInstance.get().userId();
/**
 * `Meteor.user()` on the client (reactive): the published username, emails and profile; `null`
 * when logged out, `undefined` while the logged-in user's document has not arrived.
 */
export const currentUser = (): PublicUser | null | undefined => accountsInstance.get().user();
/** `Meteor.loggingIn()` / `Meteor.loggingOut()` (reactive). */
export const loggingIn = (): boolean => accountsInstance.get().loggingIn();
export const loggingOut = (): boolean => accountsInstance.get().loggingOut();
/**
 * `Meteor.loginWithPassword`, `loginWithToken`, `logout`, `logoutOtherClients` on the client:
 * Meteor's optional last callback, and the promise (see reportTo).
 */
export const loginWithPassword = (selector: LoginSelector, password: string, callback?: AccountsCallback): Promise<ClientLoginResult | undefined> =>
  accountsInstance.get().loginWithPassword(selector, password, callback);
export const loginWithToken = (token: string, callback?: AccountsCallback): Promise<ClientLoginResult | undefined> =>
  accountsInstance.get().loginWithToken(token, callback);
/** accounts-passwordless: `Meteor.passwordlessLoginWithToken(selector, token, callback?)`. */
export const passwordlessLoginWithToken = (selector: LoginSelector, token: string, callback?: AccountsCallback): Promise<ClientLoginResult | undefined> =>
  accountsInstance.get().passwordlessLoginWithToken(selector, token, callback);
export const logout = (callback?: AccountsCallback): Promise<void> => accountsInstance.get().logout(callback);
export const logoutOtherClients = (callback?: AccountsCallback): Promise<void> => accountsInstance.get().logoutOtherClients(callback);

// A page that loads accounts resumes its stored login as the app starts (as Meteor does).
// A login-code link (accounts-passwordless) logs the page in, as Meteor's autoLoginWithToken.
Meteor.startup(() => {
  const accounts = startAccounts();
  if (typeof window !== 'undefined') loginFromUrl(accounts, window.location, window.history);
});
