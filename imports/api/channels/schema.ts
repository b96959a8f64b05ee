import SimpleSchema from 'simpl-schema';
import { NOTIFY_LEVELS } from './notify-level';

export const ID_PATTERN = /^[A-Za-z0-9:_-]{1,200}$/;
/** Channel names as users see them after '#': lower-case letters, digits, '-' and '_'. */
export const CHANNEL_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const id = { type: String, regEx: ID_PATTERN };

export const channelIdSchema = new SimpleSchema({ channelId: id });

export const createChannelSchema = new SimpleSchema({
  name: { type: String, regEx: CHANNEL_NAME_PATTERN },
  kind: { type: String, allowedValues: ['public', 'private'] },
  topic: { type: String, max: 250, optional: true },
});

export const renameChannelSchema = new SimpleSchema({ channelId: id, name: { type: String, regEx: CHANNEL_NAME_PATTERN } });
export const topicSchema = new SimpleSchema({ channelId: id, topic: { type: String, max: 250, optional: true } });
export const archiveSchema = new SimpleSchema({ channelId: id, archived: Boolean });
export const inviteSchema = new SimpleSchema({
  channelId: id,
  userIds: { type: Array, minCount: 1, maxCount: 50 },
  'userIds.$': id,
});
export const memberSchema = new SimpleSchema({ channelId: id, userId: id });
/** A direct message holds the caller and at most 8 others, so its member list stays small enough to publish whole. */
export const MAX_DIRECT_MEMBERS = 9;
export const directSchema = new SimpleSchema({
  userIds: { type: Array, minCount: 1, maxCount: MAX_DIRECT_MEMBERS - 1 },
  'userIds.$': id,
});

/** `channels.members`: one page of a channel's members, optionally narrowed by what is typed. */
export const MEMBER_PAGE_DEFAULT = 100;
export const MEMBER_PAGE_MAX = 500;
export const MEMBER_QUERY_MAX = 40;
export const memberPageSchema = new SimpleSchema({
  channelId: id,
  query: { type: String, max: MEMBER_QUERY_MAX, optional: true },
  limit: { type: SimpleSchema.Integer, min: 1, max: MEMBER_PAGE_MAX, optional: true },
});
/** `channels.setNotifications`: a level, a mute (`null` lifts it), or both; at least one. */
export const notificationsSchema = new SimpleSchema({
  channelId: id,
  notify: { type: String, allowedValues: [...NOTIFY_LEVELS], optional: true },
  mutedUntil: { type: Date, optional: true },
});
