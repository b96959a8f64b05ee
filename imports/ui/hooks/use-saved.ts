import { useTracker } from 'meteor/react-meteor-data';
import { SavedMessages } from '/imports/api/messages/saved-collection';

/** The signed-in person's saved entries, filled by `messages.saved` (never written by the client). */
export const savedMessages = SavedMessages;

/** Whether the signed-in person saved this message, live. */
export function useIsSaved(messageId: string): boolean {
  return useTracker(() => savedMessages.findOne({ messageId }, { fields: { _id: 1 } }) !== undefined, [messageId]);
}
