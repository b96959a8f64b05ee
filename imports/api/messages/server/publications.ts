import { Meteor } from 'meteor/meteor';
import SimpleSchema from 'simpl-schema';
import { ID_PATTERN } from '../../channels/schema';
import { parsePublicationArgs } from '../../channels/server/publications';
import { publishWhileMember } from '../../channels/server/publish-while-member';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { MAX_MESSAGE_LIMIT, MESSAGE_FIELDS, MESSAGE_PAGE, Messages } from '../collection';

const channelPageSchema = new SimpleSchema({
  channelId: { type: String, regEx: ID_PATTERN },
  limit: { type: SimpleSchema.Integer, min: 1, max: MAX_MESSAGE_LIMIT, optional: true },
});
const threadSchema = new SimpleSchema({ channelId: { type: String, regEx: ID_PATTERN }, threadId: { type: String, regEx: ID_PATTERN } });

export function registerMessagePublications(): void {
  /**
   * The latest `limit` top-level messages of a channel (scrolling back re-subscribes with a
   * larger limit), for members only, withdrawn live if the member leaves or is removed.
   */
  Meteor.publish('messages.channel', async function (this: PublicationHandle, raw: unknown) {
    const { channelId, limit = MESSAGE_PAGE } = parsePublicationArgs<{ channelId: string; limit?: number }>(channelPageSchema, raw);
    await publishWhileMember(this, channelId, 'messages', () =>
      Messages.find({ channelId, threadId: null }, { fields: MESSAGE_FIELDS, sort: { createdAt: -1 }, limit }),
    );
  });

  /** A thread's replies (the parent comes from the channel publication). */
  Meteor.publish('messages.thread', async function (this: PublicationHandle, raw: unknown) {
    const { channelId, threadId } = parsePublicationArgs<{ channelId: string; threadId: string }>(threadSchema, raw);
    await publishWhileMember(this, channelId, 'messages', () =>
      Messages.find({ $or: [{ _id: threadId, channelId }, { channelId, threadId }] }, { fields: MESSAGE_FIELDS, sort: { createdAt: 1 }, limit: 1000 }),
    );
  });
}
