/** The app's part of a user document (beside what accounts-base stores). */
export interface ChatProfile {
  name: string;
  /** An avatar colour, `#rrggbb`, chosen at sign-up. */
  color: string;
  statusText: string;
  /** GridFS id of an uploaded avatar image, if any. */
  avatarFileId: string | null;
}

export type WorkspaceRole = 'admin';

/** A person's own notification switches; only they read them (never in the directory). */
export interface NotifyPrefs {
  /** Browser notifications of mentions and DMs (the browser's permission is asked apart). */
  desktop: boolean;
  /** A short tone when a mention or DM arrives. */
  sounds: boolean;
}

/** What a user who never chose gets: notifications as before, no sound. */
export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = { desktop: true, sounds: false };

export function notifyPrefsOf(user: ChatUser | null | undefined): NotifyPrefs {
  return { ...DEFAULT_NOTIFY_PREFS, ...user?.notifyPrefs };
}

/** The user as every other user sees them (the users.directory publication). */
export interface ChatUser {
  _id: string;
  username?: string;
  profile?: Partial<ChatProfile>;
  roles?: WorkspaceRole[];
  deactivated?: boolean;
  /** Published to the user themself only. */
  notifyPrefs?: Partial<NotifyPrefs>;
}

/**
 * Each gives white initials a contrast of at least 4.5:1 (WCAG 1.4.3); the order is kept so a
 * name keeps its hue. Profiles may still store an earlier, lighter shade: initialsColor covers them.
 */
export const AVATAR_COLORS = ['#7c3aed', '#2563eb', '#0e7490', '#047857', '#a16207', '#c2410c', '#dc2626', '#db2777', '#4f46e5', '#0f766e'] as const;

const DARK_INITIALS = '#111827';

/** WCAG relative luminance of `#rrggbb`; null for anything else. */
function luminance(hex: string): number | null {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return null;
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 when either is not one). */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  if (la === null || lb === null) return 1;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** White initials where they read at 4.5:1 on the background, dark ones otherwise. */
export function initialsColor(background: string): string {
  return contrastRatio(background, '#ffffff') >= 4.5 ? '#ffffff' : DARK_INITIALS;
}

/** A stable colour per name, so a user's avatar looks the same everywhere. */
export function colorFor(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  return AVATAR_COLORS[hash % AVATAR_COLORS.length] ?? '#7c3aed';
}

export function displayName(user: ChatUser | undefined | null): string {
  if (!user) return 'Unknown';
  const name = user.profile?.name;
  return typeof name === 'string' && name.length > 0 ? name : (user.username ?? 'Unknown');
}

export function initials(name: string): string {
  const parts = name
    .trim()
    .split(/\s+/)
    .filter((p) => p.length > 0);
  const letters = parts.length >= 2 ? `${parts[0]?.[0] ?? ''}${parts[parts.length - 1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/** Fields of other users that anyone signed in may read. */
export const PUBLIC_USER_FIELDS = { username: 1, profile: 1, roles: 1, deactivated: 1 } as const;
