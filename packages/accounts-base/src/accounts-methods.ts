import type { AccountsServer } from './accounts-server';
import { accountsErrors } from './accounts-errors';
import { selfValidating } from './self-validating-methods';
import type { AccountsMethodHost, AccountsPublication } from './server-ports';
import { isAutopublishEnabled } from '@perseid/ddp-server';
import { AUTOPUBLISHED_OTHER_USER_FIELDS, PUBLISHED_USER_FIELDS } from './user-document';

/**
 * The DDP surface of accounts-base, with Meteor's method names and wire formats: `login`
 * (every login handler), `logout`, `getNewToken`, `removeOtherTokens`, `logoutOtherClients`,
 * and the universal publication of the logged-in user's own public fields.
 */
export function registerAccountsMethods(accounts: AccountsServer, host: AccountsMethodHost): void {
  host.methods(
    selfValidating({
      async login(...args) {
        return accounts.loginMethod(this, 'login', args, async () => {
          const request = args[0];
          if (request === null || typeof request !== 'object' || Array.isArray(request)) {
            throw accountsErrors.malformedRequest('login expects an options object');
          }
          return accounts.runLoginHandlers(request as Record<string, unknown>, this);
        });
      },
      async logout() {
        await accounts.logoutConnection(this);
        return undefined;
      },
      async getNewToken() {
        return accounts.issueNewToken(this);
      },
      async removeOtherTokens() {
        await accounts.removeOtherTokens(this);
        return undefined;
      },
      async logoutOtherClients() {
        const result = await accounts.issueNewToken(this);
        await accounts.removeOtherTokens(this);
        return result;
      },
    }),
  );
  host.publish(
    null,
    function (this: AccountsPublication) {
      if (this.userId === null) {
        this.ready();
        return undefined;
      }
      // `services` (hashes, tokens) never leaves the server: only these fields are published.
      return accounts.users.find({ _id: this.userId }, { fields: { ...PUBLISHED_USER_FIELDS } });
    },
    { is_auto: true },
  );
  // Meteor.users stays out of the collection-wide autopublish; with the package listed every
  // client sees the other users' username and profile, as Meteor's accounts-base publishes them.
  if (isAutopublishEnabled()) {
    host.publish(
      null,
      function (this: AccountsPublication) {
        return accounts.users.find(this.userId === null ? {} : { _id: { $ne: this.userId } }, { fields: { ...AUTOPUBLISHED_OTHER_USER_FIELDS } });
      },
      { is_auto: true },
    );
  }
}
