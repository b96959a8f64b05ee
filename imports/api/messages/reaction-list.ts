import type { Reaction } from './collection';

function userIdsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * A message's reactions as a list, whichever shape holds them: the stored list, or the older
 * emoji-keyed object a client cache or a database not yet migrated may still hold. Entries
 * nobody is on are left out.
 */
export function reactionList(value: unknown): Reaction[] {
  const entries: Reaction[] = [];
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (item === null || typeof item !== 'object') continue;
      const { emoji, userIds } = item as { emoji?: unknown; userIds?: unknown };
      if (typeof emoji === 'string') entries.push({ emoji, userIds: userIdsOf(userIds) });
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [emoji, userIds] of Object.entries(value)) entries.push({ emoji, userIds: userIdsOf(userIds) });
  }
  return entries.filter((entry) => entry.userIds.length > 0);
}
