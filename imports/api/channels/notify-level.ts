import type { Membership } from './collection';

/** How much of a channel reaches its member: every message, mentions only, or nothing. */
export const NOTIFY_LEVELS = ['all', 'mentions', 'nothing'] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];

/** A mute reaches at most this far ahead; "until tomorrow" is well within it. */
export const MAX_MUTE_MS = 7 * 24 * 60 * 60_000;

/**
 * The level a membership has at `nowMs`: its chosen level, or 'nothing' while a mute lasts.
 * Memberships stored before preferences existed have neither field and mean 'all'.
 */
export function effectiveLevel(membership: Pick<Membership, 'notify' | 'mutedUntil'> | undefined, nowMs: number): NotifyLevel {
  if (membership === undefined) return 'all';
  const mutedUntil = membership.mutedUntil ?? null;
  if (mutedUntil !== null && mutedUntil.getTime() > nowMs) return 'nothing';
  return membership.notify ?? 'all';
}

/** Whether a mute is in force at `nowMs` (a lapsed `mutedUntil` is no mute). */
export function isMuted(membership: Pick<Membership, 'mutedUntil'> | undefined, nowMs: number): boolean {
  const mutedUntil = membership?.mutedUntil ?? null;
  return mutedUntil !== null && mutedUntil.getTime() > nowMs;
}

/** The counters a level lets show: 'mentions' hides the plain unread count, 'nothing' both. */
export function shownCounts(membership: Pick<Membership, 'unread' | 'mentions'> | undefined, level: NotifyLevel): { unread: number; mentions: number } {
  const unread = membership?.unread ?? 0;
  const mentions = membership?.mentions ?? 0;
  switch (level) {
    case 'all':
      return { unread, mentions };
    case 'mentions':
      return { unread: 0, mentions };
    case 'nothing':
      return { unread: 0, mentions: 0 };
    default:
      return level satisfies never;
  }
}
