import { Channels, Memberships, membershipId } from './collection';
import { typingRegistry } from '../typing/typing-registry';
import { matchedAny } from '../write-result';

/** Read markers for users who just became members; idempotent (upsert on the fixed id). */
export async function addMemberships(channelId: string, userIds: readonly string[], now: Date): Promise<void> {
  for (const userId of userIds) {
    await Memberships.upsertAsync(
      { _id: membershipId(channelId, userId) },
      { $setOnInsert: { channelId, userId, joinedAt: now, lastReadAt: now, unread: 0, mentions: 0 } },
    );
  }
}

/**
 * Adds users to a channel: member list and read markers together, idempotently. `condition`
 * is checked by the same update that adds them (e.g. "still public and not archived"), so a
 * check made earlier cannot go stale in between; returns false when it did not hold.
 */
export async function addMembers(channelId: string, userIds: readonly string[], now: Date, condition: Record<string, unknown> = {}): Promise<boolean> {
  if (userIds.length === 0) return true;
  const added = await Channels.updateAsync({ ...condition, _id: channelId }, { $addToSet: { memberIds: { $each: [...userIds] } } });
  if (!matchedAny(added)) return false;
  await addMemberships(channelId, userIds, now);
  return true;
}

/**
 * Removes a user from a channel; their publications of it stop live (publishWhileMember).
 * `condition` is checked by the removing update itself; returns false when it did not hold or
 * the user was not a member. A direct conversation stops being "the conversation of its member
 * set" (directKey) once anyone leaves it.
 */
export async function removeMember(channelId: string, userId: string, condition: Record<string, unknown> = {}): Promise<boolean> {
  const removed = await Channels.updateAsync(
    { ...condition, _id: channelId, memberIds: userId },
    { $pull: { memberIds: userId, ownerIds: userId }, $unset: { directKey: '' } },
  );
  if (!matchedAny(removed)) return false;
  await Memberships.removeAsync({ _id: membershipId(channelId, userId) });
  // Their "is typing" must not outlive their membership (it would lapse only after the TTL).
  typingRegistry.set(channelId, userId, false);
  return true;
}
