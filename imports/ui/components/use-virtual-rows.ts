import { useEffect, useReducer, useRef } from 'react';
import type { RefObject } from 'react';
import { covers, RowHeights, rowAt, rowsBetween, rowTops } from './row-layout';
import type { LaidRow, RowRange } from './row-layout';

/**
 * What the list keeps still while rows come, go and get measured:
 * - `bottom`: the newest row at the bottom (the reader was there, or just sent a message);
 * - `target`: one row centred (a link or search hit opened the list there);
 * - `row`: the row at the top of the view, by the distance from the view's top to its bottom
 *   edge (its bottom, because a row can lose its author line when older rows of the same
 *   author arrive above it, and what is below it is what the reader looks at);
 * - `free`: nothing yet (the list waits for its target).
 */
export type Hold =
  | { readonly kind: 'bottom' }
  | { readonly kind: 'target'; readonly key: string }
  | { readonly kind: 'row'; readonly key: string; readonly fromBottom: number }
  | { readonly kind: 'free' };

/** Rows rendered beyond each edge of the view: a fast flick or Page Up still lands on rows. */
export const OVERSCAN_PX = 800;
/** A re-render with the full overscan is due once less than this is left beyond an edge. */
const REFILL_PX = OVERSCAN_PX / 2;
/** Re-renders in a row that only chase measurements; a bound so odd layouts cannot loop. */
const MAX_CHASES = 4;
/** A view height to plan the first render with, before the scroller was measured. */
const FIRST_VIEW_PX = 900;

/** What the list renders, top to bottom: space held for rows not rendered, and runs of rendered rows. */
export type Piece = { readonly kind: 'space'; readonly key: string; readonly height: number } | ({ readonly kind: 'rows' } & RowRange);

export interface VirtualRows {
  readonly pieces: readonly Piece[];
  /** The element holding the spacers and the rendered rows (each row's element carries `data-row-key`). */
  readonly content: RefObject<HTMLDivElement | null>;
  readonly hold: { current: Hold };
  /** After every render: measures the rendered rows, puts the held row back in place, renders more rows if the view needs them. */
  settle(): void;
  /** The reader scrolled: hold the row now at the top (or the bottom when they are there). */
  readerMoved(atBottom: boolean): void;
  /** Whether a scroll event is the echo of the list setting scrollTop itself (consumed once). */
  ownScroll(scrollTop: number): boolean;
}

function indexOfKey(rows: readonly LaidRow[], key: string): number {
  return rows.findIndex((row) => row.key === key);
}

/**
 * Per-row virtualisation for a list of variable-height rows: only the rows in and near the view
 * are in the DOM; the others are two spacers whose heights are the rows' measured (or, never
 * rendered, estimated) heights. Scrolling is native; what stays still across changes is `hold`.
 */
