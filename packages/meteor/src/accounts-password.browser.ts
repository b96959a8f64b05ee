/** `meteor/accounts-password` in the browser: the client half of password login (see accounts-password.ts). */
export { digestPassword, enablePasswordClient, parsePasswordDigest } from '@perseid/accounts-base';
export type { ClientCreateUserOptions, LoginSelector, PasswordAccountsClient, PasswordAccountsClientApi, PasswordDigest } from '@perseid/accounts-base';
