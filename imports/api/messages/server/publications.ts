import { Meteor } from 'meteor/meteor';
import SimpleSchema from 'simpl-schema';
import { ID_PATTERN } from '../../channels/schema';
import { parsePublicationArgs } from '../../channels/server/publications';
import { publishWhileMember } from '../../channels/server/publish-while-member';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { requireUserId } from '../../channels/access';
import { MAX_MESSAGE_LIMIT, MAX_PINS_PER_CHANNEL, MESSAGE_FIELDS, MESSAGE_PAGE, Messages } from '../collection';
import { locateReadableMessage } from '../locate-message';
import { aroundSchema } from '../schema';
import { publishSaved } from './publish-saved';

const channelPageSchema = new SimpleSchema({
  channelId: { type: String, regEx: ID_PATTERN },
  limit: { type: SimpleSchema.Integer, min: 1, max: MAX_MESSAGE_LIMIT, optional: true },
});
const channelSchema = new SimpleSchema({ channelId: { type: String, regEx: ID_PATTERN } });
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

  /**
   * A channel's pinned messages (replies included), newest pin first, live as pins come and go;
   * members only, withdrawn live like the channel publication.
   */
  Meteor.publish('messages.pinned', async function (this: PublicationHandle, raw: unknown) {
    const { channelId } = parsePublicationArgs<{ channelId: string }>(channelSchema, raw);
    await publishWhileMember(this, channelId, 'messages', () =>
      Messages.find({ channelId, pinnedAt: { $type: 'date' } }, { fields: MESSAGE_FIELDS, sort: { pinnedAt: -1 }, limit: MAX_PINS_PER_CHANNEL }),
    );
  });

  /** The caller's own saved messages (see publishSaved); takes no arguments. */
  Meteor.publish('messages.saved', async function (this: PublicationHandle) {
    await publishSaved(this);
  });

  /** A thread's replies (the parent comes from the channel publication). */
  Meteor.publish('messages.thread', async function (this: PublicationHandle, raw: unknown) {
    const { channelId, threadId } = parsePublicationArgs<{ channelId: string; threadId: string }>(threadSchema, raw);
    await publishWhileMember(this, channelId, 'messages', () =>
      Messages.find({ $or: [{ _id: threadId, channelId }, { channelId, threadId }] }, { fields: MESSAGE_FIELDS, sort: { createdAt: 1 }, limit: 1000 }),
    );
  });

  /**
   * The channel list around one message (a reply: around its thread's parent): `before` older
   * top-level messages, the root and `after` newer ones, live; members only, re-checked here and
   * withdrawn live like the channel publication. Unknown, malformed or unreadable ids are refused.
   */
  Meteor.publish('messages.around', async function (this: PublicationHandle, raw: unknown) {
    const { messageId, before = MESSAGE_PAGE, after = MESSAGE_PAGE } = parsePublicationArgs<{ messageId: string; before?: number; after?: number }>(aroundSchema, raw);
    const { root } = await locateReadableMessage(messageId, requireUserId(this.userId));
    const { channelId, createdAt } = root;
    // Split at the root's time so the two windows never overlap (ties go to the newer side).
    await publishWhileMember(this, channelId, 'messages', () => [
      Messages.find({ channelId, threadId: null, createdAt: { $lt: createdAt } }, { fields: MESSAGE_FIELDS, sort: { createdAt: -1 }, limit: before }),
      Messages.find({ channelId, threadId: null, createdAt: { $gte: createdAt } }, { fields: MESSAGE_FIELDS, sort: { createdAt: 1 }, limit: after + 1 }),
    ]);
  });
}
