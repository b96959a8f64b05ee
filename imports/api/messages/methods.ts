import { Meteor } from 'meteor/meteor';
import { isDuplicateKeyError } from 'meteor/mongo';
import { defineMethod } from '@perseid/collection-security';
import { benchStagesOn, stampBenchStage } from '@perseid/ddp-common';
import { appErrors } from '../app-errors';
import { canManage, isMember, isMemberOf, requireMember, requireUserId, requireWritable } from '../channels/access';
import { channelLookup } from '../channels/channel-lookup';
import { Channels, Memberships } from '../channels/collection';
import type { Channel } from '../channels/collection';
import { presenceRegistry } from '../presence/presence-registry';
import { Users } from '../users/users-collection';
import { disposeFiles, releaseFile, takeFile } from '../files/file-lifecycle';
import { MAX_MESSAGE_LENGTH, MAX_PINS_PER_CHANNEL, Messages } from './collection';
import type { Attachment, Message } from './collection';
import { locateReadableMessage } from './locate-message';
import type { MessageLocation } from './locate-message';
import { broadcastMemberThreshold, broadcastReach, needsBroadcastConfirmation } from './broadcast-mentions';
import type { BroadcastConfirmation } from './broadcast-mentions';
import { mentionedUsernames } from './mentions';
import { isSendersMessageId } from './message-id';
import { SavedMessages } from './saved-collection';
import { applyReactionToggle } from './toggle-reaction';
import { CustomEmojis, customEmojiName } from '../emoji/collection';
import { editMessageSchema, messageIdSchema, pinSchema, reactSchema, searchSchema, sendMessageSchema } from './schema';
import { matchedAny } from '../write-result';
import { escapeRegExp } from '../escape-reg-exp';

export interface SendMessageArgs {
  _id: string;
  channelId: string;
  text?: string;
  threadId?: string;
  fileId?: string;
  /** Confirms a broadcast mention in a channel above the threshold (see requireBroadcastAllowed). */
  confirmBroadcast?: boolean;
}

/**
 * Who a message mentions among the channel's members: named users, every member for
 * @channel/@all, the members online right now for @here.
 */
async function mentionIdsFor(text: string, memberIds: readonly string[]): Promise<string[]> {
  const names = mentionedUsernames(text);
  if (names.length === 0) return [];
  const reach = broadcastReach(names);
  if (reach === 'channel') return [...memberIds];
  const found = await Users.find({ username: { $in: names }, _id: { $in: [...memberIds] } }, { fields: { _id: 1 } }).fetchAsync();
  const ids = new Set(found.map((user) => user._id));
  if (reach === 'here') for (const id of memberIds) if (presenceRegistry.stateOf(id) === 'online') ids.add(id);
  return [...ids];
}

/**
 * A broadcast mention in a channel above the threshold: only channel owners and workspace
 * admins may, and only once confirmed; anyone may in smaller channels.
 */
async function requireBroadcastAllowed(channel: Channel, userId: string, text: string, confirmation: BroadcastConfirmation): Promise<void> {
  const memberCount = channel.memberIds.length;
  if (!needsBroadcastConfirmation(broadcastReach(mentionedUsernames(text)), memberCount)) return;
  if (!(await canManage(channel, userId))) throw appErrors.broadcastForbidden(broadcastMemberThreshold());
  if (confirmation === 'unconfirmed') throw appErrors.broadcastUnconfirmed(memberCount);
}

/** What a send asked for, to recognise a retry of it. */
interface SendRequest {
  userId: string;
  channelId: string;
  text: string;
  threadId: string | null;
  fileId: string | null;
}

/**
 * True when `_id` already holds exactly this send by this caller (a re-sent call after a
 * reconnect, or the same call twice at once). The text may have been edited since.
 */
async function isRetryOf(_id: string, request: SendRequest): Promise<boolean> {
  const existing = await Messages.findOneAsync({ _id }, { fields: { userId: 1, channelId: 1, text: 1, editedAt: 1, threadId: 1, attachment: 1 } });
  if (existing === undefined) return false;
  return (
    existing.userId === request.userId &&
    existing.channelId === request.channelId &&
    (existing.threadId ?? null) === request.threadId &&
    (existing.attachment?.fileId ?? null) === request.fileId &&
    (existing.text === request.text || existing.editedAt !== null)
  );
}

