/** How many recently used emoji a person keeps. */
export const MAX_RECENT_EMOJI = 24;

/** The part of the Web Storage API the recent list needs; the browser passes `localStorage`. */
export interface RecentStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const keyFor = (userId: string): string => `perseid.recent-emoji.${userId}`;

/** `userId`'s recently used emoji, most recent first; anything unreadable in storage reads as none. */
export function readRecentEmoji(store: RecentStore, userId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(keyFor(userId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((e): e is string => typeof e === 'string' && e.length > 0 && e.length <= 64).slice(0, MAX_RECENT_EMOJI);
  } catch {
    return [];
  }
}

/** Moves `emoji` to the front of `userId`'s recent list (once), keeping at most MAX_RECENT_EMOJI; returns the new list. */
export function rememberEmoji(store: RecentStore, userId: string, emoji: string): string[] {
  const next = [emoji, ...readRecentEmoji(store, userId).filter((e) => e !== emoji)].slice(0, MAX_RECENT_EMOJI);
  try {
    store.setItem(keyFor(userId), JSON.stringify(next));
  } catch {
    // Storage full or disabled: the list still holds for this page.
  }
  return next;
}
