import { displayName } from '../users/user-profile';
import type { ChatUser } from '../users/user-profile';

/**
 * Whether a member answers what is typed after `@` (or in a member search): a username prefix or
 * any part of the display name, case-insensitively. The server pages members with this and the
 * composer filters what it holds with it, so both agree on who matches.
 */
export function memberMatches(user: ChatUser, query: string): boolean {
  const wanted = query.toLowerCase();
  if (wanted === '') return true;
  return (user.username ?? '').toLowerCase().startsWith(wanted) || displayName(user).toLowerCase().includes(wanted);
}

/** The order members are listed in: by username, then id so equal names keep one order. */
export function compareMembers(a: { readonly username: string; readonly userId: string }, b: { readonly username: string; readonly userId: string }): number {
  if (a.username !== b.username) return a.username < b.username ? -1 : 1;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}
