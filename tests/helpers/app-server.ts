/**
 * The app's real server start-up for the server tests: every server test file imports this
 * module, so it runs once however many of them `meteor test` discovers, and before any of them.
 */
import { Accounts } from 'meteor/accounts-base';
import { MongoInternals } from 'meteor/mongo';
import { typingRegistry } from '/imports/api/typing/typing-registry';
import { channelLookup } from '/imports/api/channels/channel-lookup';
import { startServer } from '/imports/startup/server';

startServer();

// The app started timers and database connections the runner does not know about: release
// them so the test process exits by itself.
after(async () => {
  Accounts.stop();
  typingRegistry.clear();
  channelLookup()?.stop();
  await MongoInternals.closeDefaultRemoteCollectionDriver();
});
