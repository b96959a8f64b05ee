import type { AccountsClient, ClientLoginResult } from './accounts-client';
import { reportTo, type AccountsCallback } from './login-callback';
import type { LoginSelector } from './password-client';

export interface LoginTokenRequest {
  selector: LoginSelector;
  /** The new user's fields when the selector finds no one (username, email, profile). */
  userData?: Record<string, unknown>;
  options?: { userCreationDisabled?: boolean; extra?: Record<string, unknown> };
}

/** What the server answers a token request with. */
export interface LoginTokenRequestResult {
  selector: unknown;
  userData: unknown;
  isNewUser: boolean;
}

/** accounts-passwordless on the client; each call also takes Meteor's optional last callback. */
export interface PasswordlessAccountsClientApi {
  requestLoginTokenForUser(request: LoginTokenRequest, callback?: AccountsCallback): Promise<LoginTokenRequestResult | undefined>;
  passwordlessLoginWithToken(selector: LoginSelector, token: string, callback?: AccountsCallback): Promise<ClientLoginResult | undefined>;
}

export type PasswordlessAccountsClient<U> = AccountsClient<U> & PasswordlessAccountsClientApi;

/** Meteor's rule: a string with '@' is an email (lower-cased), otherwise a username. */
function toUserSelector(selector: LoginSelector): { username: string } | { email: string } | { id: string } {
  if (typeof selector !== 'string') return selector;
  return selector.includes('@') ? { email: selector.toLowerCase() } : { username: selector };
}

export function enablePasswordlessClient<A extends AccountsClient<unknown>>(accounts: A): A & PasswordlessAccountsClientApi {
  const api: PasswordlessAccountsClientApi = {
    requestLoginTokenForUser(request, callback) {
      const work = (async () => {
        if (request === null || typeof request !== 'object' || request.selector === undefined || request.selector === '') {
          throw new TypeError('requestLoginTokenForUser: a selector is required');
        }
        const { selector, userData, options } = request;
        return (await accounts.connection.applyAsync('requestLoginTokenForUser', [
          { selector: toUserSelector(selector), userData, options },
        ])) as LoginTokenRequestResult;
      })();
      return reportTo(work, callback);
    },
    passwordlessLoginWithToken(selector, token, callback) {
      return reportTo(accounts.callLoginMethod('login', [{ selector: toUserSelector(selector), token }]), callback);
    },
  };
  return Object.assign(accounts, api);
}

/**
 * The link a login-code email carries (`?loginToken=...&selector=...`): logs the page in once
 * and takes the code out of the address bar. Returns whether the URL carried one.
 */
export function loginFromUrl(
  accounts: PasswordlessAccountsClientApi & { userId(): string | null },
  location: { href: string },
  history: { replaceState(data: unknown, unused: string, url: string): void } | undefined,
): boolean {
  const url = new URL(location.href);
  const token = url.searchParams.get('loginToken');
  const raw = url.searchParams.get('selector');
  if (token === null || raw === null) return false;
  if (accounts.userId() !== null) return true;
  let selector: LoginSelector = raw;
  if (raw.startsWith('{')) {
    try {
      selector = JSON.parse(raw) as LoginSelector;
    } catch {
      return true;
    }
  }
  void accounts.passwordlessLoginWithToken(selector, token, () => {
    url.searchParams.delete('loginToken');
    url.searchParams.delete('selector');
    history?.replaceState(null, '', url.toString());
  });
  return true;
}
