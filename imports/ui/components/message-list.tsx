import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFind, useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { MAX_MESSAGE_LIMIT, MESSAGE_PAGE } from '/imports/api/messages/collection';
import type { Message } from '/imports/api/messages/collection';
import { displayName } from '/imports/api/users/user-profile';
import { messages, people } from '/imports/ui/data/client-collections';
import { outbox } from '/imports/ui/state/outbox';
import type { OutboxEntry } from '/imports/ui/state/outbox';
import { groupMessages } from './group-messages';
import { growWindow, initialWindow } from './history-window';
import type { HistoryEdge, HistoryWindow } from './history-window';
import { MessageItem } from './message-item';

export interface MessageListProps {
  readonly channelId: string;
  readonly selfId: string;
  readonly selfNames: readonly string[];
  readonly canModerate: boolean;
  readonly readOnly: boolean;
  readonly onOpenThread: (messageId: string) => void;
  /** Opens the list around this top-level message instead of at the newest one (fixed for the list's life). */
  readonly anchorId?: string | null;
  /** The message the reader came for, marked and highlighted (the anchor, unless they came for a reply). */
  readonly targetId?: string | null;
  /** Offered while the list shows a window around a message: back to the live end. */
  readonly onJumpToLatest?: () => void;
  /** Subscription page size; tests use small pages. */
  readonly pageSize?: number;
  /** Loads the window's messages, returning whether that is still loading (a subscription by default; injectable for tests). */
  readonly useHistory?: (channelId: string, window: HistoryWindow) => boolean;
}

function useHistorySubscription(channelId: string, window: HistoryWindow): boolean {
  return useSubscribe(
    window.kind === 'latest' ? 'messages.channel' : 'messages.around',
    window.kind === 'latest' ? { channelId, limit: window.limit } : { messageId: window.anchorId, before: window.before, after: window.after },
  )();
}

/**
 * The window's documents, oldest first. The same sorts and limits as the server's cursors, so
 * documents other subscriptions leave in the collection (a thread's parent, a previous window
 * while it unsubscribes) never open a gap in the list.
 */
function useWindowDocs(channelId: string, window: HistoryWindow): { docs: Message[]; more: Record<HistoryEdge, boolean> } {
  const base = { channelId, threadId: null };
  const liveAnchorAt = useTracker(
    () => (window.kind === 'around' ? (messages.findOne({ _id: window.anchorId }, { fields: { createdAt: 1 } })?.createdAt.getTime() ?? null) : null),
    [window],
  );
  // The server split the window at the root's time when subscribing; a root deleted since keeps
  // that split, so its neighbours stay on screen (the anchor is fixed for the list's life).
  const splitAt = useRef<number | null>(null);
  if (liveAnchorAt !== null) splitAt.current = liveAnchorAt;
  const anchorAt = splitAt.current;
  const latest = useFind(() => (window.kind === 'latest' ? messages.find(base, { sort: { createdAt: -1 }, limit: window.limit }) : null), [channelId, window]);
  const older = useFind(
    () => (window.kind === 'around' && anchorAt !== null ? messages.find({ ...base, createdAt: { $lt: new Date(anchorAt) } }, { sort: { createdAt: -1 }, limit: window.before }) : null),
    [channelId, window, anchorAt],
  );
  const newer = useFind(
    () => (window.kind === 'around' && anchorAt !== null ? messages.find({ ...base, createdAt: { $gte: new Date(anchorAt) } }, { sort: { createdAt: 1 }, limit: window.after + 1 }) : null),
    [channelId, window, anchorAt],
  );
  return useMemo(
    () =>
      latest !== null
        ? { docs: [...latest].reverse(), more: edgesOf(window, { older: latest.length, newer: 0 }) }
        : { docs: [...[...(older ?? [])].reverse(), ...(newer ?? [])], more: edgesOf(window, { older: older?.length ?? 0, newer: newer?.length ?? 0 }) },
    [window, latest, older, newer],
  );
}

