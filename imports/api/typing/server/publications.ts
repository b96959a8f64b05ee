import { Meteor } from 'meteor/meteor';
import SimpleSchema from 'simpl-schema';
import { Channels } from '../../channels/collection';
import { ID_PATTERN } from '../../channels/schema';
import { parsePublicationArgs } from '../../channels/server/publications';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { TYPING_COLLECTION } from '../methods';
import { typingRegistry } from '../typing-registry';

const schema = new SimpleSchema({ channelId: { type: String, regEx: ID_PATTERN } });

export function registerTypingPublication(): void {
  /** Who is typing in a channel: ephemeral documents `${channelId}:${userId}`, never stored. */
  Meteor.publish('typing', async function (this: PublicationHandle, raw: unknown) {
    const { channelId } = parsePublicationArgs<{ channelId: string }>(schema, raw);
    const userId = this.userId;
    const channel = userId === null ? undefined : await Channels.findOneAsync({ _id: channelId, memberIds: userId }, { fields: { _id: 1 } });
    if (channel === undefined) {
      this.ready();
      return undefined;
    }
    const docId = (who: string): string => `${channelId}:${who}`;
    const watch = typingRegistry.watch(channelId, ({ kind, userId: who }) => {
      if (who === userId) return;
      if (kind === 'started') this.added(TYPING_COLLECTION, docId(who), { channelId, userId: who });
      else this.removed(TYPING_COLLECTION, docId(who));
    });
    for (const who of typingRegistry.typingIn(channelId)) {
      if (who !== userId) this.added(TYPING_COLLECTION, docId(who), { channelId, userId: who });
    }
    this.onStop(() => watch.stop());
    this.ready();
    return undefined;
  });
}
