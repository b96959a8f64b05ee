import { MAX_MESSAGE_LIMIT } from '/imports/api/messages/collection';

/**
 * Which slice of a channel's top-level messages a list shows and subscribes to: the newest
 * `limit` (growing as the reader scrolls back), or a window around one message that grows
 * at whichever edge the reader scrolls towards.
 */
export type HistoryWindow =
  | { readonly kind: 'latest'; readonly limit: number }
  | { readonly kind: 'around'; readonly anchorId: string; readonly before: number; readonly after: number };

export type HistoryEdge = 'older' | 'newer';

export function initialWindow(anchorId: string | null, pageSize: number): HistoryWindow {
  return anchorId === null ? { kind: 'latest', limit: pageSize } : { kind: 'around', anchorId, before: pageSize, after: pageSize };
}

/** The window one page bigger at `edge` (the newest window has no newer edge), capped like the server. */
export function growWindow(window: HistoryWindow, edge: HistoryEdge, pageSize: number): HistoryWindow {
  const grown = (n: number): number => Math.min(n + pageSize, MAX_MESSAGE_LIMIT);
  switch (window.kind) {
    case 'latest':
      return edge === 'older' ? { ...window, limit: grown(window.limit) } : window;
    case 'around':
      return edge === 'older' ? { ...window, before: grown(window.before) } : { ...window, after: grown(window.after) };
    default:
      return window satisfies never;
  }
}
