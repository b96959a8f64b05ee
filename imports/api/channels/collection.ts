import { Mongo } from 'meteor/mongo';

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
  memberIds: 1,
  ownerIds: 1,
  lastMessageAt: 1,
} as const;

/** Fields of a user's own membership documents. */
export const MEMBERSHIP_FIELDS = { channelId: 1, userId: 1, joinedAt: 1, lastReadAt: 1, unread: 1, mentions: 1 } as const;