export function useVirtualRows(rows: readonly LaidRow[], scroller: RefObject<HTMLDivElement | null>, initialHold: Hold): VirtualRows {
  const heights = useRef(new RowHeights()).current;
  const hold = useRef<Hold>(initialHold);
  const content = useRef<HTMLDivElement | null>(null);
  /** The view in content coordinates, as last seen. */
  const view = useRef({ top: 0, height: FIRST_VIEW_PX });
  const adjustedTo = useRef<number | null>(null);
  const chases = useRef(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const latest = useRef({ rows, range: { start: 0, end: 0 } as RowRange });

  // The plan for this render, from the hold and what is known of the rows' heights.
  const tops = rowTops(rows, heights);
  const total = tops[rows.length] ?? 0;
  const plannedTop = ((): number => {
    const h = hold.current;
    if (h.kind === 'bottom') return total - view.current.height;
    if (h.kind === 'free') return view.current.top;
    const i = indexOfKey(rows, h.key);
    if (i < 0) return view.current.top;
    const rowTop = tops[i] as number;
    const rowBottom = tops[i + 1] as number;
    return h.kind === 'target' ? rowTop - Math.max(0, (view.current.height - (rowBottom - rowTop)) / 2) : rowBottom - h.fromBottom;
  })();
  const { start, end } = rowsBetween(tops, plannedTop - OVERSCAN_PX, plannedTop + view.current.height + OVERSCAN_PX);
  latest.current = { rows, range: { start, end } };
  const at = (i: number): number => tops[i] ?? total;
  let pieces: Piece[] = [
    { kind: 'space', key: 'above', height: at(start) },
    { kind: 'rows', start, end },
    { kind: 'space', key: 'below', height: total - at(end) },
  ];
  // The row holding keyboard focus stays rendered where it is (unmounting it would drop focus to
  // the page); failing that, a row holding unsaved input (`data-keep-mounted`, an open edit box),
  // whose state would be lost with its element.
  const focused = content.current?.contains(document.activeElement) === true ? document.activeElement : null;
  const kept = focused?.closest<HTMLElement>('[data-row-key]') ?? content.current?.querySelector('[data-keep-mounted]')?.closest<HTMLElement>('[data-row-key]');
  const f = indexOfKey(rows, kept?.dataset['rowKey'] ?? '');
  if (f >= 0 && f < start) {
    pieces = [
      { kind: 'space', key: 'above', height: at(f) },
      { kind: 'rows', start: f, end: f + 1 },
      { kind: 'space', key: 'between', height: at(start) - at(f + 1) },
      ...pieces.slice(1),
    ];
  } else if (f >= end) {
    pieces = [
      ...pieces.slice(0, 2),
      { kind: 'space', key: 'between', height: at(f) - at(end) },
      { kind: 'rows', start: f, end: f + 1 },
      { kind: 'space', key: 'below', height: total - at(f + 1) },
    ];
  }

  const contentTop = (el: HTMLElement, box: DOMRect): number => {
    const inner = content.current;
    return inner === null ? 0 : inner.getBoundingClientRect().top - box.top + el.scrollTop;
  };
  const rowElement = (key: string): HTMLElement | null => content.current?.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(key)}"]`) ?? null;

  /** Puts the held row where it belongs, from the DOM when it is rendered, else from the model. */
  const position = (): void => {
    const el = scroller.current;
    if (el === null) return;
    const box = el.getBoundingClientRect();
    const h = hold.current;
    let wanted: number | null = null;
    if (h.kind === 'bottom') wanted = el.scrollHeight - el.clientHeight;
    else if (h.kind !== 'free') {
      const row = rowElement(h.key);
      if (row !== null) {
        const r = row.getBoundingClientRect();
        wanted =
          h.kind === 'target'
            ? el.scrollTop + r.top - box.top - Math.max(0, (el.clientHeight - r.height) / 2)
            : el.scrollTop + r.bottom - box.top - h.fromBottom;
      } else {
        // Not rendered yet: where the model puts it; the rows there render next (see refill).
        const now = latest.current.rows;
        const i = indexOfKey(now, h.key);
        if (i >= 0) {
          const t = rowTops(now, heights);
          const top = t[i] as number;
          const bottom = t[i + 1] as number;
          wanted = contentTop(el, box) + (h.kind === 'target' ? top - Math.max(0, (el.clientHeight - (bottom - top)) / 2) : bottom - h.fromBottom);
        }
      }
    }
    if (wanted !== null && Math.abs(el.scrollTop - wanted) > 0.5) {
      el.scrollTop = wanted;
      adjustedTo.current = el.scrollTop;
    }
    view.current = { top: el.scrollTop - contentTop(el, box), height: el.clientHeight };
  };

  /** Renders again when the view came close to an edge of the rendered rows. */
  const refill = (): void => {
    const now = latest.current;
    if (now.rows.length === 0) return;
    const fresh = rowTops(now.rows, heights);
    const need = rowsBetween(fresh, view.current.top - REFILL_PX, view.current.top + view.current.height + REFILL_PX);
    if (covers(now.range, need)) {
      chases.current = 0;
      return;
    }
    if (chases.current >= MAX_CHASES) return;
    chases.current += 1;
    rerender();
  };

  /** Records the heights of the rendered rows; whether any changed. */
  const measure = (elements: Iterable<Element>): boolean => {
    let changed = false;
    for (const el of elements) {
      if (!(el instanceof HTMLElement)) continue;
      const key = el.dataset['rowKey'];
      if (key === undefined) continue;
      const kind = el.dataset['rowKind'] === 'day' ? 'day' : 'message';
      if (heights.measured({ key, kind }, el.getBoundingClientRect().height)) changed = true;
    }
    return changed;
  };

  // Rows change height after they rendered (an image loads, a reaction or an edit arrives):
  // each resize puts the held row back before the frame is painted.
  const onResize = useRef((_: readonly ResizeObserverEntry[]): void => undefined);
  onResize.current = (entries) => {
    if (measure(entries.map((entry) => entry.target))) {
      position();
      refill();
    }
  };
  const observer = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Set<Element>());
  useEffect(() => {
    const seen = observed.current;
    const ro = new ResizeObserver((entries) => onResize.current(entries));
    observer.current = ro;
    return () => {
      ro.disconnect();
      observer.current = null;
      seen.clear();
    };
  }, []);

  const lastRows = useRef<readonly LaidRow[] | null>(null);
  const settle = (): void => {
    const inner = content.current;
    if (inner === null) return;
    const rendered = [...inner.children].filter((child) => child instanceof HTMLElement && child.dataset['rowKey'] !== undefined);
    measure(rendered);
    const ro = observer.current;
    if (ro !== null) {
      for (const el of observed.current) {
        if (!el.isConnected) {
          ro.unobserve(el);
          observed.current.delete(el);
        }
      }
      for (const el of rendered) {
        if (!observed.current.has(el)) {
          ro.observe(el);
          observed.current.add(el);
        }
      }
    }
    if (lastRows.current !== rows) {
      lastRows.current = rows;
      heights.keepOnly(new Set(rows.map((row) => row.key)));
    }
    position();
    refill();
  };

  const readerMoved = (atBottom: boolean): void => {
    const el = scroller.current;
    if (el === null) return;
    const box = el.getBoundingClientRect();
    view.current = { top: el.scrollTop - contentTop(el, box), height: el.clientHeight };
    chases.current = 0;
    if (atBottom) hold.current = { kind: 'bottom' };
    else {
      const inner = content.current;
      let held: Hold | null = null;
      let first = true;
      for (const child of inner?.children ?? []) {
        const key = child instanceof HTMLElement ? child.dataset['rowKey'] : undefined;
        if (key === undefined) continue;
        const r = child.getBoundingClientRect();
        if (r.bottom - box.top <= 0) continue;
        // The first row reaching into the view starts below its top, after held space: the reader
        // scrolled into rows not rendered yet, so the model says which row is there.
        if (first && r.top - box.top > 1 && key !== latest.current.rows[0]?.key) break;
        first = false;
        // A message, not a day divider: a divider's key moves to whichever page now starts its day.
        if ((child as HTMLElement).dataset['rowKind'] !== 'message') continue;
        held = { kind: 'row', key, fromBottom: r.bottom - box.top };
        break;
      }
      if (held === null) {
        // Flung past every rendered row: hold by the model until they render.
        const now = latest.current.rows;
        const t = rowTops(now, heights);
        let i = rowAt(t, view.current.top);
        while (now[i]?.kind === 'day') i += 1;
        const row = now[i];
        if (row !== undefined) held = { kind: 'row', key: row.key, fromBottom: (t[i + 1] as number) - view.current.top };
      }
      if (held !== null) hold.current = held;
    }
    refill();
  };

  const ownScroll = (scrollTop: number): boolean => {
    const own = adjustedTo.current !== null && Math.abs(scrollTop - adjustedTo.current) <= 1;
    if (own) adjustedTo.current = null;
    return own;
  };

  return { pieces, content, hold, settle, readerMoved, ownScroll };
}
