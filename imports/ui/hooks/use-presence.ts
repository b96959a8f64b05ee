import { useEffect } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { setPresence } from '/imports/api/presence/methods';
import { presence } from '/imports/ui/data/client-collections';

export type PresenceView = 'online' | 'away' | 'offline';

export function usePresenceOf(userId: string | undefined): PresenceView {
  return useTracker(() => (userId === undefined ? 'offline' : (presence.findOne({ _id: userId })?.state ?? 'offline')), [userId]);
}

export function presenceOf(userId: string): PresenceView {
  return presence.findOne({ _id: userId })?.state ?? 'offline';
}

const IDLE_MS = 5 * 60 * 1000;

/** Reports this tab as away when hidden or idle for five minutes, online again on activity. */
export function useAwayReporting(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return undefined;
    let reported: 'online' | 'away' = 'online';
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const report = (state: 'online' | 'away'): void => {
      if (state === reported) return;
      reported = state;
      setPresence.callAsync({ state }).catch(() => undefined);
    };
    const activity = (): void => {
      if (document.visibilityState === 'visible') report('online');
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => report('away'), IDLE_MS);
    };
    const visibility = (): void => (document.visibilityState === 'hidden' ? report('away') : activity());
    const events = ['mousemove', 'keydown', 'pointerdown', 'focus'] as const;
    for (const e of events) window.addEventListener(e, activity, { passive: true });
    document.addEventListener('visibilitychange', visibility);
    activity();
    return () => {
      clearTimeout(idleTimer);
      for (const e of events) window.removeEventListener(e, activity);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [enabled]);
}
