import { Channels, Memberships, membershipId } from './collection';

/** Adds users to a channel: member list and read markers together, idempotently. */
export async function addMembers(channelId: string, userIds: readonly string[], now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await Channels.updateAsync({ _id: channelId }, { $addToSet: { memberIds: { $each: [...userIds] } } });
  for (const userId of userIds) {
    await Memberships.upsertAsync(
      { _id: membershipId(channelId, userId) },
      { $setOnInsert: { channelId, userId, joinedAt: now, lastReadAt: now, unread: 0, mentions: 0 } },
    );
  }
}

/** Removes a user from a channel; their publications of it stop live (see publications). */
export async function removeMember(channelId: string, userId: string): Promise<void> {
  await Channels.updateAsync({ _id: channelId }, { $pull: { memberIds: userId, ownerIds: userId } });
  await Memberships.removeAsync({ _id: membershipId(channelId, userId) });
}
