import { ReactiveDict } from 'meteor/reactive-dict';

/** Unsent composer text per channel (and per thread), kept while the user moves around. */
export const drafts = new ReactiveDict<Record<string, string>>();

export function draftKey(channelId: string, threadId: string | null): string {
  return threadId === null ? channelId : `${channelId}/${threadId}`;
}
