import { Accounts } from 'meteor/accounts-base';

// Client code sees the browser entry of `meteor/accounts-base` (tsconfig.client.json): the client Accounts.
export const ClientAccounts = Accounts;
