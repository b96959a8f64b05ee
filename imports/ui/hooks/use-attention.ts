import { useEffect, useRef } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { markRead } from '/imports/api/channels/methods';
import { memberships } from '/imports/ui/data/client-collections';
import type { ChannelEntry } from './use-channels';

/** Total unread across channels in the page title: "(3) Perseid". */
export function usePageTitle(selfId: string | null): void {
  const total = useTracker(() => (selfId === null ? 0 : memberships.find({ userId: selfId }).fetch().reduce((sum, m) => sum + m.unread, 0)), [selfId]);
  useEffect(() => {
    document.title = total > 0 ? `(${total}) Perseid` : 'Perseid';
  }, [total]);
}

/** Keeps the open channel read while the tab is visible. */
export function useMarkRead(entry: ChannelEntry | undefined): void {
  const unread = (entry?.membership?.unread ?? 0) + (entry?.membership?.mentions ?? 0);
  const channelId = entry?.channel._id;
  useEffect(() => {
    if (channelId === undefined || unread === 0) return undefined;
    const mark = (): void => {
      if (document.visibilityState === 'visible') markRead.callAsync({ channelId }).catch(() => undefined);
    };
    const timer = setTimeout(mark, 400);
    document.addEventListener('visibilitychange', mark);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', mark);
    };
  }, [channelId, unread]);
}

/**
 * A browser notification when a mention or DM arrives while the tab is hidden, only if the
 * user granted permission (asked from the profile panel, never forced).
 */
export function useMentionNotifications(entries: readonly ChannelEntry[]): void {
  const seen = useRef(new Map<string, number>());
  useEffect(() => {
    for (const entry of entries) {
      const mentions = entry.membership?.mentions ?? 0;
      const before = seen.current.get(entry.channel._id);
      seen.current.set(entry.channel._id, mentions);
      if (before === undefined || mentions <= before) continue;
      if (document.visibilityState !== 'hidden' || typeof Notification === 'undefined' || Notification.permission !== 'granted') continue;
      const title = entry.channel.kind === 'direct' ? `New message from ${entry.label}` : `You were mentioned in #${entry.label}`;
      const note = new Notification(title, { tag: entry.channel._id });
      note.onclick = () => {
        window.focus();
        location.hash = `#/c/${entry.channel._id}`;
      };
    }
  }, [entries]);
}
