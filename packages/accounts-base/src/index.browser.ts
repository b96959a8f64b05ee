// Browser build: the client half only. Server-only exports (hashing, SMTP, the Express
// middleware) are left out so node:crypto and nodemailer never reach the bundle.
export { AccountsClient, parseLoginResult } from './accounts-client';
export type { AccountsClientConnection, AccountsClientOptions, ClientLoginResult, ClientUsersCollection, LoginState } from './accounts-client';
export { DEFAULT_ACCOUNTS_CONFIG, parseAccountsConfig } from './accounts-config';
export type { AccountsConfig } from './accounts-config';
export type { HookHandle } from './hook';
export type { AccountsCallback } from './login-callback';
export { createMemoryStorage, LOGIN_TOKEN_EXPIRES_KEY, LOGIN_TOKEN_KEY, LoginTokenStore, USER_ID_KEY } from './login-token-store';
export type { KeyValueStorage, StoredLogin } from './login-token-store';
export { PUBLISHED_USER_FIELDS, toPublicUser } from './user-document';
export type { PublicUser, UserDocument, UserEmail } from './user-document';
export { enablePasswordClient } from './password-client';
export type { ClientCreateUserOptions, LoginSelector, PasswordAccountsClient, PasswordAccountsClientApi } from './password-client';
export { digestPassword, parsePasswordDigest } from './password-digest';
export type { PasswordDigest } from './password-digest';
export {
  Accounts,
  currentUser,
  currentUserId,
  loggingIn,
  loggingOut,
  loginWithPassword,
  loginWithToken,
  logout,
  logoutOtherClients,
  passwordlessLoginWithToken,
  startAccounts,
  users,
} from './default-accounts-client';
export { enablePasswordlessClient, loginFromUrl } from './passwordless-client';
export type { LoginTokenRequest, LoginTokenRequestResult, PasswordlessAccountsClient, PasswordlessAccountsClientApi } from './passwordless-client';
