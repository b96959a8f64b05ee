import type { HistoryCursor } from '/imports/api/messages/collection';

/**
 * One subscription's worth of a channel's top-level messages:
 * - `live`: the newest page, and with `since` every message from that position on, so nothing
 *   between it and the pages below goes missing as new messages arrive;
 * - `before` / `after`: the fixed-size page just older / newer than a position;
 * - `around`: a page either side of one message (a link or search hit opened the list there).
 */
export type HistoryPage =
  | { readonly kind: 'live'; readonly since: HistoryCursor | null }
  | { readonly kind: 'before'; readonly cursor: HistoryCursor }
  | { readonly kind: 'after'; readonly cursor: HistoryCursor }
  | { readonly kind: 'around'; readonly anchorId: string };

/**
 * The contiguous slice of the channel a list holds, as its pages oldest first. Scrolling adds a
 * page at one edge and, past `MAX_WINDOW_PAGES`, drops the page at the other: every load costs one
 * page at any depth, and the rows on screen (and documents held) stay bounded.
 */
export interface HistoryWindow {
  readonly pages: readonly HistoryPage[];
}

export type HistoryEdge = 'older' | 'newer';

/** Pages a window holds at most: a few screens either side of what the reader looks at. */
export const MAX_WINDOW_PAGES = 4;

export function initialWindow(anchorId: string | null): HistoryWindow {
  return { pages: [anchorId === null ? { kind: 'live', since: null } : { kind: 'around', anchorId }] };
}

export function isLive(window: HistoryWindow): boolean {
  return window.pages.some((page) => page.kind === 'live');
}

/**
 * The window with one more page at `edge`, read from `cursor` (the message shown at that edge),
 * and without the page at the far edge if it grew past the bound. A live page that gains an older
 * neighbour is pinned to that neighbour's position, so the two stay adjacent.
 */
export function extendWindow(window: HistoryWindow, edge: HistoryEdge, cursor: HistoryCursor): HistoryWindow {
  // One scroll can fire several scroll events before the list re-renders: each asks for the same page.
  const same = (page: HistoryPage | undefined, kind: 'before' | 'after'): boolean =>
    page !== undefined && page.kind === kind && page.cursor.id === cursor.id && page.cursor.at.getTime() === cursor.at.getTime();
  if (edge === 'older' && same(window.pages[0], 'before')) return window;
  if (edge === 'newer' && same(window.pages[window.pages.length - 1], 'after')) return window;
  if (edge === 'older') {
    const pages = [
      { kind: 'before', cursor } as const,
      ...window.pages.map((page) => (page.kind === 'live' && page.since === null ? ({ kind: 'live', since: cursor } as const) : page)),
    ];
    return { pages: pages.length > MAX_WINDOW_PAGES ? pages.slice(0, MAX_WINDOW_PAGES) : pages };
  }
  if (isLive(window)) return window;
  const pages = [...window.pages, { kind: 'after', cursor } as const];
  return { pages: pages.length > MAX_WINDOW_PAGES ? pages.slice(pages.length - MAX_WINDOW_PAGES) : pages };
}

/** A newer page came back short, so it reached the newest message: from there on the window follows new ones. */
export function joinLiveEnd(window: HistoryWindow, cursor: HistoryCursor): HistoryWindow {
  return isLive(window) ? window : { pages: [...window.pages, { kind: 'live', since: cursor }] };
}

/** A stable text key of the window, for hook dependencies. */
export function windowKey(window: HistoryWindow): string {
  return JSON.stringify(
    window.pages.map((page) =>
      'cursor' in page
        ? { ...page, cursor: { at: page.cursor.at.getTime(), id: page.cursor.id } }
        : page.kind === 'live'
          ? { kind: page.kind, since: page.since === null ? null : [page.since.at.getTime(), page.since.id] }
          : page,
    ),
  );
}
