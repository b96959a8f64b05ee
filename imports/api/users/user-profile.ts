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

/** The user as every other user sees them (the users.directory publication). */
export interface ChatUser {
  _id: string;
  username?: string;
  profile?: Partial<ChatProfile>;
  roles?: WorkspaceRole[];
  deactivated?: boolean;
}

export const AVATAR_COLORS = ['#7c3aed', '#2563eb', '#0891b2', '#059669', '#ca8a04', '#ea580c', '#dc2626', '#db2777', '#4f46e5', '#0d9488'] as const;

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
  const parts = name.trim().split(/\s+/).filter((p) => p.length > 0);
  const letters = parts.length >= 2 ? `${parts[0]?.[0] ?? ''}${parts[parts.length - 1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/** Fields of other users that anyone signed in may read. */
export const PUBLIC_USER_FIELDS = { username: 1, profile: 1, roles: 1, deactivated: 1 } as const;
