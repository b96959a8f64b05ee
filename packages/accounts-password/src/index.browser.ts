// Browser build: the client half only (no argon2, bcrypt or node:crypto in the bundle).
export { enablePasswordClient } from './password-client';
export type { ClientCreateUserOptions, LoginSelector, PasswordAccountsClient, PasswordAccountsClientApi } from './password-client';
export { digestPassword, parsePasswordDigest } from './password-digest';
export type { PasswordDigest } from './password-digest';
