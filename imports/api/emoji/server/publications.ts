import { Meteor } from 'meteor/meteor';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { CustomEmojis } from '../collection';

export function registerEmojiPublications(): void {
  /** The workspace's custom emoji, to everyone signed in, live. */
  Meteor.publish('emoji.custom', function (this: PublicationHandle) {
    if (this.userId === null) {
      this.ready();
      return undefined;
    }
    return CustomEmojis.find({}, { fields: { name: 1, fileId: 1, createdAt: 1 } });
  });
}
