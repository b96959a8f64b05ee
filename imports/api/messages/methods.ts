import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { requireMember, requireUserId, requireWritable, canManage } from '../channels/access';
import { Channels, Memberships } from '../channels/collection';
import { Users } from '../users/users-collection';
import { Files } from '../files/collection';
import { MAX_MESSAGE_LENGTH, Messages } from './collection';
import type { Attachment, Message } from './collection';
import { locateReadableMessage } from './locate-message';
import type { MessageLocation } from './locate-message';
import { mentionedUsernames } from './mentions';
import { editMessageSchema, messageIdSchema, reactSchema, searchSchema, sendMessageSchema } from './schema';

export interface SendMessageArgs {
  _id: string;
  channelId: string;
  text?: string;
  threadId?: string;
  fileId?: string;
}

async function mentionIdsFor(text: string, memberIds: readonly string[]): Promise<string[]> {
  const names = mentionedUsernames(text);
  if (names.length === 0) return [];
  const everyone = names.includes('here') || names.includes('all') || names.includes('channel');
  if (everyone) return [...memberIds];
  const found = await Users.find({ username: { $in: names }, _id: { $in: [...memberIds] } }, { fields: { _id: 1 } }).fetchAsync();
  return found.map((user) => user._id);
}

/**
 * Sends a message. The client picks the `_id` (so its optimistic copy and the server's are the
 * same document, and a re-sent call after a reconnect is recognised instead of doubled).
 */
export const sendMessage = defineMethod<SendMessageArgs, string>({
  name: 'messages.send',
  schema: sendMessageSchema,
  async run({ _id, channelId, text = '', threadId, fileId }) {
    const userId = requireUserId(this.userId);
    const body = text.trim();
    if (body.length === 0 && fileId === undefined) throw appErrors.invalid('A message needs text or a file');
    if (body.length > MAX_MESSAGE_LENGTH) throw appErrors.invalid('Message too long');
    const base: Message = {
      _id,
      channelId,
      userId,
      text: body,
      createdAt: new Date(),
      editedAt: null,
      threadId: threadId ?? null,
      replyCount: 0,
      lastReplyAt: null,
      reactions: {},
      mentionIds: [],
      attachment: null,
    };
    if (this.isSimulation) {
      await Messages.insertAsync(base);
      if (threadId !== undefined) await Messages.updateAsync({ _id: threadId }, { $inc: { replyCount: 1 } });
      return _id;
    }
    const existing = await Messages.findOneAsync({ _id }, { fields: { userId: 1, channelId: 1 } });
    if (existing !== undefined) {
      if (existing.userId === userId && existing.channelId === channelId) return _id;
      throw appErrors.invalid('Message id already used');
    }
    const channel = await requireWritable(channelId, userId);
    if (threadId !== undefined) {
      const parent = await Messages.findOneAsync({ _id: threadId }, { fields: { channelId: 1, threadId: 1 } });
      if (parent === undefined || parent.channelId !== channelId || parent.threadId !== null) throw appErrors.notFound('Thread');
    }
    let attachment: Attachment | null = null;
    if (fileId !== undefined) {
      const file = (await Files.findOneAsync({ _id: fileId })) ?? null;
      if (file === null || file.uploadedBy !== userId) throw appErrors.notFound('File');
      attachment = { fileId, name: file.name, type: file.type, size: file.size };
    }
    const mentionIds = (await mentionIdsFor(body, channel.memberIds)).filter((id) => id !== userId);
    const message: Message = { ...base, mentionIds, attachment };
    await Messages.insertAsync(message);
    if (threadId !== undefined) {
      await Messages.updateAsync({ _id: threadId }, { $inc: { replyCount: 1 }, $set: { lastReplyAt: message.createdAt } });
    }
    await Channels.updateAsync({ _id: channelId }, { $set: { lastMessageAt: message.createdAt } });
    // Direct messages count as mentions: they are addressed to the reader.
    const others = channel.memberIds.filter((id) => id !== userId);
    const mentioned = channel.kind === 'direct' ? others : mentionIds;
    if (others.length > 0) {
      await Memberships.updateAsync({ channelId, userId: { $in: others } }, { $inc: { unread: 1 } }, { multi: true });
    }
    if (mentioned.length > 0) {
      await Memberships.updateAsync({ channelId, userId: { $in: mentioned } }, { $inc: { mentions: 1 } }, { multi: true });
    }
    return _id;
  },
});

