/**
 * `meteor/accounts-password`: Meteor's package name for password login, which Perseid ships in
 * @perseid/accounts-base (one `Accounts` object, as apps use it). Only this alias remains.
 */
export {
  DEFAULT_ARGON2_PARAMETERS,
  DEFAULT_LOGIN_ATTEMPT_LIMITS,
  defaultEmailTemplates,
  defaultUrls,
  digestPassword,
  enablePasswordAccounts,
  enablePasswordClient,
  parsePasswordDigest,
  PasswordHasher,
} from '@perseid/accounts-base';
export type {
  AccountsEmailTemplates,
  AccountsUrls,
  Argon2Parameters,
  ClientCreateUserOptions,
  CreateUserOptions,
  EmailTemplate,
  FailureBackoff,
  LoginAttemptLimits,
  LoginSelector,
  PasswordAccounts,
  PasswordAccountsApi,
  PasswordAccountsClient,
  PasswordAccountsClientApi,
  PasswordAccountsOptions,
  PasswordCheck,
  PasswordDigest,
  ServerPassword,
  StoredPassword,
} from '@perseid/accounts-base';
