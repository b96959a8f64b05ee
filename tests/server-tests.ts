/** Server half of the app tests: the app's real start-up, then every server feature test. */
import { Accounts } from 'meteor/accounts-base';
import { MongoInternals } from 'meteor/mongo';
import { typingRegistry } from '/imports/api/typing/typing-registry';
import { startServer } from '/imports/startup/server';

startServer();

await import('/imports/api/messages/mentions.test');
await import('/imports/api/presence/presence-registry.test');
await import('/imports/api/typing/typing-registry.test');
await import('/imports/api/channels/channels.test');
await import('/imports/api/channels/member-lists.test');
await import('/imports/api/channels/notifications.test');
await import('/imports/api/messages/messages.test');
await import('/imports/api/messages/message-around.test');
await import('/imports/api/messages/history-page.test');
await import('/imports/api/messages/pins.test');
await import('/imports/api/messages/saved.test');
await import('/imports/api/messages/broadcast.test');
await import('/imports/api/presence/presence.test');
await import('/imports/api/typing/typing.test');
await import('/imports/api/users/users.test');
await import('/imports/api/files/files.test');
await import('/imports/api/emoji/emoji.test');
await import('/imports/api/workspace/admin-console.test');
await import('/imports/api/files/server/upload-quota.test');
await import('/imports/api/server/stats-access.test');
await import('/imports/api/server/metrics-access.test');
await import('/imports/api/server/rate-limits.test');
// Last: it floods every method and publication, so it must not eat other tests' rate-limit budgets.
await import('/imports/api/server/client-input.test');

// The app started timers and database connections the runner does not know about: release
// them so the test process exits by itself.
after(async () => {
  Accounts.stop();
  typingRegistry.clear();
  await MongoInternals.closeDefaultRemoteCollectionDriver();
});
