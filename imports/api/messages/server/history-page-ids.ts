import { MAX_MESSAGE_LIMIT, Messages } from '../collection';
import type { HistoryCursor } from '../collection';

export type PageDirection = 'before' | 'after';

interface Key {
  _id: string;
  createdAt: Date;
}

/** Newest first for `before`, oldest first for `after`: the order a page is read in. */
function compareFor(direction: PageDirection): (a: Key, b: Key) => number {
  const sign = direction === 'before' ? -1 : 1;
  return (a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/**
 * The ids of the `limit` top-level messages of a channel next to `cursor` (strictly older for
 * `before`, strictly newer for `after`), ordered by (createdAt, _id). Every read walks the
 * `{ channelId, threadId, createdAt }` index from the cursor (range plus limit, or one
 * `createdAt` value), so a page costs the same at any depth; the `_id` tie-break is applied to the
 * few messages that share a millisecond at either end of the page.
 */
export async function historyPageIds(channelId: string, cursor: HistoryCursor, direction: PageDirection, limit: number): Promise<string[]> {
  const base = { channelId, threadId: null };
  const fields = { _id: 1, createdAt: 1 } as const;
  const compare = compareFor(direction);
  const sameTime = async (at: Date): Promise<Key[]> =>
    (await Messages.find({ ...base, createdAt: at }, { fields, limit: MAX_MESSAGE_LIMIT }).fetchAsync()).sort(compare);
  const beyondCursor = (doc: Key): boolean => compare(doc, { _id: cursor.id, createdAt: cursor.at }) > 0;

  const ties = (await sameTime(cursor.at)).filter(beyondCursor);
  if (ties.length >= limit) return ties.slice(0, limit).map((doc) => doc._id);
  const range = direction === 'before' ? { $lt: cursor.at } : { $gt: cursor.at };
  const rest = await Messages.find(
    { ...base, createdAt: range },
    { fields, sort: { createdAt: direction === 'before' ? -1 : 1 }, limit: limit - ties.length },
  ).fetchAsync();
  const last = rest[rest.length - 1];
  if (last === undefined || rest.length < limit - ties.length) return [...ties, ...rest].map((doc) => doc._id);
  // The page ends inside one millisecond: which of its messages belong here is decided by _id,
  // not by the order the index happens to hold them in, so the next page starts exactly after.
  const inside = rest.filter((doc) => doc.createdAt.getTime() !== last.createdAt.getTime());
  const boundary = (await sameTime(last.createdAt)).slice(0, rest.length - inside.length);
  return [...ties, ...inside, ...boundary].map((doc) => doc._id);
}