/**
 * Sends a message. The client picks the `_id` in its own namespace (see message-id), so its
 * optimistic copy and the server's are the same document, and a re-sent call after a
 * reconnect is recognised instead of doubled: a retry of the same send answers as the first
 * call did; the same id with other content gets `chat.id-taken` (only ever the caller's own
 * message). Membership is checked before the id is looked at.
 */
export const sendMessage = defineMethod<SendMessageArgs, string>({
  name: 'messages.send',
  schema: sendMessageSchema,
  run(args) {
    const { _id, channelId, text = '', threadId, fileId } = args;
    const userId = requireUserId(this.userId);
    // Before anything is looked up, so the answer is the same whether the id is taken or not.
    if (!isSendersMessageId(_id, userId)) throw appErrors.invalid('A message id must begin with its sender’s user id and a colon');
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
      reactions: [],
      mentionIds: [],
      attachment: null,
    };
    if (this.isSimulation) return simulateSend(base);
    return sendOnServer(base, args);
  },
});

/**
 * The sender's own copy, written without awaiting: a stub's writes on the client apply at once,
 * and a stub that returns a value lets the method frame leave in the keystroke's own task, before
 * the page renders the copy (an awaiting stub sends it only after that render). A failed local
 * write is no reason to hold the call back: the copy is then already there (a retry of a send
 * still shown), and the server decides.
 */
function simulateSend(message: Message): string {
  Messages.insertAsync(message).catch(() => undefined);
  if (message.threadId !== null) Messages.updateAsync({ _id: message.threadId }, { $inc: { replyCount: 1 } }).catch(() => undefined);
  return message._id;
}

/**
 * The channel a send posts to, refusing a non-member. This server's live copy of the channel
 * (see LiveChannelCache) lets a member of an open channel go ahead without a read; anything it
 * would refuse is read afresh (a member added on another server a moment ago is not refused on
 * a stale copy), and so is a broadcast mention, which roles decide. What the copy lets through
 * is confirmed after the insert (sendOnServer's `lastMessageAt` write).
 */
async function channelForSend(channelId: string, userId: string, body: string): Promise<Channel> {
  const copy = await channelLookup()?.get(channelId);
  if (copy !== undefined && isMember(copy, userId) && !copy.archived && broadcastReach(mentionedUsernames(body)) === 'none') return copy;
  return requireMember(channelId, userId);
}

