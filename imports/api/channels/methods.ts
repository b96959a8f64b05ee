import { isDuplicateKeyError } from 'meteor/mongo';
import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { Users } from '../users/users-collection';
import { isMember, loadChannel, requireManager, requireMember, requireUserId, requireWritable } from './access';
import { Channels, GENERAL_CHANNEL_ID, Memberships, membershipId } from './collection';
import type { Channel } from './collection';
import { addMembers, addMemberships, removeMember } from './membership';
import {
  archiveSchema,
  channelIdSchema,
  notificationsSchema,
  createChannelSchema,
  directSchema,
  inviteSchema,
  memberSchema,
  renameChannelSchema,
  topicSchema,
} from './schema';
import { matchedAny } from '../write-result';
import { MAX_MUTE_MS } from './notify-level';
import type { NotifyLevel } from './notify-level';

// Channel management runs on the server only: stubs return at once, the UI follows the
// publication. (Only message methods simulate, where instant feedback matters.)

async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const existing = await Channels.findOneAsync({ name, kind: { $in: ['public', 'private'] } }, { fields: { _id: 1 } });
  if (existing !== undefined && existing._id !== exceptId) throw appErrors.nameTaken();
}

/** Inserts a named channel; the unique name index settles two creations of one name at once. */
async function insertNamed(channel: Omit<Channel, '_id'>): Promise<string> {
  try {
    return (await Channels.insertAsync(channel)) as string;
  } catch (error) {
    if (isDuplicateKeyError(error, 'name')) throw appErrors.nameTaken();
    throw error;
  }
}

async function assertActiveUsers(userIds: readonly string[]): Promise<void> {
  for (const userId of userIds) {
    const user = (await Users.findOneAsync({ _id: userId }, { fields: { deactivated: 1 } })) as { deactivated?: boolean } | undefined | null;
    if (user == null || user.deactivated === true) throw appErrors.notFound('User');
  }
}

export const createChannel = defineMethod<{ name: string; kind: 'public' | 'private'; topic?: string }, string | undefined>({
  name: 'channels.create',
  schema: createChannelSchema,
  async run({ name, kind, topic }) {
    if (this.isSimulation) return undefined;
    const userId = requireUserId(this.userId);
    await assertNameFree(name);
    const now = new Date();
    const channel: Omit<Channel, '_id'> = {
      name,
      kind,
      topic: topic ?? '',
      createdBy: userId,
      createdAt: now,
      archived: false,
      memberIds: [],
      ownerIds: [userId],
      lastMessageAt: now,
    };
    const channelId = await insertNamed(channel);
    await addMembers(channelId, [userId], now);
    return channelId;
  },
});

export const joinChannel = defineMethod<{ channelId: string }, void>({
  name: 'channels.join',
  schema: channelIdSchema,
  async run({ channelId }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    const channel = await loadChannel(channelId);
    // Private channels and DMs do not reveal themselves to outsiders.
    if (channel.kind !== 'public') throw appErrors.notFound('Channel');
    if (channel.archived) throw appErrors.archived();
    // Re-checked by the update itself: an archive in between wins.
    if (!(await addMembers(channelId, [userId], new Date(), { kind: 'public', archived: false }))) throw appErrors.archived();
  },
});

export const leaveChannel = defineMethod<{ channelId: string }, void>({
  name: 'channels.leave',
  schema: channelIdSchema,
  async run({ channelId }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    const channel = await requireMember(channelId, userId);
    const oneToOne = appErrors.forbidden('You cannot leave a one-to-one conversation');
    if (channel.kind === 'direct' && channel.memberIds.length <= 2) throw oneToOne;
    // Two members leaving a group of three at once: the update keeps the last two together.
    const atLeastThree = channel.kind === 'direct' ? { 'memberIds.2': { $exists: true } } : {};
    if (!(await removeMember(channelId, userId, atLeastThree))) {
      if (channel.kind === 'direct') throw oneToOne;
      throw appErrors.notMember();
    }
  },
});

export const inviteMembers = defineMethod<{ channelId: string; userIds: string[] }, void>({
  name: 'channels.invite',
  schema: inviteSchema,
  async run({ channelId, userIds }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    const channel = await requireWritable(channelId, userId);
    if (channel.kind === 'direct') throw appErrors.forbidden('Start a new conversation to add people to a direct message');
    await assertActiveUsers(userIds);
    // Re-checked by the update itself: an archive in between wins.
    if (!(await addMembers(channelId, userIds, new Date(), { archived: false, kind: { $ne: 'direct' } }))) throw appErrors.archived();
  },
});

export const removeChannelMember = defineMethod<{ channelId: string; userId: string }, void>({
  name: 'channels.removeMember',
  schema: memberSchema,
  async run({ channelId, userId: target }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    const channel = await requireManager(channelId, userId);
    if (channel.kind === 'direct') throw appErrors.forbidden('Nobody can be removed from a direct message');
    if (!isMember(channel, target)) throw appErrors.notFound('Member');
    await removeMember(channelId, target);
  },
});

export const renameChannel = defineMethod<{ channelId: string; name: string }, void>({
  name: 'channels.rename',
  schema: renameChannelSchema,
  async run({ channelId, name }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    const channel = await requireManager(channelId, userId);
    if (channel.kind === 'direct') throw appErrors.forbidden('Direct messages have no name');
    if (channel.archived) throw appErrors.archived();
    await assertNameFree(name, channelId);
    try {
      await Channels.updateAsync({ _id: channelId }, { $set: { name } });
    } catch (error) {
      if (isDuplicateKeyError(error, 'name')) throw appErrors.nameTaken();
      throw error;
    }
  },
});

