import { Meteor } from 'meteor/meteor';
import { DDPRateLimiter } from 'meteor/ddp-rate-limiter';
import { WebApp } from 'meteor/webapp';
import { registerChannelPublications } from '/imports/api/channels/server/publications';
import { registerMessagePublications } from '/imports/api/messages/server/publications';
import { registerPresencePublication } from '/imports/api/presence/server/publications';
import { registerTypingPublication } from '/imports/api/typing/server/publications';
import { registerUserPublications } from '/imports/api/users/server/publications';
import { setUpAccounts } from '/imports/api/users/server/accounts-setup';
import { ensureGeneralChannel } from '/imports/api/server/general-channel';
import { ensureIndexes } from '/imports/api/server/indexes';
import { migrateReactions } from '/imports/api/server/migrate-reactions';
import { addRateLimits } from '/imports/api/server/rate-limits';
import { registerEmojiPublications } from '/imports/api/emoji/server/publications';
import { registerWorkspacePublications } from '/imports/api/workspace/server/publications';
import { registerFileRoutes } from '/imports/api/files/server/file-routes';
import { installAppMethodHost } from '/imports/startup/method-host';
import { isAdmin } from '/imports/api/channels/access';
import { setChannelLookup } from '/imports/api/channels/channel-lookup';
import { LiveChannelCache } from '/imports/api/channels/server/live-channel-cache';
import '/imports/startup/register-api';

/** Server start-up: methods, publications, accounts hooks, rate limits, HTTP routes, seed data. */
export function startServer(): void {
  WebApp.handlers.get('/api/version', (_req, res) => {
    res.json({ app: 'perseid' });
  });
  installAppMethodHost();
  // The boot does not install a limiter: the app wires Meteor's default one.
  Meteor.server.setRateLimiter((input) => DDPRateLimiter.check(input));
  addRateLimits();
  // GET /__perseid/stats names channels, users and subscriptions: workspace admins only.
  Meteor.server.setStatsAccess({ isAdmin });
  setUpAccounts();
  registerChannelPublications();
  registerMessagePublications();
  registerUserPublications();
  registerPresencePublication();
  registerTypingPublication();
  registerEmojiPublications();
  registerWorkspacePublications();
  registerFileRoutes();
  // messages.send checks membership against live copies of the channels it posts to.
  setChannelLookup(new LiveChannelCache());
  Meteor.startup(async () => {
    // Data written in an older shape is rewritten before anything is served.
    await migrateReactions();
    await ensureIndexes();
    await ensureGeneralChannel();
  });
}
