import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { Users } from '../users/users-collection';
import { isMember, loadChannel, requireManager, requireMember, requireUserId, requireWritable } from './access';
import { Channels, GENERAL_CHANNEL_ID, Memberships, membershipId } from './collection';
import type { Channel } from './collection';
import { addMembers, removeMember } from './membership';
import { archiveSchema, channelIdSchema, createChannelSchema, directSchema, inviteSchema, memberSchema, renameChannelSchema, topicSchema } from './schema';

// Channel management runs on the server only: stubs return at once, the UI follows the
// publication. (Only message methods simulate, where instant feedback matters.)

async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const existing = await Channels.findOneAsync({ name, kind: { $in: ['public', 'private'] } }, { fields: { _id: 1 } });
  if (existing !== undefined && existing._id !== exceptId) throw appErrors.nameTaken();
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
    const channelId = (await Channels.insertAsync(channel)) as string;
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
    await addMembers(channelId, [userId], new Date());
  },
});

export const leaveChannel = defineMethod<{ channelId: string }, void>({
  name: 'channels.leave',
  schema: channelIdSchema,
  async run({ channelId }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    const channel = await requireMember(channelId, userId);
    if (channel.kind === 'direct' && channel.memberIds.length <= 2) throw appErrors.forbidden('You cannot leave a one-to-one conversation');
    await removeMember(channelId, userId);
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
    await addMembers(channelId, userIds, new Date());
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
    await Channels.updateAsync({ _id: channelId }, { $set: { name } });
  },
});

export const setChannelTopic = defineMethod<{ channelId: string; topic?: string }, void>({
  name: 'channels.setTopic',
  schema: topicSchema,
  async run({ channelId, topic }) {
    if (this.isSimulation) return;
    const userId = requireUserId(this.userId);
    await requireWritable(channelId, userId);
    await Channels.updateAsync({ _id: channelId }, { $set: { topic: topic ?? '' } });
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

/** Finds or starts the conversation between the caller and `userIds` (1:1 or a small group). */
export const openDirect = defineMethod<{ userIds: string[] }, string | undefined>({
  name: 'channels.openDirect',
  schema: directSchema,
  async run({ userIds }) {
    if (this.isSimulation) return undefined;
    const userId = requireUserId(this.userId);
    const members = [...new Set([userId, ...userIds])].sort();
    if (members.length < 2) throw appErrors.invalid('Pick at least one other person');
    await assertActiveUsers(members);
    // The id is the member set, so opening the same conversation twice finds the first one.
    const channelId = `dm-${members.join('-')}`;
    const now = new Date();
    await Channels.upsertAsync(
      { _id: channelId },
      {
        $setOnInsert: {
          name: '',
          kind: 'direct',
          topic: '',
          createdBy: userId,
          createdAt: now,
          archived: false,
          memberIds: [],
          ownerIds: [],
          lastMessageAt: now,
        },
      },
    );
    await addMembers(channelId, members, now);
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
