import { MeteorError } from '@perseid/meteor-core';
import type { ClientLoginResult } from './accounts-client';
import type { LoginSelector } from './password-client';
import type { PublicUser } from './user-document';

/**
 * The client session API under the same names the browser index exports, so both entry points
 * type alike (CONTRACT: same names and types); on the server these belong to no session.
 */
function clientOnly(name: string): MeteorError {
  return new MeteorError('accounts.client-only', `Meteor.${name} is only available on the client${name === 'user' ? '; use await Meteor.userAsync() on the server' : ''}.`);
}

export function currentUser(): PublicUser | null {
  throw clientOnly('user');
}

export function loggingIn(): boolean {
  throw clientOnly('loggingIn');
}

export function loggingOut(): boolean {
  throw clientOnly('loggingOut');
}

export function loginWithPassword(_selector: LoginSelector, _password: string): Promise<ClientLoginResult> {
  return Promise.reject(clientOnly('loginWithPassword'));
}

export function loginWithToken(_token: string): Promise<ClientLoginResult> {
  return Promise.reject(clientOnly('loginWithToken'));
}

export function logout(): Promise<void> {
  return Promise.reject(clientOnly('logout'));
}

export function logoutOtherClients(): Promise<void> {
  return Promise.reject(clientOnly('logoutOtherClients'));
}