/** Whether the server holds more beyond each edge of the window (judged from how full it came back). */
function edgesOf(window: HistoryWindow, count: { older: number; newer: number }): Record<HistoryEdge, boolean> {
  switch (window.kind) {
    case 'latest':
      return { older: count.older >= window.limit && window.limit < MAX_MESSAGE_LIMIT, newer: false };
    case 'around':
      return {
        older: count.older >= window.before && window.before < MAX_MESSAGE_LIMIT,
        newer: count.newer >= window.after + 1 && window.after < MAX_MESSAGE_LIMIT,
      };
    default:
      return window satisfies never;
  }
}

type Placement = 'waiting-for-target' | 'placed';

/** A failed send has no document any more (the stub was rolled back): show it from the outbox. */
function fromOutbox(entry: OutboxEntry, selfId: string): Message {
  return {
    _id: entry._id,
    channelId: entry.channelId,
    userId: selfId,
    text: entry.text,
    createdAt: entry.createdAt,
    editedAt: null,
    threadId: entry.threadId,
    replyCount: 0,
    lastReplyAt: null,
    reactions: [],
    mentionIds: [],
    attachment: null,
  };
}

/** How close to an edge of the list scrolling loads the next page there. */
const NEAR_EDGE_PX = 120;
// The list anchors itself; the browser's own scroll anchoring would adjust a second time.
const NO_NATIVE_ANCHORING = { overflowAnchor: 'none' } as const;
// A fixed height, so its text changing while history loads never shifts the messages below.
const HISTORY_EDGE = { height: 40, boxSizing: 'border-box', overflow: 'hidden' } as const;
const NEAR_BOTTOM_PX = 48;

/**
 * The channel's messages, oldest at the top. Opened at the newest (scrolling near the top grows
 * the subscription by a page) or around one message (centred and marked; scrolling towards
 * either edge grows the window there). Across a load the first visible message keeps its place
 * so what the reader was looking at stays put. New messages keep the view pinned to the bottom
 * only if it was there and nothing newer is left to load.
 */
