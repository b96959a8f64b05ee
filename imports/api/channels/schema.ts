import SimpleSchema from 'simpl-schema';

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
export const directSchema = new SimpleSchema({
  userIds: { type: Array, minCount: 1, maxCount: 8 },
  'userIds.$': id,
});