/** The server's part of messages.send, once the arguments and the text have passed. */
async function sendOnServer(base: Message, { fileId, confirmBroadcast }: SendMessageArgs): Promise<string> {
  const { _id, channelId, userId, text: body } = base;
  const threadId = base.threadId ?? undefined;
  if (benchStagesOn) stampBenchStage('method-run', body);
  const request: SendRequest = { userId, channelId, text: body, threadId: threadId ?? null, fileId: fileId ?? null };
  // Membership first, so the answer is the same whether the id is taken or not.
  const channel = await channelForSend(channelId, userId, body);
  let attachment: Attachment | null = null;
  try {
    if (channel.archived) throw appErrors.archived();
    await requireBroadcastAllowed(channel, userId, body, confirmBroadcast === true ? 'confirmed' : 'unconfirmed');
    if (threadId !== undefined) {
      const parent = await Messages.findOneAsync({ _id: threadId }, { fields: { channelId: 1, threadId: 1 } });
      if (parent === undefined || parent.channelId !== channelId || parent.threadId !== null) throw appErrors.notFound('Thread');
    }
    if (fileId !== undefined) {
      // The message takes the upload (once): deleting the message may then delete the file.
      const file = await takeFile(fileId, { uploadedBy: userId, purpose: 'attachment', channelId });
      if (file === null) throw appErrors.notFound('File');
      attachment = { fileId, name: file.name, type: file.type, size: file.size };
    }
  } catch (error) {
    // A retry answers as the first call did, even if the channel was archived or the file
    // taken (by that first call) since. Only a refusal costs this read: a retry that passes
    // every check meets the _id index at the insert below, a read's worth fewer per send.
    if (await isRetryOf(_id, request)) return _id;
    throw error;
  }
  const mentionIds = (await mentionIdsFor(body, channel.memberIds)).filter((id) => id !== userId);
  const message: Message = { ...base, mentionIds, attachment };
  try {
    // The _id index decides between concurrent sends of one id; only the winner goes on.
    if (benchStagesOn) stampBenchStage('insert-call', body);
    await Messages.insertAsync(message);
    if (benchStagesOn) stampBenchStage('insert-done', body);
  } catch (error) {
    // This call took the file, so no concurrent send of the same id holds it: give it back.
    if (fileId !== undefined) await releaseFile(fileId);
    if (!isDuplicateKeyError(error, '_id')) throw error;
    if (await isRetryOf(_id, request)) return _id;
    throw appErrors.idTaken();
  }
  // The insert's change event is usually handled just before its acknowledgement
  // (packages/mongo/src/read-scheduling-policy.ts), so the members' frames of the message wait
  // for this turn's socket flush (a setImmediate). Issuing the writes below at once would put
  // their work ahead of that flush: yield to it, so the message reaches the other members'
  // sockets first and the counting follows.
  await new Promise<void>((resolve) => Meteor.defer(resolve));
  if (benchStagesOn) stampBenchStage('counting-start', body);
  // The membership the send went ahead on may be a live copy a few milliseconds behind the
  // database (see channelForSend): this write takes place only while the sender is a member of
  // the open channel, after the insert, so a sender removed (or a channel archived) before it
  // loses the message again and gets the refusal a read would have given.
  const stillMember = await Channels.updateAsync(
    { _id: channelId, memberIds: userId, archived: { $ne: true } },
    { $set: { lastMessageAt: message.createdAt } },
  );
  if (!matchedAny(stillMember)) {
    await Messages.removeAsync({ _id });
    if (fileId !== undefined) await releaseFile(fileId);
    await requireWritable(channelId, userId);
    throw appErrors.notMember();
  }
  if (threadId !== undefined) {
    // The parent may have been deleted since it was checked: then the reply goes with it.
    const counted = await Messages.updateAsync({ _id: threadId, channelId }, { $inc: { replyCount: 1 }, $set: { lastReplyAt: message.createdAt } });
    if (!matchedAny(counted)) {
      await Messages.removeAsync({ _id });
      throw appErrors.notFound('Thread');
    }
  }
  // The message's own event is out (its insert has been acknowledged); what follows only
  // counts it, in other documents, so the writes go at once instead of one round trip (and
  // one journal wait) after another. `updated` still waits for all of them.
  const others = channel.memberIds.filter((id) => id !== userId);
  // Direct messages count as mentions: they are addressed to the reader.
  const mentioned = new Set(channel.kind === 'direct' ? others : mentionIds);
  const unreadOnly = others.filter((id) => !mentioned.has(id));
  const counting: Promise<unknown>[] = [];
  if (unreadOnly.length > 0) {
    counting.push(Memberships.updateAsync({ channelId, userId: { $in: unreadOnly } }, { $inc: { unread: 1 } }, { multi: true }));
  }
  if (mentioned.size > 0) {
    counting.push(Memberships.updateAsync({ channelId, userId: { $in: [...mentioned] } }, { $inc: { unread: 1, mentions: 1 } }, { multi: true }));
  }
  await Promise.all(counting);
  if (benchStagesOn) stampBenchStage('writes-done', body);
  return _id;
}

/** A message the caller may change; unknown and unreadable ones get the same refusal. */
async function ownMessage(messageId: string, userId: string, allowManagers: boolean): Promise<Message> {
  const message = await Messages.findOneAsync({ _id: messageId });
  if (message === undefined || !(await isMemberOf(message.channelId, userId))) throw appErrors.notFound('Message');
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
    // An edit notifies no one, so a role holder needs no confirmation; others stay refused.
    await requireBroadcastAllowed(channel, userId, text, 'confirmed');
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
    // The files of every message removed here (a parent takes its replies) go with them.
    const replies =
      message.threadId === null ? await Messages.find({ threadId: messageId, attachment: { $ne: null } }, { fields: { attachment: 1 } }).fetchAsync() : [];
    const fileIds = [message, ...replies].flatMap((m) => (m.attachment ? [m.attachment.fileId] : []));
    // Only the call that actually removed it counts it off its thread (two removes at once).
    const removed = await Messages.removeAsync({ _id: messageId });
    if (removed === 0) return;
    // A message that is gone leaves no one's saved list (a parent's replies are only hidden there).
    await SavedMessages.removeAsync({ messageId });
    if (message.threadId !== null) {
      await Messages.updateAsync({ _id: message.threadId }, { $inc: { replyCount: -1 } });
    } else {
      await Messages.removeAsync({ threadId: messageId });
    }
    await disposeFiles(fileIds);
  },
});

