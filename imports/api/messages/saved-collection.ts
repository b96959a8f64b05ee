import { Mongo } from 'meteor/mongo';

/**
 * One message a person saved for later. Private: only its owner's `messages.saved` ever
 * publishes it, so no one else learns who saved what.
 */
export interface SavedMessage {
  _id: string;
  userId: string;
  messageId: string;
  channelId: string;
  savedAt: Date;
}

export const SAVED_COLLECTION = 'saved';
export const SavedMessages = new Mongo.Collection<SavedMessage>(SAVED_COLLECTION);

export const SAVED_FIELDS = { userId: 1, messageId: 1, channelId: 1, savedAt: 1 } as const;

/** Saved messages one person may keep: the panel shows them all, so it stays a bounded list. */
export const MAX_SAVED_PER_USER = 500;
