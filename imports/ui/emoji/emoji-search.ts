import type { EmojiEntry } from './emoji-data';

/** How well `entry` answers `query` (lower is better), or null when it does not. */
function rank(entry: Pick<EmojiEntry, 'name' | 'keywords'>, query: string): number | null {
  const name = entry.name.toLowerCase();
  if (name === query) return 0;
  if (name.startsWith(query)) return 1;
  if (name.split(/[_-]/).some((word) => word.startsWith(query))) return 2;
  if (entry.keywords.some((k) => k.toLowerCase().startsWith(query))) return 3;
  if (name.includes(query)) return 4;
  return null;
}

/**
 * The entries whose name or keywords match `query` (trimmed, case-insensitive, a leading colon
 * ignored), best first: exact name, name prefix, word of the name, keyword, then any part of the
 * name; ties keep the set's order. An empty query matches nothing.
 */
export function searchEmoji<T extends Pick<EmojiEntry, 'name' | 'keywords'>>(entries: readonly T[], query: string, limit = 80): T[] {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, '');
  if (q.length === 0) return [];
  const hits: { entry: T; score: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    const score = rank(entry, q);
    if (score !== null) hits.push({ entry, score, index });
  });
  hits.sort((a, b) => a.score - b.score || a.index - b.index);
  return hits.slice(0, limit).map((h) => h.entry);
}
