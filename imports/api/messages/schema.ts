import SimpleSchema from 'simpl-schema';
import { ID_PATTERN } from '../channels/schema';
import { MAX_MESSAGE_LENGTH, MAX_MESSAGE_LIMIT } from './collection';

const id = { type: String, regEx: ID_PATTERN };

export const sendMessageSchema = new SimpleSchema({
  _id: id,
  channelId: id,
  text: { type: String, max: MAX_MESSAGE_LENGTH, optional: true },
  threadId: { ...id, optional: true },
  fileId: { ...id, optional: true },
});

export const editMessageSchema = new SimpleSchema({ messageId: id, text: { type: String, min: 1, max: MAX_MESSAGE_LENGTH } });
export const messageIdSchema = new SimpleSchema({ messageId: id });
export const reactSchema = new SimpleSchema({
  messageId: id,
  // One emoji (possibly with modifiers/ZWJ sequences), never markup. It names a key of
  // `reactions`, so never `.` or `$` (a field path or an operator) nor `__proto__`.
  emoji: { type: String, min: 1, max: 16, regEx: /^(?!__proto__$)[^\s<>&"'`.$]+$/ },
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
