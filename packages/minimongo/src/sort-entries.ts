import type { Entry } from './live-query';
import type { Sorter } from './sorter';

/**
 * Entries in sort order (ties by insertion order). Sort keys are read once per document; when
 * only the first `end` are wanted and that is a small part, they are selected by binary
 * insertion into a bounded buffer instead of sorting everything.
 */
export function sortEntries(entries: Entry[], sorter: Sorter, end: number | undefined): Entry[] {
  const first = entries[0];
  if (first === undefined || sorter.keyOf(first.doc) === undefined) {
    const compare = sorter.getComparator();
    return entries.sort((a, b) => compare(a.doc, b.doc) || a.seq - b.seq);
  }
  const keyed = entries.map((entry) => ({ entry, key: sorter.keyOf(entry.doc) as unknown[] }));
  type Keyed = (typeof keyed)[number];
  const compare = (a: Keyed, b: Keyed): number => sorter.compareKeys(a.key, b.key) || a.entry.seq - b.entry.seq;
  if (end === undefined || end * 8 > keyed.length) return keyed.sort(compare).map((k) => k.entry);
  const top: Keyed[] = [];
  for (const item of keyed) {
    if (top.length === end && compare(item, top[end - 1] as Keyed) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(top[mid] as Keyed, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > end) top.pop();
  }
  return top.map((k) => k.entry);
}
