import SimpleSchema from 'simpl-schema';
import { ID_PATTERN } from '../channels/schema';
import { MAX_HISTORY_PAGE, MAX_MESSAGE_LENGTH, MAX_MESSAGE_LIMIT } from './collection';

const id = { type: String, regEx: ID_PATTERN };

/**
 * A reaction: either a character sequence with no whitespace, colon, markup characters, control
 * characters (C0/C1), lone surrogates or bidirectional overrides (the zero-width joiner and
 * variation selectors of emoji sequences pass), or a custom emoji as `:name:` (whose existence
 * the server checks). A colon is only ever part of the `:name:` form.
 */
export const EMOJI_PATTERN = /^(?::[a-z0-9_+-]{1,32}:|(?:(?![\s:<>&"'`\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069\u200B\uFEFF])[\s\S])+)$/u;
/** The longest character sequence a reaction may be; a `:name:` may be longer. */
const MAX_EMOJI_SEQUENCE = 16;

export const sendMessageSchema = new SimpleSchema({
  _id: id,
  channelId: id,
  text: { type: String, max: MAX_MESSAGE_LENGTH, optional: true },
  threadId: { ...id, optional: true },
  fileId: { ...id, optional: true },
  /** The sender confirmed a broadcast mention in a channel above the threshold (role holders only). */
  confirmBroadcast: { type: Boolean, optional: true },
});

export const editMessageSchema = new SimpleSchema({ messageId: id, text: { type: String, min: 1, max: MAX_MESSAGE_LENGTH } });
export const messageIdSchema = new SimpleSchema({ messageId: id });
export const pinSchema = new SimpleSchema({ messageId: id, pinned: Boolean });
export const saveSchema = new SimpleSchema({ messageId: id, saved: Boolean });
export const reactSchema = new SimpleSchema({
  messageId: id,
  // One emoji (possibly with modifiers/ZWJ sequences), never markup, control or bidi characters.
  emoji: {
    type: String,
    min: 1,
    max: 34,
    regEx: EMOJI_PATTERN,
    custom(this: { value: unknown }) {
      const value = this.value;
      return typeof value === 'string' && !value.startsWith(':') && value.length > MAX_EMOJI_SEQUENCE ? SimpleSchema.ErrorTypes.MAX_STRING : undefined;
    },
  },
});
export const searchSchema = new SimpleSchema({
  query: { type: String, min: 2, max: 100 },
  limit: { type: SimpleSchema.Integer, min: 1, max: 50, optional: true },
});
/** A window of the channel list around one message: `before` older ones, the message, `after` newer ones. */
export const aroundSchema = new SimpleSchema({
  messageId: id,
  before: { type: SimpleSchema.Integer, min: 1, max: MAX_MESSAGE_LIMIT, optional: true },
  after: { type: SimpleSchema.Integer, min: 1, max: MAX_MESSAGE_LIMIT, optional: true },
});

/** A position in a channel's list: messages are ordered by `createdAt`, ties by `_id`. */
const cursorField = { type: Object, optional: true } as const;
const cursorFields = (name: string) => ({
  [name]: cursorField,
  [`${name}.at`]: { type: Date },
  [`${name}.id`]: id,
});

/** One fixed-size page of a channel's top-level messages next to a position: older (`before`) or newer (`after`). */
export const historyPageSchema = new SimpleSchema({
  channelId: id,
  ...cursorFields('before'),
  ...cursorFields('after'),
  limit: { type: SimpleSchema.Integer, min: 1, max: MAX_HISTORY_PAGE, optional: true },
});

/** The newest `limit` top-level messages of a channel, or (with `since`) every one from a position on. */
export const channelPageSchema = new SimpleSchema({
  channelId: id,
  limit: { type: SimpleSchema.Integer, min: 1, max: MAX_MESSAGE_LIMIT, optional: true },
  ...cursorFields('since'),
});