export function MessageList(props: MessageListProps) {
  const { channelId, selfId, selfNames, canModerate, readOnly, onOpenThread, anchorId = null, targetId = null, onJumpToLatest, pageSize = MESSAGE_PAGE, useHistory = useHistorySubscription } = props;
  const [window, setWindow] = useState<HistoryWindow>(() => initialWindow(anchorId, pageSize));
  const loading = useHistory(channelId, window);
  const { docs, more } = useWindowDocs(channelId, window);
  const pending = useTracker(() => outbox.find({ channelId, threadId: null }).fetch(), [channelId]);
  const authors = useTracker(() => new Map(people.find({}).fetch().map((u) => [u._id, u] as const)), []);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(anchorId === null);
  const placement = useRef<Placement>(anchorId === null ? 'placed' : 'waiting-for-target');
  const lastSeen = useRef<string | undefined>(undefined);
  /** While a page loads: the first visible message and its offset from the viewport top. */
  const anchor = useRef<{ id: string; offset: number } | null>(null);

  const list = useMemo(() => {
    const present = new Set(docs.map((d) => d._id));
    // Failed sends belong at the live end; a window short of it does not show them.
    const failed = more.newer ? [] : pending.filter((p) => p.state === 'failed' && !present.has(p._id)).map((p) => fromOutbox(p, selfId));
    return failed.length === 0 ? docs : [...docs, ...failed].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }, [docs, more.newer, pending, selfId]);
  const rows = useMemo(() => groupMessages(list), [list]);
  const newest = list[list.length - 1]?._id;
  const deliveryOf = useMemo(() => new Map(pending.map((p) => [p._id, p] as const)), [pending]);
  const nameOf = (id: string): string => displayName(authors.get(id));

  const knownSends = useRef<ReadonlySet<string>>(new Set(pending.map((p) => p._id)));
  useEffect(() => {
    const fresh = pending.some((p) => !knownSends.current.has(p._id));
    knownSends.current = new Set(pending.map((p) => p._id));
    // A message sent from a window short of the live end shows there: go with it, as chat apps do.
    if (fresh && more.newer) onJumpToLatest?.();
  }, [pending, more.newer, onJumpToLatest]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the scroll position is restored after every change of the rows shown
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const find = (id: string): HTMLElement | null => el.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`);
    if (placement.current === 'waiting-for-target') {
      const target = anchorId === null || loading ? null : find(anchorId);
      if (target !== null) {
        const box = target.getBoundingClientRect();
        el.scrollTop += box.top - el.getBoundingClientRect().top - Math.max(0, (el.clientHeight - box.height) / 2);
        placement.current = 'placed';
      }
    } else if (anchor.current !== null && !loading) {
      const kept = find(anchor.current.id);
      if (kept !== null) el.scrollTop += kept.getBoundingClientRect().top - el.getBoundingClientRect().top - anchor.current.offset;
      anchor.current = null;
    } else if (pinned.current || (newest !== lastSeen.current && list[list.length - 1]?.userId === selfId)) {
      // Stay at the bottom if the reader was there, or jump there for a message they just sent.
      el.scrollTop = el.scrollHeight;
    }
    lastSeen.current = newest;
  }, [rows, loading, list, selfId, newest, anchorId]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (el === null) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    pinned.current = fromBottom < NEAR_BOTTOM_PX && !more.newer;
    if (placement.current !== 'placed' || loading || anchor.current !== null) return;
    const edge: HistoryEdge | null = el.scrollTop < NEAR_EDGE_PX && more.older ? 'older' : fromBottom < NEAR_EDGE_PX && more.newer ? 'newer' : null;
    if (edge === null) return;
    const top = el.getBoundingClientRect().top;
    const first = [...el.querySelectorAll<HTMLElement>('[data-message-id]')].find((m) => m.getBoundingClientRect().bottom > top);
    if (first !== undefined) anchor.current = { id: first.dataset['messageId'] ?? '', offset: first.getBoundingClientRect().top - top };
    setWindow((current) => growWindow(current, edge, pageSize));
  };

  return (
    <div
      className="message-scroller"
      style={NO_NATIVE_ANCHORING}
      ref={scroller}
      onScroll={onScroll}
      role="log"
      aria-live="polite"
      aria-label="Messages"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it (axe: scrollable-region-focusable)
      tabIndex={0}
    >
      <div className="history-edge" style={HISTORY_EDGE}>
        {loading && docs.length > 0 && more.older ? <span className="muted">Loading earlier messages…</span> : !more.older && !loading ? <span className="muted">This is the very beginning of the conversation.</span> : null}
      </div>
      {loading && docs.length === 0 && (
        <div className="skeletons" role="status" aria-label="Loading messages">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-row" />
          ))}
        </div>
      )}
      {rows.map((row) =>
        row.kind === 'day' ? (
          // biome-ignore lint/a11y/useSemanticElements: the day divider carries its date as text, which <hr> cannot hold
          <div key={row.key} className="day-divider" role="separator">
            <span>{row.label}</span>
          </div>
        ) : (
          <MessageItem
            key={row.key}
            message={row.message}
            author={authors.get(row.message.userId)}
            startsGroup={row.startsGroup}
            selfId={selfId}
            selfNames={selfNames}
            delivery={deliveryOf.get(row.message._id)?.state ?? 'sent'}
            failedReason={deliveryOf.get(row.message._id)?.error ?? null}
            canModerate={canModerate}
            readOnly={readOnly}
            nameOf={nameOf}
            onOpenThread={onOpenThread}
            targeted={row.message._id === targetId}
          />
        ),
      )}
      {more.newer && (
        <div className="history-edge" style={HISTORY_EDGE}>
          {loading ? <span className="muted">Loading newer messages…</span> : null}
        </div>
      )}
      {window.kind === 'around' && onJumpToLatest !== undefined && (
        <button type="button" className="jump-latest" onClick={onJumpToLatest}>
          Jump to latest
        </button>
      )}
    </div>
  );
}
