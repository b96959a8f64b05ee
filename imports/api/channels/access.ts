import { appErrors } from '../app-errors';
import { Users } from '../users/users-collection';
import type { ChatUserFields } from '../users/users-collection';
import { Channels } from './collection';
import type { Channel } from './collection';

/**
 * Server-side authorisation: every method and publication goes through these, so the rules
 * (membership to read or write, owners/admins to manage, archived = read-only) live in one place.
 */
export function requireUserId(userId: string | null): string {
  if (userId === null) throw appErrors.notLoggedIn();
  return userId;
}

export async function isAdmin(userId: string): Promise<boolean> {
  const user = (await Users.findOneAsync({ _id: userId }, { fields: { roles: 1 } })) as ChatUserFields | undefined | null;
  return user?.roles?.includes('admin') === true;
}

export async function loadChannel(channelId: string): Promise<Channel> {
  const channel = await Channels.findOneAsync({ _id: channelId });
  if (channel === undefined) throw appErrors.notFound('Channel');
  return channel;
}

export function isMember(channel: Pick<Channel, 'memberIds'>, userId: string): boolean {
  return channel.memberIds.includes(userId);
}

/** Membership by id, for callers that must answer "unknown" when it fails (nothing revealed). */
export async function isMemberOf(channelId: string, userId: string): Promise<boolean> {
  return (await Channels.findOneAsync({ _id: channelId, memberIds: userId }, { fields: { _id: 1 } })) !== undefined;
}

/** Loads a channel the caller belongs to; anything else is refused without revealing it exists. */
export async function requireMember(channelId: string, userId: string): Promise<Channel> {
  const channel = await Channels.findOneAsync({ _id: channelId });
  if (channel === undefined || !isMember(channel, userId)) throw appErrors.notMember();
  return channel;
}

/** A member of a channel that is not archived. */
export async function requireWritable(channelId: string, userId: string): Promise<Channel> {
  const channel = await requireMember(channelId, userId);
  if (channel.archived) throw appErrors.archived();
  return channel;
}

export async function canManage(channel: Channel, userId: string): Promise<boolean> {
  return channel.ownerIds.includes(userId) || (await isAdmin(userId));
}

export async function requireManager(channelId: string, userId: string): Promise<Channel> {
  const channel = await requireMember(channelId, userId).catch(async (error: unknown) => {
    // Admins manage channels they are not in (e.g. to archive an abandoned one).
    if (await isAdmin(userId)) return loadChannel(channelId);
    throw error;
  });
  if (!(await canManage(channel, userId))) throw appErrors.forbidden('Only the channel owner or an admin can do that');
  return channel;
}
