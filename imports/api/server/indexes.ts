import { isDuplicateKeyError } from 'meteor/mongo';
import { Channels, Memberships } from '../channels/collection';
import { CustomEmojis } from '../emoji/collection';
import { Files } from '../files/collection';
import { Messages } from '../messages/collection';
import { SavedMessages } from '../messages/saved-collection';
import { Invites } from '../workspace/collection';

/**
 * One index per query the app runs (see the publications and methods that use each), and the
 * unique indexes that settle check-then-act races: two writes that both passed a check cannot
 * both land, the loser gets E11000 and answers as the check would have.
 */
export async function ensureIndexes(): Promise<void> {
  // messages.channel (latest page), search within a channel set
  await Messages.createIndexAsync({ channelId: 1, threadId: 1, createdAt: -1 });
  // messages.pinned and the per-channel pin count; partial, as few messages are ever pinned
  await Messages.createIndexAsync({ channelId: 1, pinnedAt: -1 }, { name: 'pins', partialFilterExpression: { pinnedAt: { $type: 'date' } } });
  // messages.thread, removing a parent's replies
  await Messages.createIndexAsync({ threadId: 1, createdAt: 1 });
  // channels.mine, search's channel set, membership checks
  await Channels.createIndexAsync({ memberIds: 1 });
  // directory listing by kind and name
  await Channels.createIndexAsync({ kind: 1, name: 1 });
  // One channel per name (names are lower-case by schema); direct messages have '' and no name.
  await uniqueIndex(Channels, { name: 1 }, { name: 'name_1_unique', unique: true, partialFilterExpression: { name: { $gt: '' } } });
  // One open direct conversation per set of people (channels.openDirect).
  await uniqueIndex(Channels, { directKey: 1 }, { name: 'directKey_1_unique', unique: true, partialFilterExpression: { directKey: { $type: 'string' } } });
  // One custom emoji per name (emoji.add).
  await uniqueIndex(CustomEmojis, { name: 1 }, { name: 'name_1_unique', unique: true });
  // own read markers
  await Memberships.createIndexAsync({ userId: 1 });
  // unread/mention counters bumped per send
  await Memberships.createIndexAsync({ channelId: 1, userId: 1 });
  // One saved entry per person and message (messages.save); messages.saved lists a person's own.
  await uniqueIndex(SavedMessages, { userId: 1, messageId: 1 }, { name: 'saved_user_message_unique', unique: true });
  // Sign-up through an invite link looks it up by its secret.
  await uniqueIndex(Invites, { token: 1 }, { name: 'token_1_unique', unique: true });
  await Files.createIndexAsync({ channelId: 1 });
  // a user's stored bytes (upload quota)
  await Files.createIndexAsync({ uploadedBy: 1 });
  // the orphan sweep: pending uploads by age
  await Files.createIndexAsync({ state: 1, createdAt: 1 });
}

type IndexedCollection = Pick<typeof Channels, 'createIndexAsync'>;

/**
 * A unique index over data written before it existed may meet duplicates; the server still
 * starts (the methods' own checks keep refusing new ones) and says which index is missing.
 */
async function uniqueIndex(
  collection: IndexedCollection,
  keys: Record<string, 1>,
  options: Parameters<IndexedCollection['createIndexAsync']>[1],
): Promise<void> {
  try {
    await collection.createIndexAsync(keys, options);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    console.error(
      `Unique index ${options?.name ?? JSON.stringify(keys)} not created: the database already holds duplicates (${error instanceof Error ? error.message : String(error)}). Rename or remove them and restart.`,
    );
  }
}