async function ownMessage(messageId: string, userId: string, allowManagers: boolean): Promise<Message> {
  const message = await Messages.findOneAsync({ _id: messageId });
  if (message === undefined) throw appErrors.notFound('Message');
  if (message.userId === userId) return message;
  if (allowManagers) {
    const channel = await requireMember(message.channelId, userId).catch(() => null);
    if (channel !== null && (await canManage(channel, userId))) return message;
  }
  throw appErrors.forbidden('You can only change your own messages');
}

export const editMessage = defineMethod<{ messageId: string; text: string }, void>({
  name: 'messages.edit',
  schema: editMessageSchema,
  async run({ messageId, text }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) {
      await Messages.updateAsync({ _id: messageId }, { $set: { text, editedAt: new Date() } });
      return;
    }
    const message = await ownMessage(messageId, userId, false);
    const channel = await requireWritable(message.channelId, userId);
    const mentionIds = (await mentionIdsFor(text, channel.memberIds)).filter((id) => id !== userId);
    await Messages.updateAsync({ _id: messageId }, { $set: { text, editedAt: new Date(), mentionIds } });
  },
});

export const removeMessage = defineMethod<{ messageId: string }, void>({
  name: 'messages.remove',
  schema: messageIdSchema,
  async run({ messageId }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) {
      await Messages.removeAsync({ _id: messageId });
      return;
    }
    const message = await ownMessage(messageId, userId, true);
    await requireWritable(message.channelId, userId);
    await Messages.removeAsync({ _id: messageId });
    if (message.threadId !== null) {
      await Messages.updateAsync({ _id: message.threadId }, { $inc: { replyCount: -1 } });
    } else {
      await Messages.removeAsync({ threadId: messageId });
    }
  },
});

/** Toggles the caller's reaction with one emoji. */
export const toggleReaction = defineMethod<{ messageId: string; emoji: string }, void>({
  name: 'messages.react',
  schema: reactSchema,
  async run({ messageId, emoji }) {
    const userId = requireUserId(this.userId);
    const message = await Messages.findOneAsync({ _id: messageId }, { fields: { channelId: 1, reactions: 1 } });
    if (message === undefined) throw appErrors.notFound('Message');
    if (!this.isSimulation) await requireWritable(message.channelId, userId);
    // An own key only: an emoji named like an Object member (`constructor`) must not read the prototype.
    const current = message.reactions !== undefined && Object.hasOwn(message.reactions, emoji) ? message.reactions[emoji] : undefined;
    const already = Array.isArray(current) && current.includes(userId);
    const path = `reactions.${emoji}`;
    await Messages.updateAsync({ _id: messageId }, already ? { $pull: { [path]: userId } } : { $addToSet: { [path]: userId } });
    if (already && !this.isSimulation) {
      await Messages.updateAsync({ _id: messageId, [path]: { $size: 0 } }, { $unset: { [path]: '' } });
    }
  },
});

export interface SearchHit {
  _id: string;
  channelId: string;
  /** Set on a reply: the thread it belongs to. */
  threadId: string | null;
  userId: string;
  text: string;
  createdAt: Date;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Messages in channels the caller can read that contain every word of the query. */
export const searchMessages = defineMethod<{ query: string; limit?: number }, SearchHit[]>({
  name: 'messages.search',
  schema: searchSchema,
  async run({ query, limit = 20 }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return [];
    const channels = await Channels.find({ memberIds: userId }, { fields: { _id: 1 } }).fetchAsync();
    const words = query.split(/\s+/).filter((w) => w.length > 0).slice(0, 5);
    const selector = {
      channelId: { $in: channels.map((c) => c._id) },
      $and: words.map((word) => ({ text: { $regex: escapeRegExp(word), $options: 'i' } })),
    };
    const hits = await Messages.find(selector, { sort: { createdAt: -1 }, limit, fields: { channelId: 1, threadId: 1, userId: 1, text: 1, createdAt: 1 } }).fetchAsync();
    return hits.map((m) => ({ _id: m._id, channelId: m.channelId, threadId: m.threadId ?? null, userId: m.userId, text: m.text, createdAt: m.createdAt }));
  },
});

/** Where a message the caller can read is (for opening it from a search hit or a shared link). */
export const locateMessage = defineMethod<{ messageId: string }, MessageLocation>({
  name: 'messages.locate',
  schema: messageIdSchema,
  async run({ messageId }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return { messageId, channelId: '', threadId: null };
    const { message } = await locateReadableMessage(messageId, userId);
    return { messageId, channelId: message.channelId, threadId: message.threadId };
  },
});
