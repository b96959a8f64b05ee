import { Meteor } from 'meteor/meteor';
import SimpleSchema from 'simpl-schema';
import { ID_PATTERN } from '../../channels/schema';
import { parsePublicationArgs } from '../../channels/server/publications';
import { publishWhileMember } from '../../channels/server/publish-while-member';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { requireUserId } from '../../channels/access';
import { MAX_MESSAGE_LIMIT, MAX_PINS_PER_CHANNEL, MESSAGE_FIELDS, MESSAGE_PAGE, Messages } from '../collection';
import type { HistoryCursor } from '../collection';
import { locateReadableMessage } from '../locate-message';
import { appErrors } from '../../app-errors';
import { aroundSchema, channelPageSchema, historyPageSchema } from '../schema';
import { historyPageIds } from './history-page-ids';
import { publishSaved } from './publish-saved';

const channelSchema = new SimpleSchema({ channelId: { type: String, regEx: ID_PATTERN } });
const threadSchema = new SimpleSchema({ channelId: { type: String, regEx: ID_PATTERN }, threadId: { type: String, regEx: ID_PATTERN } });

export function registerMessagePublications(): void {
  /**
   * The live end of a channel: its latest `limit` top-level messages, or with `since` every one
   * from that position on (capped), so a list that also shows older pages loses none of the
   * messages between them as new ones arrive. Members only, withdrawn live if the member leaves
   * or is removed.
   */
  Meteor.publish('messages.channel', async function (this: PublicationHandle, raw: unknown) {
    const { channelId, limit, since } = parsePublicationArgs<{ channelId: string; limit?: number; since?: HistoryCursor }>(channelPageSchema, raw);
    await publishWhileMember(this, channelId, 'messages', () =>
      since === undefined
        ? Messages.find({ channelId, threadId: null }, { fields: MESSAGE_FIELDS, sort: { createdAt: -1 }, limit: limit ?? MESSAGE_PAGE })
        : // Messages sharing the cursor's millisecond come too: an overlap with the page below, never a gap.
          Messages.find(
            { channelId, threadId: null, createdAt: { $gte: since.at } },
            { fields: MESSAGE_FIELDS, sort: { createdAt: -1 }, limit: limit ?? MAX_MESSAGE_LIMIT },
          ),
    );
  });

  /**
   * One page of a channel's history next to a position: the `limit` top-level messages just
   * older than `before`, or just newer than `after`. The page is the set of messages there when
   * it was subscribed (edits, reactions and deletions stay live), so scrolling back costs one
   * fixed-size page at any depth instead of re-reading everything above it.
   */
  Meteor.publish('messages.page', async function (this: PublicationHandle, raw: unknown) {
    const {
      channelId,
      before,
      after,
      limit = MESSAGE_PAGE,
    } = parsePublicationArgs<{ channelId: string; before?: HistoryCursor; after?: HistoryCursor; limit?: number }>(historyPageSchema, raw);
    const position = before ?? after;
    if (position === undefined || (before !== undefined && after !== undefined)) throw appErrors.invalid('Give exactly one of before and after');
    await publishWhileMember(this, channelId, 'messages', async () => {
      const ids = await historyPageIds(channelId, position, before !== undefined ? 'before' : 'after', limit);
      return Messages.find({ _id: { $in: ids }, channelId, threadId: null }, { fields: MESSAGE_FIELDS });
    });
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
      Messages.find(
        {
          $or: [
            { _id: threadId, channelId },
            { channelId, threadId },
          ],
        },
        { fields: MESSAGE_FIELDS, sort: { createdAt: 1 }, limit: 1000 },
      ),
    );
  });

  /**
   * The channel list around one message (a reply: around its thread's parent): `before` older
   * top-level messages, the root and `after` newer ones, live; members only, re-checked here and
   * withdrawn live like the channel publication. Unknown, malformed or unreadable ids are refused.
   */
  Meteor.publish('messages.around', async function (this: PublicationHandle, raw: unknown) {
    const {
      messageId,
      before = MESSAGE_PAGE,
      after = MESSAGE_PAGE,
    } = parsePublicationArgs<{ messageId: string; before?: number; after?: number }>(aroundSchema, raw);
    const { root } = await locateReadableMessage(messageId, requireUserId(this.userId));
    const { channelId, createdAt } = root;
    // Split at the root's time so the two windows never overlap (ties go to the newer side).
    await publishWhileMember(this, channelId, 'messages', () => [
      Messages.find({ channelId, threadId: null, createdAt: { $lt: createdAt } }, { fields: MESSAGE_FIELDS, sort: { createdAt: -1 }, limit: before }),
      Messages.find({ channelId, threadId: null, createdAt: { $gte: createdAt } }, { fields: MESSAGE_FIELDS, sort: { createdAt: 1 }, limit: after + 1 }),
    ]);
  });
}
