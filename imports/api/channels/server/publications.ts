import { Meteor } from 'meteor/meteor';
import { parseArgumentObject } from '@perseid/collection-security';
import SimpleSchema from 'simpl-schema';
import { CHANNEL_MEMBERS_COLLECTION, Channels, CHANNEL_FIELDS, Memberships, MEMBERSHIP_FIELDS } from '../collection';
import { ID_PATTERN, MEMBER_PAGE_DEFAULT, memberPageSchema } from '../schema';
import { channelSummaries } from './channel-summaries';
import { memberPage } from './member-page';
import { publishWhileMember } from './publish-while-member';
import type { PublicationHandle } from './publish-while-member';
import { escapeRegExp } from '../../escape-reg-exp';

const directorySchema = new SimpleSchema({ search: { type: String, max: 60, optional: true } });

/** Parses a publication's one argument object with a schema; bad input ends the sub with a validation-error. */
export function parsePublicationArgs<T>(schema: SimpleSchema, raw: unknown): T {
  return parseArgumentObject<T>(schema, raw, 'This subscription');
}

export { ID_PATTERN };

export function registerChannelPublications(): void {
  /** The caller's channels (any kind, as ChannelSummary) and their own read markers. */
  Meteor.publish('channels.mine', function (this: PublicationHandle) {
    if (this.userId === null) {
      this.ready();
      return undefined;
    }
    return [
      channelSummaries(Channels.find({ memberIds: this.userId }, { fields: CHANNEL_FIELDS }), this.userId),
      Memberships.find({ userId: this.userId }, { fields: MEMBERSHIP_FIELDS }),
    ];
  });

  /** Public channels for the directory, optionally filtered by name. */
  Meteor.publish('channels.directory', function (this: PublicationHandle, raw: unknown = {}) {
    if (this.userId === null) {
      this.ready();
      return undefined;
    }
    const { search } = parsePublicationArgs<{ search?: string }>(directorySchema, raw);
    const selector: Record<string, unknown> = { kind: 'public' };
    if (search !== undefined && search.length > 0) selector['name'] = { $regex: escapeRegExp(search.toLowerCase()) };
    return channelSummaries(Channels.find(selector, { fields: CHANNEL_FIELDS, sort: { name: 1 }, limit: 200 }), this.userId);
  });

  /**
   * One page of a channel's members (ChannelMember documents), for its members only, withdrawn
   * live when the caller leaves: `query` narrows it as memberMatches does, `limit` sizes it.
   */
  Meteor.publish('channels.members', async function (this: PublicationHandle, raw: unknown) {
    const {
      channelId,
      query = '',
      limit = MEMBER_PAGE_DEFAULT,
    } = parsePublicationArgs<{ channelId: string; query?: string; limit?: number }>(memberPageSchema, raw);
    await publishWhileMember(this, channelId, CHANNEL_MEMBERS_COLLECTION, () => memberPage(channelId, query, limit));
  });
}
