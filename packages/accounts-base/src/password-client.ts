import type { AccountsClient, ClientLoginResult } from './accounts-client';
import { reportTo, type AccountsCallback } from './login-callback';
import { digestPassword } from './password-digest';

/** A login name as users type it: a string with '@' is an email, otherwise a username. */
export type LoginSelector = string | { username: string } | { email: string } | { id: string };

export interface ClientCreateUserOptions {
  username?: string;
  email?: string;
  password: string;
  profile?: Record<string, unknown>;
  /** Anything else goes to the server's onCreateUser as Meteor passes it (e.g. an invite code). */
  [option: string]: unknown;
}

/**
 * Each call returns its promise and, as in Meteor, also takes an optional last callback
 * (`callback()` on success, `callback(error)` on failure; see reportTo).
 */
export interface PasswordAccountsClientApi {
  loginWithPassword(selector: LoginSelector, password: string): Promise<ClientLoginResult>;
  loginWithPassword(selector: LoginSelector, password: string, callback: AccountsCallback | undefined): Promise<ClientLoginResult | undefined>;
  createUser(options: ClientCreateUserOptions): Promise<ClientLoginResult>;
  createUser(options: ClientCreateUserOptions, callback: AccountsCallback | undefined): Promise<ClientLoginResult | undefined>;
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
  forgotPassword(options: { email: string }): Promise<void>;
  resetPassword(token: string, newPassword: string): Promise<ClientLoginResult>;
  verifyEmail(token: string): Promise<ClientLoginResult>;
}

export type PasswordAccountsClient<U> = AccountsClient<U> & PasswordAccountsClientApi;

function toUserSelector(selector: LoginSelector): { username: string } | { email: string } | { id: string } {
  if (typeof selector !== 'string') return selector;
  if (selector.length === 0) throw new TypeError('loginWithPassword: the user must not be empty');
  return selector.includes('@') ? { email: selector } : { username: selector };
}

/** Adds password login to an AccountsClient; passwords leave the client only as sha-256 digests. */
export function enablePasswordClient<U>(accounts: AccountsClient<U>): PasswordAccountsClient<U> {
  const loginWithPassword = async (selector: LoginSelector, password: string): Promise<ClientLoginResult> =>
    accounts.callLoginMethod('login', [{ user: toUserSelector(selector), password: await digestPassword(password) }]);
  const createUser = async (options: ClientCreateUserOptions): Promise<ClientLoginResult> => {
    const { password, ...rest } = options;
    return accounts.callLoginMethod('createUser', [{ ...rest, password: await digestPassword(password) }]);
  };
  const api: PasswordAccountsClientApi = {
    loginWithPassword: ((selector: LoginSelector, password: string, callback?: AccountsCallback) =>
      reportTo(loginWithPassword(selector, password), callback)) as PasswordAccountsClientApi['loginWithPassword'],
    createUser: ((options: ClientCreateUserOptions, callback?: AccountsCallback) =>
      reportTo(createUser(options), callback)) as PasswordAccountsClientApi['createUser'],
    async changePassword(oldPassword, newPassword) {
      await accounts.connection.applyAsync('changePassword', [await digestPassword(oldPassword), await digestPassword(newPassword)]);
    },
    async forgotPassword(options) {
      await accounts.connection.applyAsync('forgotPassword', [{ email: options.email }]);
    },
    async resetPassword(token, newPassword) {
      return accounts.callLoginMethod('resetPassword', [token, await digestPassword(newPassword)]);
    },
    async verifyEmail(token) {
      return accounts.callLoginMethod('verifyEmail', [token]);
    },
  };
  return Object.assign(accounts, api);
}
