import { useEffect, useRef } from 'react';
import { markRead } from '/imports/api/channels/methods';
import { shownCounts } from '/imports/api/channels/notify-level';
import type { NotifyPrefs } from '/imports/api/users/user-profile';
import { playChime } from './chime';
import type { ChannelEntry } from './use-channels';

/**
 * Total unread across channels in the page title, before the workspace's name: "(3) Acme". Each channel counts what its
 * level shows: every unread message, only mentions, or nothing (muted channels too).
 */
export function usePageTitle(entries: readonly ChannelEntry[], workspaceName = 'Perseid'): void {
  const total = entries.reduce((sum, entry) => {
    const shown = shownCounts(entry.membership, entry.level);
    // `unread` counts mentions too: a channel adds the larger of what it shows.
    return sum + Math.max(shown.unread, shown.mentions);
  }, 0);
  useEffect(() => {
    document.title = total > 0 ? `(${total}) ${workspaceName}` : workspaceName;
  }, [total, workspaceName]);
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
 * When a mention or DM arrives in a channel whose level lets mentions through: a browser
 * notification while the tab is hidden, if the person keeps desktop notifications on and granted
 * permission (asked from the profile panel, never forced); a chime, if they turned sounds on.
 */
export function useMentionNotifications(entries: readonly ChannelEntry[], prefs: NotifyPrefs): void {
  const seen = useRef(new Map<string, number>());
  useEffect(() => {
    for (const entry of entries) {
      const mentions = entry.membership?.mentions ?? 0;
      const before = seen.current.get(entry.channel._id);
      seen.current.set(entry.channel._id, mentions);
      if (before === undefined || mentions <= before || entry.level === 'nothing') continue;
      if (prefs.sounds) playChime();
      if (!prefs.desktop || document.visibilityState !== 'hidden' || typeof Notification === 'undefined' || Notification.permission !== 'granted') continue;
      const title = entry.channel.kind === 'direct' ? `New message from ${entry.label}` : `You were mentioned in #${entry.label}`;
      const note = new Notification(title, { tag: entry.channel._id });
      note.onclick = () => {
        window.focus();
        location.hash = `#/c/${entry.channel._id}`;
      };
    }
  }, [entries, prefs.desktop, prefs.sounds]);
}
