import { appErrors } from '../app-errors';
import { Channels } from '../channels/collection';
import { isMember } from '../channels/access';
import { Messages } from './collection';
import type { Message } from './collection';

/** Where a message sits: its channel, and for a reply the thread whose parent anchors it in the channel list. */
export interface MessageLocation {
  messageId: string;
  channelId: string;
  threadId: string | null;
}

/**
 * Loads a message the user may read and its top-level root (itself, or a reply's parent).
 * A missing message and one in a channel the user cannot read get the same refusal, so ids
 * cannot be probed for existence.
 */
export async function locateReadableMessage(messageId: string, userId: string): Promise<{ message: Message; root: Message }> {
  const message = await Messages.findOneAsync({ _id: messageId });
  if (message === undefined) throw appErrors.notFound('Message');
  const channel = await Channels.findOneAsync({ _id: message.channelId }, { fields: { memberIds: 1 } });
  if (channel === undefined || !isMember(channel, userId)) throw appErrors.notFound('Message');
  if (message.threadId === null) return { message, root: message };
  const root = await Messages.findOneAsync({ _id: message.threadId });
  if (root === undefined || root.channelId !== message.channelId) throw appErrors.notFound('Message');
  return { message, root };
}
