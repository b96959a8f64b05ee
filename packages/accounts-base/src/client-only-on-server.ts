import { accountsErrors } from './accounts-errors';
import type { ClientLoginResult } from './accounts-client';
import type { AccountsCallback } from './login-callback';
import type { LoginSelector } from './password-client';
import type { PublicUser } from './user-document';

/**
 * The client session API under the same names the browser index exports, so both entry points
 * type alike (CONTRACT: same names and types); on the server these belong to no session.
 */
const clientOnly = accountsErrors.clientOnly;

export function currentUser(): PublicUser | null | undefined {
  throw clientOnly('user');
}

export function loggingIn(): boolean {
  throw clientOnly('loggingIn');
}

export function loggingOut(): boolean {
  throw clientOnly('loggingOut');
}

export function loginWithPassword(_selector: LoginSelector, _password: string, _callback?: AccountsCallback): Promise<ClientLoginResult | undefined> {
  return Promise.reject(clientOnly('loginWithPassword'));
}

export function loginWithToken(_token: string, _callback?: AccountsCallback): Promise<ClientLoginResult | undefined> {
  return Promise.reject(clientOnly('loginWithToken'));
}

export function passwordlessLoginWithToken(_selector: LoginSelector, _token: string, _callback?: AccountsCallback): Promise<ClientLoginResult | undefined> {
  return Promise.reject(clientOnly('passwordlessLoginWithToken'));
}

export function logout(_callback?: AccountsCallback): Promise<void> {
  return Promise.reject(clientOnly('logout'));
}

export function logoutOtherClients(_callback?: AccountsCallback): Promise<void> {
  return Promise.reject(clientOnly('logoutOtherClients'));
}
