import { useRef } from 'react';
import type { Message } from '/imports/api/messages/collection';

/** Longest message text read out; a screen reader reading a whole long post on arrival is noise. */
const MAX_ANNOUNCED_CHARS = 200;

interface Seen {
  readonly channelId: string;
  readonly newestId: string | undefined;
  readonly newestAt: number;
  readonly atLiveEnd: boolean;
  readonly text: string;
}

/**
 * What a screen reader should say about the list's latest change: another person's message that
 * arrived at the live end. The list itself is not a live region, because the virtualised list
 * mounts and unmounts rows as the reader scrolls and loads pages, and a live region would read
 * each mounted row again. Only a message newer than every message held before, while the list
 * was and is at the live end, counts: loading a page, opening a channel, jumping back to the
 * latest messages and the reader's own sends say nothing.
 */
export function useArrivalAnnouncement(
  channelId: string,
  list: readonly Message[],
  atLiveEnd: boolean,
  selfId: string,
  nameOf: (id: string) => string,
): string {
  const seen = useRef<Seen | null>(null);
  const newest = list[list.length - 1];
  const newestAt = newest?.createdAt.getTime() ?? Number.NEGATIVE_INFINITY;
  const previous = seen.current;
  let text = previous !== null && previous.channelId === channelId ? previous.text : '';
  if (previous === null || previous.channelId !== channelId) {
    // Opening a channel (or its first page arriving) is not an arrival.
  } else if (
    newest !== undefined &&
    newest._id !== previous.newestId &&
    newestAt > previous.newestAt &&
    previous.atLiveEnd &&
    atLiveEnd &&
    newest.userId !== selfId
  ) {
    const body = newest.text.length > MAX_ANNOUNCED_CHARS ? `${newest.text.slice(0, MAX_ANNOUNCED_CHARS)}…` : newest.text;
    text = `${nameOf(newest.userId)}: ${body}`;
  }
  // An empty first render (the page still loading) does not count as having seen the channel.
  seen.current =
    previous === null || previous.channelId !== channelId
      ? list.length === 0
        ? null
        : { channelId, newestId: newest?._id, newestAt, atLiveEnd, text: '' }
      : { channelId, newestId: newest?._id ?? previous.newestId, newestAt: Math.max(newestAt, previous.newestAt), atLiveEnd, text };
  return text;
}
