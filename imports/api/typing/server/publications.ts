import { Meteor } from 'meteor/meteor';
import SimpleSchema from 'simpl-schema';
import { ID_PATTERN } from '../../channels/schema';
import { parsePublicationArgs } from '../../channels/server/publications';
import { publishWhileMember } from '../../channels/server/publish-while-member';
import type { ObservableServerCursor, PublicationHandle } from '../../channels/server/publish-while-member';
import { TYPING_COLLECTION } from '../methods';
import { typingRegistry } from '../typing-registry';

const schema = new SimpleSchema({ channelId: { type: String, regEx: ID_PATTERN } });

/**
 * The registry's view of one channel as an observable source, so the typing feed goes through
 * publishWhileMember like every other per-channel publication (withdrawn live on removal).
 * Documents are `${channelId}:${userId}`, never stored; the viewer's own flag is left out.
 */
function typingIn(channelId: string, viewerId: string | null): ObservableServerCursor {
  return {
    async observeChangesAsync(callbacks) {
      const shown = new Set<string>();
      const docId = (who: string): string => `${channelId}:${who}`;
      const start = (who: string): void => {
        if (who === viewerId || shown.has(who)) return;
        shown.add(who);
        callbacks.added?.(docId(who), { channelId, userId: who });
      };
      const watch = typingRegistry.watch(channelId, ({ kind, userId: who }) => {
        if (kind === 'started') start(who);
        else if (shown.delete(who)) callbacks.removed?.(docId(who));
      });
      for (const who of typingRegistry.typingIn(channelId)) start(who);
      return watch;
    },
  };
}

export function registerTypingPublication(): void {
  /** Who is typing in a channel, for members only, withdrawn live if the member leaves or is removed. */
  Meteor.publish('typing', async function (this: PublicationHandle, raw: unknown) {
    const { channelId } = parsePublicationArgs<{ channelId: string }>(schema, raw);
    await publishWhileMember(this, channelId, TYPING_COLLECTION, () => typingIn(channelId, this.userId));
  });
}
