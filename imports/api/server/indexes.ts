import { Channels, Memberships } from '../channels/collection';
import { Files } from '../files/collection';
import { Messages } from '../messages/collection';

/** One index per query the app runs (see the publications and methods that use each). */
export async function ensureIndexes(): Promise<void> {
  // messages.channel (latest page), search within a channel set
  await Messages.createIndexAsync({ channelId: 1, threadId: 1, createdAt: -1 });
  // messages.thread, removing a parent's replies
  await Messages.createIndexAsync({ threadId: 1, createdAt: 1 });
  // channels.mine, search's channel set, membership checks
  await Channels.createIndexAsync({ memberIds: 1 });
  // directory and name uniqueness checks
  await Channels.createIndexAsync({ kind: 1, name: 1 });
  // own read markers
  await Memberships.createIndexAsync({ userId: 1 });
  // unread/mention counters bumped per send
  await Memberships.createIndexAsync({ channelId: 1, userId: 1 });
  await Files.createIndexAsync({ channelId: 1 });
  // a user's stored bytes (upload quota)
  await Files.createIndexAsync({ uploadedBy: 1 });
  // the orphan sweep: pending uploads by age
  await Files.createIndexAsync({ state: 1, createdAt: 1 });
}
