/**
 * Seeding a running chat's database through the official driver, for the benches that need a
 * channel with history (scroll-back, cached cold open, joins).
 */
import type { Db, MongoClient } from 'mongodb';

/** The app's database: the one holding #general (its name depends on how the app was started). */
export async function appDatabase(client: MongoClient): Promise<Db> {
  const { databases } = await client.db('admin').admin().listDatabases();
  for (const { name } of databases) {
    if (
      (await client
        .db(name)
        .collection('channels')
        .countDocuments({ _id: 'general' as never })) > 0
    )
      return client.db(name);
  }
  throw new Error('no database holds #general');
}

/** Inserts per round trip: big enough to seed 100,000 messages quickly, small enough for one wire message. */
const SEED_BATCH = 5000;

/**
 * A public channel `channelId` with `count` messages by `userId`, one a second up to now, and
 * `userId`'s membership; returns the newest message's text, which a page shows once it painted
 * the channel's latest page.
 */
export async function seedChannel(db: Db, channelId: string, userId: string, count: number): Promise<string> {
  const newest = `newest-of-${channelId}`;
  const end = Date.now();
  for (let start = 0; start < count; start += SEED_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + SEED_BATCH); i += 1) {
      batch.push({
        _id: `${channelId}-${i}`,
        channelId,
        userId,
        text: i === count - 1 ? newest : `history message ${i} of ${channelId}`,
        createdAt: new Date(end - (count - i) * 1000),
        editedAt: null,
        threadId: null,
        replyCount: 0,
        lastReplyAt: null,
        reactions: {},
        mentionIds: [],
        attachment: null,
      });
    }
    await db.collection('messages').insertMany(batch as never[]);
  }
  const now = new Date();
  await db.collection('channels').insertOne({
    _id: channelId,
    name: channelId,
    kind: 'public',
    topic: `${count} messages`,
    createdBy: userId,
    createdAt: new Date(end - count * 1000),
    archived: false,
    memberIds: [userId],
    ownerIds: [userId],
    lastMessageAt: now,
  } as never);
  await db
    .collection('memberships')
    .insertOne({ _id: `${channelId}:${userId}`, channelId, userId, joinedAt: now, lastReadAt: now, unread: 0, mentions: 0 } as never);
  return newest;
}
