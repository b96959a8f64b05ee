import { Mongo } from 'meteor/mongo';
import type { NotifyLevel } from './notify-level';

/** public: anyone may browse and join; private: by invitation; direct: a DM between fixed members. */
export type ChannelKind = 'public' | 'private' | 'direct';

export interface Channel {
  _id: string;
  /** Lower-case slug for public/private channels; '' for direct messages (named by members). */
  name: string;
  kind: ChannelKind;
  topic: string;
  createdBy: string;
  createdAt: Date;
  /** Archived channels are read-only: no sends, edits, reactions or joins. */
  archived: boolean;
  /** Everyone in the channel. Server-side only for channels; clients get `ChannelSummary`. */
  memberIds: string[];
  /** Channel owners (the creator, plus whoever they promote); admins act as owners everywhere. */
  ownerIds: string[];
  lastMessageAt: Date;
  /**
   * Direct conversations only: the sorted member ids joined by ',', unique (index), present
   * while the members are still the set the conversation was opened for. A member leaving
   * removes it, so opening that set again starts a new conversation instead of re-adding the
   * departed member to the old one (a direct message's membership is fixed).
   */
  directKey?: string;
}

/**
 * A channel as a client receives it from `channels.mine` and `channels.directory`: its size and
 * whether the reader is in it, never the member list itself, so a join to a big channel costs every
 * other member one small `changed` frame. Member lists are read page by page (`channels.members`).
 */
export interface ChannelSummary extends Omit<Channel, 'memberIds'> {
  memberCount: number;
  /** Whether the subscribing user is a member. */
  joined: boolean;
  /** Direct messages only (at most MAX_DIRECT_MEMBERS people): who the conversation is with. */
  memberIds?: string[];
}

/**
 * One member of a channel as `channels.members` publishes it, into CHANNEL_MEMBERS_COLLECTION;
 * `_id` is the membership id `${channelId}:${userId}`.
 */
export interface ChannelMember {
  _id: string;
  channelId: string;
  userId: string;
}

/** A client-only collection: filled by `channels.members`, never stored. */
export const CHANNEL_MEMBERS_COLLECTION = 'channelMembers';

/**
 * One per (channel, user): the user's read marker and the unread/mention counters it implies.
 * `_id` is `${channelId}:${userId}` so joins are idempotent upserts.
 */
export interface Membership {
  _id: string;
  channelId: string;
  userId: string;
  joinedAt: Date;
  lastReadAt: Date;
  unread: number;
  mentions: number;
  /** What of this channel reaches the member (`channels.setNotifications`); absent means 'all'. */
  notify?: NotifyLevel;
  /** Until then the channel counts as 'nothing'; null or absent: not muted. */
  mutedUntil?: Date | null;
}

export const Channels = new Mongo.Collection<Channel>('channels');
export const Memberships = new Mongo.Collection<Membership>('memberships');

export const GENERAL_CHANNEL_ID = 'general';

export function membershipId(channelId: string, userId: string): string {
  return `${channelId}:${userId}`;
}

/** Fields of a channel any reader may see. */
export const CHANNEL_FIELDS = {
  name: 1,
  kind: 1,
  topic: 1,
  createdBy: 1,
  createdAt: 1,
  archived: 1,
  // Read by the publications to derive memberCount/joined; only direct messages pass it on.
  memberIds: 1,
  ownerIds: 1,
  lastMessageAt: 1,
} as const;

/** Fields of a user's own membership documents. */
export const MEMBERSHIP_FIELDS = { channelId: 1, userId: 1, joinedAt: 1, lastReadAt: 1, unread: 1, mentions: 1, notify: 1, mutedUntil: 1 } as const;
