// Browser build: the client half of password login (see index.ts).
export { digestPassword, enablePasswordClient, parsePasswordDigest } from '@perseid/accounts-base';
export type { ClientCreateUserOptions, LoginSelector, PasswordAccountsClient, PasswordAccountsClientApi, PasswordDigest } from '@perseid/accounts-base';
