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

  const range = direction === 'before' ? { $lt: cursor.at } : { $gt: cursor.at };
  // Both reads at once, one round trip instead of two: the range read asks for one message more
  // than a page, so a page that ends on a millisecond it holds whole needs no third read.
  const [tiesAtCursor, ahead] = await Promise.all([
    sameTime(cursor.at),
    Messages.find({ ...base, createdAt: range }, { fields, sort: { createdAt: direction === 'before' ? -1 : 1 }, limit: limit + 1 }).fetchAsync(),
  ]);
  const ties = tiesAtCursor.filter(beyondCursor);
  if (ties.length >= limit) return ties.slice(0, limit).map((doc) => doc._id);
  const wanted = limit - ties.length;
  const rest = ahead.slice(0, wanted);
  const last = rest[rest.length - 1];
  const next = ahead[wanted];
  if (last === undefined || rest.length < wanted) return [...ties, ...rest.sort(compare)].map((doc) => doc._id);
  const inside = rest.filter((doc) => doc.createdAt.getTime() !== last.createdAt.getTime());
  // The millisecond the page ends in is whole in `rest` unless the message after it shares it.
  if (next === undefined || next.createdAt.getTime() !== last.createdAt.getTime()) return [...ties, ...rest.sort(compare)].map((doc) => doc._id);
  // The page ends inside one millisecond: which of its messages belong here is decided by _id,
  // not by the order the index happens to hold them in, so the next page starts exactly after.
  const boundary = (await sameTime(last.createdAt)).slice(0, rest.length - inside.length);
  return [...ties, ...inside.sort(compare), ...boundary].map((doc) => doc._id);
}
