import { ClientCollection } from 'meteor/mongo';
import { Meteor } from 'meteor/meteor';
import { newMessageId } from '/imports/api/messages/message-id';
import type { BroadcastConfirmation } from '/imports/api/messages/broadcast-mentions';
import { sendMessage } from '/imports/api/messages/methods';

/** sending: the server has not confirmed yet; failed: it refused, or the call could not be made. */
export type OutboxState = 'sending' | 'failed';

export interface OutboxEntry {
  _id: string;
  channelId: string;
  threadId: string | null;
  text: string;
  fileId: string | null;
  /** Whether the sender confirmed a broadcast mention to a large channel (a retry keeps it). */
  broadcast: BroadcastConfirmation;
  state: OutboxState;
  error: string | null;
  createdAt: Date;
}

/**
 * Messages this tab sent that the server has not confirmed. The optimistic copy itself lives
 * in the messages collection (the method stub wrote it); a failed call rolls that copy back,
 * so the outbox keeps the text for "failed — retry".
 */
export const outbox = new ClientCollection<OutboxEntry>(null);

function dispatch(id: string): void {
  const entry = outbox.findOne({ _id: id });
  if (entry === undefined) return;
  outbox.update({ _id: id }, { $set: { state: 'sending', error: null } });
  call(entry);
}

/** Calls messages.send for `entry`; its outcome settles the entry (removed, or failed with a reason). */
function call(entry: OutboxEntry): void {
  const id = entry._id;
  sendMessage
    .callAsync({
      _id: id,
      channelId: entry.channelId,
      text: entry.text,
      ...(entry.threadId !== null ? { threadId: entry.threadId } : {}),
      ...(entry.fileId !== null ? { fileId: entry.fileId } : {}),
      ...(entry.broadcast === 'confirmed' ? { confirmBroadcast: true } : {}),
    })
    .then(
      () => outbox.remove({ _id: id }),
      (error: unknown) => {
        const reason = (error as { reason?: unknown }).reason;
        outbox.update({ _id: id }, { $set: { state: 'failed', error: typeof reason === 'string' ? reason : 'Not sent' } });
      },
    );
}

export function send(
  channelId: string,
  text: string,
  options: { threadId?: string | null; fileId?: string | null; broadcast?: BroadcastConfirmation } = {},
): string {
  const entry: OutboxEntry = {
    _id: newMessageId(Meteor.userId() ?? ''),
    channelId,
    threadId: options.threadId ?? null,
    text,
    fileId: options.fileId ?? null,
    broadcast: options.broadcast ?? 'unconfirmed',
    state: 'sending',
    error: null,
    createdAt: new Date(),
  };
  // The call before the outbox entry: the call's stub (which sends the frame) is then queued
  // ahead of the page's reaction to the entry, not behind it. Its outcome cannot come before
  // the entry is in: it arrives in a later task.
  call(entry);
  outbox.insert(entry);
  return entry._id;
}

export function retry(id: string): void {
  dispatch(id);
}

export function discard(id: string): void {
  outbox.remove({ _id: id });
}

/**
 * A send kept on the device that the server refused after a reload (the durable outbox rolled
 * its copy back): shown as "failed — retry" like any refused send of this page.
 */
export function restoreRefused(params: readonly unknown[], reason: string): void {
  const args = params[0] as Partial<{ _id: string; channelId: string; text: string; threadId: string; fileId: string; confirmBroadcast: boolean }> | undefined;
  if (args === undefined || typeof args._id !== 'string' || typeof args.channelId !== 'string') return;
  if (outbox.findOne({ _id: args._id }) !== undefined) {
    outbox.update({ _id: args._id }, { $set: { state: 'failed', error: reason } });
    return;
  }
  outbox.insert({
    _id: args._id,
    channelId: args.channelId,
    threadId: args.threadId ?? null,
    text: args.text ?? '',
    fileId: args.fileId ?? null,
    broadcast: args.confirmBroadcast === true ? 'confirmed' : 'unconfirmed',
    state: 'failed',
    error: reason,
    createdAt: new Date(),
  });
}
