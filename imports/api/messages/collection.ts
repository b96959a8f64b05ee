import { Mongo } from 'meteor/mongo';

/** A file attached to a message; the bytes live in GridFS under `fileId`. */
export interface Attachment {
  fileId: string;
  name: string;
  type: string;
  size: number;
}

/**
 * One emoji on a message and who reacted with it. The emoji is a value, never a field name, so
 * no client string can become an update path.
 */
export interface Reaction {
  emoji: string;
  userIds: string[];
}

export interface Message {
  _id: string;
  channelId: string;
  userId: string;
  text: string;
  createdAt: Date;
  editedAt: Date | null;
  /** Set on thread replies: the parent message's id. Replies do not show in the channel list. */
  threadId: string | null;
  replyCount: number;
  lastReplyAt: Date | null;
  /** In order of first use; an entry disappears when its last user takes the reaction back. */
  reactions: Reaction[];
  mentionIds: string[];
  attachment: Attachment | null;
  /** When a member pinned it to the channel, and who; absent or null: not pinned. */
  pinnedAt?: Date | null;
  pinnedBy?: string | null;
}

export const Messages = new Mongo.Collection<Message>('messages');

export const MESSAGE_FIELDS = {
  channelId: 1,
  userId: 1,
  text: 1,
  createdAt: 1,
  editedAt: 1,
  threadId: 1,
  replyCount: 1,
  lastReplyAt: 1,
  reactions: 1,
  mentionIds: 1,
  attachment: 1,
  pinnedAt: 1,
  pinnedBy: 1,
} as const;

export const MAX_MESSAGE_LENGTH = 8000;
/** Distinct emoji one message may carry, so reactions cannot grow a message without bound. */
export const MAX_REACTIONS_PER_MESSAGE = 50;
/** Page size of the channel history: the latest page, and each page scrolling loads at either edge. */
export const MESSAGE_PAGE = 50;
/** The largest page one `messages.page` subscription may ask for. */
export const MAX_HISTORY_PAGE = 100;

/** A position in a channel's list (ordered by `createdAt`, ties by `_id`): a page is read next to one. */
export interface HistoryCursor {
  at: Date;
  id: string;
}
export const MAX_MESSAGE_LIMIT = 5000;
/** Pins one channel may hold: the pinned panel shows them all, so it stays a short list. */
export const MAX_PINS_PER_CHANNEL = 100;
