export { AccountsServer } from './accounts-server';
export type { AccountsServerOptions, LoginAttempt, LoginHandler, LoginHandlerResult, LoginMethodResult, NewUserOptions } from './accounts-server';
export { AccountsClient, parseLoginResult } from './accounts-client';
export type { AccountsClientConnection, AccountsClientOptions, ClientLoginResult, ClientUsersCollection, LoginState } from './accounts-client';
export { DEFAULT_ACCOUNTS_CONFIG, parseAccountsConfig } from './accounts-config';
export type { AccountsConfig } from './accounts-config';
export { accountsErrors } from './accounts-errors';
export type { AccountsErrorName } from './accounts-errors';
export { createEmailSender } from './email-sender';
export type { EmailMessage, EmailSender, EmailSenderOptions } from './email-sender';
export type { HookHandle } from './hook';
export type { AccountsCallback } from './login-callback';
export { generateSecret, generateStampedLoginToken, hashLoginToken, isTokenExpired, parseLoginToken, tokenExpiresAt } from './login-token';
export type { HashedLoginToken, StampedLoginToken } from './login-token';
export { loginTokenMiddleware } from './login-token-middleware';
export type { LoginTokenMiddlewareOptions, LoginTokenResolver, RequestLogin } from './login-token-middleware';
export { createMemoryStorage, LOGIN_TOKEN_EXPIRES_KEY, LOGIN_TOKEN_KEY, LoginTokenStore, USER_ID_KEY } from './login-token-store';
export type { KeyValueStorage, StoredLogin } from './login-token-store';
export { systemClock } from './server-ports';
export type { AccountsClock, AccountsConnection, AccountsMethod, AccountsMethodHost, AccountsMethodInvocation, AccountsPublication } from './server-ports';
export { PUBLISHED_USER_FIELDS, toPublicUser } from './user-document';
export type { MailedTokenRecord, NewUserDocument, PublicUser, UserDocument, UserEmail, UserServices, UsersCollection } from './user-document';
export { addDefaultLoginRateLimit, LOGIN_METHOD_NAMES } from './default-rate-limit';
export type { RuleTarget } from './default-rate-limit';
export { LoginAttemptGuard, loginAccountName } from './login-attempt-guard';
export type { LoginAttemptInput, LoginAttemptTicket } from './login-attempt-guard';
export { DEFAULT_LOGIN_ATTEMPT_LIMITS, loginAttemptLimitsFromSettings, parseLoginAttemptLimits } from './login-attempt-limits';
export type { FailureBackoff, LoginAttemptLimits } from './login-attempt-limits';
export { AccountRequestGuard, accountRequestLimitsFromSettings, DEFAULT_ACCOUNT_REQUEST_LIMITS, parseAccountRequestLimits } from './account-request-limits';
export type { AccountRequestLimits, RequestWindow } from './account-request-limits';
export { enablePasswordAccounts } from './password-accounts';
export type { CreateUserOptions, PasswordAccounts, PasswordAccountsApi, PasswordAccountsOptions, ServerPassword } from './password-accounts';
export { enablePasswordClient } from './password-client';
export type { ClientCreateUserOptions, LoginSelector, PasswordAccountsClient, PasswordAccountsClientApi } from './password-client';
export { DEFAULT_ARGON2_PARAMETERS, PasswordHasher } from './password-hasher';
export type { Argon2Parameters, PasswordCheck, StoredPassword } from './password-hasher';
export { digestPassword, parsePasswordDigest } from './password-digest';
export type { PasswordDigest } from './password-digest';
export { defaultEmailTemplates, defaultUrls } from './email-templates';
export type { AccountsEmailTemplates, AccountsUrls, EmailTemplate } from './email-templates';
export { Accounts, currentUserAsync, currentUserId, startAccounts, users } from './default-accounts-server';
export {
  currentUser,
  loggingIn,
  loggingOut,
  loginWithPassword,
  loginWithToken,
  logout,
  logoutOtherClients,
  passwordlessLoginWithToken,
} from './client-only-on-server';
export { enablePasswordlessAccounts, MAX_PASSWORDLESS_FAILURES } from './passwordless-accounts';
export type { PasswordlessAccounts, PasswordlessAccountsApi, PasswordlessAccountsOptions, SentLoginToken } from './passwordless-accounts';
export { enablePasswordlessPackage } from './default-accounts-server';
export { enablePasswordlessClient, loginFromUrl } from './passwordless-client';
export type { LoginTokenRequest, LoginTokenRequestResult, PasswordlessAccountsClient, PasswordlessAccountsClientApi } from './passwordless-client';
