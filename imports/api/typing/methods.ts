import SimpleSchema from 'simpl-schema';
import { defineMethod } from '@perseid/collection-security';
import { requireUserId, requireWritable } from '../channels/access';
import { ID_PATTERN } from '../channels/schema';
import { typingRegistry } from './typing-registry';

/** Name of the client-only collection the typing publication fills. */
export const TYPING_COLLECTION = 'typing';

export interface TypingDoc {
  _id: string;
  channelId: string;
  userId: string;
}

export const setTyping = defineMethod<{ channelId: string; typing: boolean }, void>({
  name: 'typing.set',
  schema: new SimpleSchema({ channelId: { type: String, regEx: ID_PATTERN }, typing: Boolean }),
  async run({ channelId, typing }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return;
    await requireWritable(channelId, userId);
    typingRegistry.set(channelId, userId, typing);
  },
});