export const setChannelTopic = defineMethod<{ channelId: string; topic?: string }, void>({
  name: 'channels.setTopic',
  schema: topicSchema,
  async run({ channelId, topic }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    await requireWritable(channelId, userId);
    // Re-checked by the update itself: an archive or a removal in between wins.
    const changed = await Channels.updateAsync({ _id: channelId, memberIds: userId, archived: false }, { $set: { topic: topic ?? '' } });
    if (!matchedAny(changed)) await requireWritable(channelId, userId);
  },
});

export const archiveChannel = defineMethod<{ channelId: string; archived: boolean }, void>({
  name: 'channels.archive',
  schema: archiveSchema,
  async run({ channelId, archived }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    const channel = await requireManager(channelId, userId);
    if (channel._id === GENERAL_CHANNEL_ID) throw appErrors.forbidden('#general cannot be archived');
    if (channel.kind === 'direct') throw appErrors.forbidden('Direct messages cannot be archived');
    await Channels.updateAsync({ _id: channelId }, { $set: { archived } });
  },
});

async function findDirect(directKey: string): Promise<string | undefined> {
  return (await Channels.findOneAsync({ directKey }, { fields: { _id: 1 } }))?._id;
}

/**
 * Conversations opened before directKey existed have the id `dm-<sorted ids joined by '-'>`;
 * one whose members are still exactly that set becomes the set's conversation (once).
 */
async function adoptLegacyDirect(members: readonly string[], directKey: string): Promise<string | undefined> {
  const legacyId = `dm-${members.join('-')}`;
  const adopted = await Channels.updateAsync(
    { _id: legacyId, kind: 'direct', directKey: { $exists: false }, memberIds: { $all: [...members], $size: members.length } },
    { $set: { directKey } },
  ).catch((error: unknown) => {
    // Another call made the set's conversation meanwhile: that one is the answer.
    if (isDuplicateKeyError(error, 'directKey')) return 0;
    throw error;
  });
  return matchedAny(adopted) ? legacyId : undefined;
}

/**
 * Finds or starts the conversation between the caller and `userIds` (1:1 or a small group).
 * A direct conversation's members are fixed: nobody is ever added to an existing one. Once
 * someone has left a group conversation it no longer belongs to the full set, so opening the
 * full set again (by the one who left or by anyone else) starts a new, empty conversation;
 * the one who left never sees what was said after they left. Concurrent calls for one set
 * agree on one conversation (unique directKey).
 */
export const openDirect = defineMethod<{ userIds: string[] }, string | undefined>({
  name: 'channels.openDirect',
  schema: directSchema,
  async run({ userIds }) {
    if (this.isSimulation) return undefined;
    const userId = requireUserId(this.userId);
    const members = [...new Set([userId, ...userIds])].sort();
    if (members.length < 2) throw appErrors.invalid('Pick at least one other person');
    await assertActiveUsers(members);
    const directKey = members.join(',');
    const existing = (await findDirect(directKey)) ?? (await adoptLegacyDirect(members, directKey));
    if (existing !== undefined) return existing;
    const now = new Date();
    const channel: Omit<Channel, '_id'> = {
      name: '',
      kind: 'direct',
      topic: '',
      createdBy: userId,
      createdAt: now,
      archived: false,
      memberIds: members,
      ownerIds: [],
      lastMessageAt: now,
      directKey,
    };
    let channelId: string;
    try {
      channelId = (await Channels.insertAsync(channel)) as string;
    } catch (error) {
      if (!isDuplicateKeyError(error, 'directKey')) throw error;
      const winner = await findDirect(directKey);
      if (winner === undefined) throw error;
      return winner;
    }
    await addMemberships(channelId, members, now);
    return channelId;
  },
});

/** Moves the caller's read marker to now: unread and mention counters drop to zero. */
export const markRead = defineMethod<{ channelId: string }, void>({
  name: 'channels.markRead',
  schema: channelIdSchema,
  async run({ channelId }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) {
      // Optimistic: the badge clears at once on this client.
      await Memberships.updateAsync({ _id: membershipId(channelId, userId) }, { $set: { unread: 0, mentions: 0 } });
      return;
    }
    await requireMember(channelId, userId);
    await Memberships.updateAsync({ _id: membershipId(channelId, userId) }, { $set: { unread: 0, mentions: 0, lastReadAt: new Date() } });
  },
});

/**
 * The caller's own notification level and mute for one channel, kept on their membership so
 * nobody else's changes. A mute ends at a future time within MAX_MUTE_MS; `null` lifts it.
 */
export const setNotifications = defineMethod<{ channelId: string; notify?: NotifyLevel; mutedUntil?: Date | null }, void>({
  name: 'channels.setNotifications',
  schema: notificationsSchema,
  async run({ channelId, notify, mutedUntil }) {
    const userId = requireUserId(this.userId);
    if (notify === undefined && mutedUntil === undefined) throw appErrors.invalid('Choose a notification level or a mute');
    const now = Date.now();
    if (mutedUntil != null && (mutedUntil.getTime() <= now || mutedUntil.getTime() > now + MAX_MUTE_MS))
      throw appErrors.invalid('A mute ends in the future, within a week');
    const set: Partial<Record<'notify' | 'mutedUntil', NotifyLevel | Date | null>> = {};
    if (notify !== undefined) set.notify = notify;
    if (mutedUntil !== undefined) set.mutedUntil = mutedUntil;
    // Simulated, so the choice shows at once on this client; the server's answer settles it.
    if (!this.isSimulation) await requireMember(channelId, userId);
    await Memberships.updateAsync({ _id: membershipId(channelId, userId) }, { $set: set });
  },
});