/** Toggles the caller's reaction with one emoji (see toggle-reaction for why it cannot race). */
export const toggleReaction = defineMethod<{ messageId: string; emoji: string }, void>({
  name: 'messages.react',
  schema: reactSchema,
  async run({ messageId, emoji }) {
    const userId = requireUserId(this.userId);
    if (!this.isSimulation) {
      const message = await Messages.findOneAsync({ _id: messageId }, { fields: { channelId: 1 } });
      // Unknown and unreadable messages get the same answer.
      if (message === undefined || !(await isMemberOf(message.channelId, userId))) throw appErrors.notFound('Message');
      await requireWritable(message.channelId, userId);
      const custom = customEmojiName(emoji);
      if (custom !== null && (await CustomEmojis.findOneAsync({ name: custom }, { fields: { _id: 1 } })) === undefined)
        throw appErrors.notFound('Custom emoji');
    }
    await applyReactionToggle(messageId, emoji, userId);
  },
});

/**
 * Pins a message to its channel, or takes the pin off. Any member of a writable channel may do
 * either (as in Slack): pins are shared notes of the channel, not anyone's property. A channel
 * holds at most MAX_PINS_PER_CHANNEL; pinning twice, or unpinning what is not pinned, changes
 * nothing and is no error (two people clicking at once).
 */
export const pinMessage = defineMethod<{ messageId: string; pinned: boolean }, void>({
  name: 'messages.pin',
  schema: pinSchema,
  async run({ messageId, pinned }) {
    const userId = requireUserId(this.userId);
    const change = pinned ? { $set: { pinnedAt: new Date(), pinnedBy: userId } } : { $set: { pinnedAt: null, pinnedBy: null } };
    if (this.isSimulation) {
      await Messages.updateAsync({ _id: messageId }, change);
      return;
    }
    const message = await Messages.findOneAsync({ _id: messageId }, { fields: { channelId: 1, pinnedAt: 1 } });
    // Unknown and unreadable messages get the same answer.
    if (message === undefined || !(await isMemberOf(message.channelId, userId))) throw appErrors.notFound('Message');
    await requireWritable(message.channelId, userId);
    if (!pinned) {
      await Messages.updateAsync({ _id: messageId }, change);
      return;
    }
    if (message.pinnedAt instanceof Date) return;
    const pins = await Messages.countDocuments({ channelId: message.channelId, pinnedAt: { $type: 'date' } });
    if (pins >= MAX_PINS_PER_CHANNEL) throw appErrors.invalid(`A channel holds at most ${MAX_PINS_PER_CHANNEL} pinned messages; unpin one first`);
    await Messages.updateAsync({ _id: messageId, pinnedAt: { $not: { $type: 'date' } } }, change);
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

/** Messages in channels the caller can read that contain every word of the query. */
export const searchMessages = defineMethod<{ query: string; limit?: number }, SearchHit[]>({
  name: 'messages.search',
  schema: searchSchema,
  async run({ query, limit = 20 }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return [];
    const channels = await Channels.find({ memberIds: userId }, { fields: { _id: 1 } }).fetchAsync();
    const words = query
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .slice(0, 5);
    const selector = {
      channelId: { $in: channels.map((c) => c._id) },
      $and: words.map((word) => ({ text: { $regex: escapeRegExp(word), $options: 'i' } })),
    };
    const hits = await Messages.find(selector, {
      sort: { createdAt: -1 },
      limit,
      fields: { channelId: 1, threadId: 1, userId: 1, text: 1, createdAt: 1 },
    }).fetchAsync();
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
