/**
 * The vertical layout of a virtualised list: each row's height (measured once it was rendered,
 * estimated until then), their running offsets, and which rows a viewport needs. Pure, so the
 * list's scrolling rules can be checked without a browser.
 */

/** What a row is, for estimating a height it has never been measured at. */
export type RowKind = 'day' | 'message';

export interface LaidRow {
  readonly key: string;
  readonly kind: RowKind;
}

/** Until a row of a kind has been measured: about one line of text, and a day separator. */
const FIRST_GUESS: Record<RowKind, number> = { message: 44, day: 40 };

/**
 * Heights by row key. Unmeasured rows count as the mean of the measured rows of their kind, so
 * the space held for rows off screen tracks what this list's rows really look like.
 */
export class RowHeights {
  readonly #known = new Map<string, { kind: RowKind; height: number }>();
  readonly #sum: Record<RowKind, number> = { message: 0, day: 0 };
  readonly #count: Record<RowKind, number> = { message: 0, day: 0 };

  heightOf(row: LaidRow): number {
    return this.#known.get(row.key)?.height ?? this.estimate(row.kind);
  }

  estimate(kind: RowKind): number {
    const count = this.#count[kind];
    return count === 0 ? FIRST_GUESS[kind] : this.#sum[kind] / count;
  }

  /** Records a measured height; whether it differs from what was held for the row. */
  measured(row: LaidRow, height: number): boolean {
    const old = this.#known.get(row.key);
    if (old !== undefined && Math.abs(old.height - height) < 0.5) return false;
    const before = this.heightOf(row);
    if (old !== undefined) this.#forget(row.key, old);
    this.#known.set(row.key, { kind: row.kind, height });
    this.#sum[row.kind] += height;
    this.#count[row.kind] += 1;
    return Math.abs(before - height) >= 0.5;
  }

  /** Forgets rows the list no longer holds, so the map stays as small as the list at any depth. */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const [key, entry] of this.#known) if (!keys.has(key)) this.#forget(key, entry);
  }

  #forget(key: string, entry: { kind: RowKind; height: number }): void {
    this.#known.delete(key);
    this.#sum[entry.kind] -= entry.height;
    this.#count[entry.kind] -= 1;
  }
}

/** `tops[i]` is where row i starts; `tops[rows.length]` is the height of them all. */
export function rowTops(rows: readonly LaidRow[], heights: RowHeights): number[] {
  const tops = new Array<number>(rows.length + 1);
  let y = 0;
  for (let i = 0; i < rows.length; i += 1) {
    tops[i] = y;
    y += heights.heightOf(rows[i] as LaidRow);
  }
  tops[rows.length] = y;
  return tops;
}

/** The first row whose bottom edge lies below `y` (the last row when none does; 0 for no rows). */
export function rowAt(tops: readonly number[], y: number): number {
  const count = tops.length - 1;
  let low = 0;
  let high = count - 1;
  if (count <= 0) return 0;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((tops[mid + 1] as number) > y) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The rows, `[start, end)`, that overlap `[from, to)`. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

export function rowsBetween(tops: readonly number[], from: number, to: number): RowRange {
  const count = tops.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const start = rowAt(tops, from);
  let end = rowAt(tops, to) + 1;
  if (end > count) end = count;
  return { start, end: Math.max(end, start + 1) };
}

export function covers(outer: RowRange, inner: RowRange): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}
