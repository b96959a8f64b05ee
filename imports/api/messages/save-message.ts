import { isDuplicateKeyError } from 'meteor/mongo';
import { Random } from 'meteor/random';
import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { isMemberOf, requireUserId } from '../channels/access';
import { Messages } from './collection';
import { saveSchema } from './schema';
import { MAX_SAVED_PER_USER, SavedMessages } from './saved-collection';

/**
 * Saves a message for the caller, or forgets it. Only a member of the message's channel may save
 * it (archived channels too: saving changes nothing anyone else sees). Saving twice or
 * un-saving what is not saved changes nothing; the unique (userId, messageId) index settles two
 * saves at once. A person keeps at most MAX_SAVED_PER_USER.
 */
export const saveMessage = defineMethod<{ messageId: string; saved: boolean }, void>({
  name: 'messages.save',
  schema: saveSchema,
  async run({ messageId, saved }) {
    const userId = requireUserId(this.userId);
    // The saved list arrives through its publication; no guess of it on the client.
    if (this.isSimulation) return;
    if (!saved) {
      await SavedMessages.removeAsync({ userId, messageId });
      return;
    }
    const message = await Messages.findOneAsync({ _id: messageId }, { fields: { channelId: 1 } });
    // Unknown and unreadable messages get the same answer.
    if (message === undefined || !(await isMemberOf(message.channelId, userId))) throw appErrors.notFound('Message');
    if ((await SavedMessages.findOneAsync({ userId, messageId }, { fields: { _id: 1 } })) !== undefined) return;
    const count = await SavedMessages.countDocuments({ userId });
    if (count >= MAX_SAVED_PER_USER) throw appErrors.invalid(`You can keep at most ${MAX_SAVED_PER_USER} saved messages; remove one first`);
    try {
      await SavedMessages.insertAsync({ _id: Random.id(), userId, messageId, channelId: message.channelId, savedAt: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  },
});
