import { Accounts as SideAccounts } from 'meteor/accounts-base';
import type { PasswordAccountsClient, PublicUser } from 'meteor/accounts-base';

// `meteor/accounts-base` is typed with the server object; in the browser it is the client one.
export const ClientAccounts = SideAccounts as unknown as PasswordAccountsClient<PublicUser>;
