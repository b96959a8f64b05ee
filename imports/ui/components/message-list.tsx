import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { EJSON } from 'meteor/ejson';
import { Meteor } from 'meteor/meteor';
import { useFind, useTracker } from 'meteor/react-meteor-data';
import { MESSAGE_PAGE } from '/imports/api/messages/collection';
import type { HistoryCursor, Message } from '/imports/api/messages/collection';
import { displayName } from '/imports/api/users/user-profile';
import { messages, people } from '/imports/ui/data/client-collections';
import { outbox } from '/imports/ui/state/outbox';
import type { OutboxEntry } from '/imports/ui/state/outbox';
import { groupMessages } from './group-messages';
import { extendWindow, initialWindow, isLive, joinLiveEnd, windowKey } from './history-window';
import type { HistoryEdge, HistoryPage, HistoryWindow } from './history-window';
import { MessageItem } from './message-item';
import type { LaidRow } from './row-layout';
import { useArrivalAnnouncement } from './use-arrival-announcement';
import { useVirtualRows } from './use-virtual-rows';

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
  /** Loads the window's pages, returning whether any is still loading (one subscription per page by default; injectable for tests). */
  readonly useHistory?: (channelId: string, window: HistoryWindow, pageSize: number) => boolean;
}

function subscriptionOf(channelId: string, page: HistoryPage, pageSize: number): [string, Record<string, unknown>][] {
  switch (page.kind) {
    case 'live':
      // The latest page stays subscribed beside `since`, so pinning the live page to a position
      // re-uses it and never drops a row while the second subscription starts.
      return page.since === null
        ? [['messages.channel', { channelId, limit: pageSize }]]
        : [
            ['messages.channel', { channelId, limit: pageSize }],
            ['messages.channel', { channelId, since: page.since }],
          ];
    case 'before':
      return [['messages.page', { channelId, before: page.cursor, limit: pageSize }]];
    case 'after':
      return [['messages.page', { channelId, after: page.cursor, limit: pageSize }]];
    case 'around':
      return [['messages.around', { messageId: page.anchorId, before: pageSize, after: pageSize }]];
    default:
      return page satisfies never;
  }
}

/** How long to wait before asking again for a page the rate limit refused without saying how long (ms). */
const PAGE_RETRY_MS = 2000;

/**
 * One subscription per page, all in one computation, so a page kept across a change is re-used,
 * not re-sent. A page the server refuses (a reader flinging through pages faster than the
 * per-connection subscription limit) is asked for again once the limit allows, so the list
 * never stays stuck on "Loading".
 */
function useHistorySubscription(channelId: string, window: HistoryWindow, pageSize: number): boolean {
  const key = windowKey(window);
  const [attempt, setAttempt] = useState(0);
  const retry = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Refused subscriptions wait here: a refused sub ends, which re-runs the computation, and
  // asking again at once would only be refused again and keep the limit saturated.
  const refused = useRef(new Set<string>());
  useEffect(
    () => () => {
      if (retry.current !== null) clearTimeout(retry.current);
    },
    [],
  );
  return useTracker(() => {
    const onStop = (subKey: string, error?: unknown): void => {
      const refusal = error as { error?: unknown; details?: { timeToReset?: unknown } } | undefined;
      if (refusal?.error !== 'too-many-requests') return;
      refused.current.add(subKey);
      if (retry.current !== null) return;
      const wait = refusal.details?.timeToReset;
      retry.current = setTimeout(
        () => {
          retry.current = null;
          refused.current.clear();
          setAttempt((n) => n + 1);
        },
        typeof wait === 'number' && wait > 0 ? wait : PAGE_RETRY_MS,
      );
    };
    let waiting = false;
    const handles = [];
    for (const [name, args] of window.pages.flatMap((page) => subscriptionOf(channelId, page, pageSize))) {
      const subKey = EJSON.stringify([name, args] as never);
      if (refused.current.has(subKey)) {
        waiting = true;
        continue;
      }
      handles.push(Meteor.subscribe(name, args, { onStop: (error?: unknown) => onStop(subKey, error) }));
    }
    return waiting || handles.some((handle) => !handle.ready());
  }, [channelId, key, pageSize, attempt]);
}

type Selector = Record<string, unknown>;
const base = (channelId: string): Selector => ({ channelId, threadId: null });
/** Messages after (or at, with `orEqual`) a position in (createdAt, _id) order; before it with `older`. */
function beyond(cursor: HistoryCursor, older: boolean, orEqual: boolean): Selector {
  const op = older ? '$lt' : '$gt';
  return { $or: [{ createdAt: { [op]: cursor.at } }, { createdAt: cursor.at, _id: { [orEqual ? `${op}e` : op]: cursor.id } }] };
}
const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;
const cursorOf = (message: Message): HistoryCursor => ({ at: message.createdAt, id: message._id });

interface Bound {
  readonly selector: Selector | null;
  /** Whether the server holds messages beyond this edge of the window. */
  readonly more: boolean;
}

/**
 * Where the window ends at its older edge, read from the client's documents with the same sort and
 * limit as the page's server read. Documents other subscriptions leave in the collection (a
 * pinned or saved message, a thread's parent) only ever make a page look fuller, so the next page
 * overlaps this one and never leaves a gap.
 */
function olderBound(channelId: string, page: HistoryPage, pageSize: number, anchorAt: Date | null): Bound {
  const lastOf = (selector: Selector, limit: number): { last: Message | undefined; full: boolean } => {
    const found = messages.find({ ...base(channelId), ...selector }, { sort: NEWEST_FIRST, limit }).fetch();
    return { last: found[found.length - 1], full: found.length >= limit };
  };
  switch (page.kind) {
    case 'live': {
      if (page.since !== null) return { selector: { createdAt: { $gte: page.since.at } }, more: true };
      const { last, full } = lastOf({}, pageSize);
      return { selector: last === undefined ? null : beyond(cursorOf(last), false, true), more: full };
    }
    case 'before': {
      const { last, full } = lastOf(beyond(page.cursor, true, false), pageSize);
      // Until the page arrives the window starts at its cursor, the oldest message of the page above.
      return { selector: beyond(last === undefined ? page.cursor : cursorOf(last), false, true), more: full };
    }
    case 'after':
      return { selector: beyond(page.cursor, false, false), more: true };
    case 'around': {
      if (anchorAt === null) return { selector: { _id: null }, more: false };
      const { last, full } = lastOf({ createdAt: { $lt: anchorAt } }, pageSize);
      return { selector: last === undefined ? { createdAt: { $gte: anchorAt } } : beyond(cursorOf(last), false, true), more: full };
    }
    default:
      return page satisfies never;
  }
}

/** Where the window ends at its newer edge (none while it holds the live end). */
function newerBound(channelId: string, page: HistoryPage, pageSize: number, anchorAt: Date | null): Bound & { readonly reachedEnd: HistoryCursor | null } {
  const lastOf = (selector: Selector, limit: number): { last: Message | undefined; full: boolean } => {
    const found = messages.find({ ...base(channelId), ...selector }, { sort: OLDEST_FIRST, limit }).fetch();
    return { last: found[found.length - 1], full: found.length >= limit };
  };
  switch (page.kind) {
    case 'live':
      return { selector: null, more: false, reachedEnd: null };
    case 'before':
      return { selector: beyond(page.cursor, true, false), more: true, reachedEnd: null };
    case 'after': {
      const { last, full } = lastOf(beyond(page.cursor, false, false), pageSize);
      const end = last === undefined ? page.cursor : cursorOf(last);
      return { selector: beyond(end, true, true), more: full, reachedEnd: full ? null : end };
    }
    case 'around': {
      if (anchorAt === null) return { selector: { _id: null }, more: false, reachedEnd: null };
      // The around publication's newer half is live while it has room, like the server's read.
      const { last, full } = lastOf({ createdAt: { $gte: anchorAt } }, pageSize + 1);
      return { selector: full && last !== undefined ? beyond(cursorOf(last), true, true) : null, more: full, reachedEnd: null };
    }
    default:
      return page satisfies never;
  }
}

interface WindowDocs {
  readonly docs: readonly Message[];
  readonly more: Record<HistoryEdge, boolean>;
  /** Set when the newest page came back short: the position from which the window should follow new messages. */
  readonly reachedEnd: HistoryCursor | null;
}

/** The window's documents, oldest first, between the bounds its edge pages set. */
function useWindowDocs(channelId: string, window: HistoryWindow, pageSize: number): WindowDocs {
  const key = windowKey(window);
  const around = window.pages.find((page) => page.kind === 'around');
  const liveAnchorAt = useTracker(
    () => (around?.kind === 'around' ? (messages.findOne({ _id: around.anchorId }, { fields: { createdAt: 1 } })?.createdAt ?? null) : null),
    [around?.kind === 'around' ? around.anchorId : null],
  );
  // The server split the window at the root's time when subscribing; a root deleted since keeps
  // that split, so its neighbours stay on screen (the anchor is fixed for the list's life).
  const splitAt = useRef<Date | null>(null);
  if (liveAnchorAt !== null) splitAt.current = liveAnchorAt;
  const anchorAt = splitAt.current;
  const latestOnly = window.pages.length === 1 && window.pages[0]?.kind === 'live' && window.pages[0].since === null;
  // The usual case, a channel opened at its newest page: one cursor whose rows keep their
  // identity as messages arrive, so a new message renders one row, not the list.
  const latest = useFind(
    () => (latestOnly ? messages.find(base(channelId), { sort: NEWEST_FIRST, limit: pageSize }) : null),
    [channelId, latestOnly, pageSize],
  );
  const bounds = useTracker(() => {
    if (latestOnly) return { older: { selector: null, more: false }, newer: { selector: null, more: false, reachedEnd: null } };
    const oldest = window.pages[0];
    const newest = window.pages[window.pages.length - 1];
    if (oldest === undefined || newest === undefined)
      return { older: { selector: { _id: null }, more: false }, newer: { selector: null, more: false, reachedEnd: null } };
    return { older: olderBound(channelId, oldest, pageSize, anchorAt), newer: newerBound(channelId, newest, pageSize, anchorAt) };
  }, [channelId, key, pageSize, anchorAt?.getTime()]);
  const boundsKey = JSON.stringify([bounds.older.selector, bounds.newer.selector]);
  const ranged = useFind(() => {
    if (latestOnly) return null;
    const parts = [bounds.older.selector, bounds.newer.selector].filter((s): s is Selector => s !== null);
    return messages.find({ ...base(channelId), ...(parts.length > 0 ? { $and: parts } : {}) }, { sort: OLDEST_FIRST });
  }, [channelId, boundsKey, latestOnly]);
  // A page arriving or leaving moves a bound, and the new cursor's documents are fresh objects:
  // keep the ones whose content is unchanged, so only the page's own rows render.
  const previous = useRef<ReadonlyMap<string, Message>>(new Map());
  const docs = useMemo(() => {
    const fresh = latest !== null ? [...latest].reverse() : (ranged ?? []);
    const kept = fresh.map((doc) => {
      const old = previous.current.get(doc._id);
      return old !== undefined && old !== doc && EJSON.equals(old as never, doc as never) ? old : doc;
    });
    previous.current = new Map(kept.map((doc) => [doc._id, doc] as const));
    return kept;
  }, [latest, ranged]);
  const moreOlder = latest !== null ? latest.length >= pageSize : bounds.older.more;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the end marker is a new object per tracker run; its id says whether it moved
  return useMemo(
    () => ({ docs, more: { older: moreOlder, newer: bounds.newer.more }, reachedEnd: bounds.newer.reachedEnd }),
    [docs, moreOlder, bounds.newer.more, bounds.newer.reachedEnd?.id],
  );
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
// Its own block formatting context: a row's margins count in its measured height.
const ROW_BOX = { display: 'flow-root' } as const;

/**
 * The channel's messages, oldest at the top. Opened at the newest or around one message (centred
 * and marked). Scrolling near either edge loads one more page there and, past a few pages, lets
 * go of the page at the other edge (see history-window), so the rows held stay bounded at any
 * depth. Across a load the first visible message keeps its place so what the reader was looking
 * at stays put. New messages keep the view pinned to the bottom
 * only if it was there and nothing newer is left to load.
 */
/**
 * Props equal but for the identity of the two callbacks, which the list reads through refs: the
 * workspace renders again for every message (the channel's `lastMessageAt`, unread counters) with
 * fresh callbacks, and the list need not, since its own data comes from its subscriptions.
 */
function sameListProps(a: MessageListProps, b: MessageListProps): boolean {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof MessageListProps>) {
    if (key === 'onOpenThread' || key === 'onJumpToLatest') {
      if ((a[key] === undefined) !== (b[key] === undefined)) return false;
    } else if (!Object.is(a[key], b[key])) return false;
  }
  return true;
}

export const MessageList = memo(MessageListView, sameListProps);

/** How many times the list has rendered (the browser test holds a new message in the workspace to no list render; see messageItemRenders). */
export const messageListRenders = { count: 0 };

function MessageListView(props: MessageListProps) {
  messageListRenders.count += 1;
  const {
    channelId,
    selfId,
    selfNames,
    canModerate,
    readOnly,
    onOpenThread,
    anchorId = null,
    targetId = null,
    onJumpToLatest,
    pageSize = MESSAGE_PAGE,
    useHistory = useHistorySubscription,
  } = props;
  const [window, setWindow] = useState<HistoryWindow>(() => initialWindow(anchorId));
  const loading = useHistory(channelId, window, pageSize);
  const { docs, more, reachedEnd } = useWindowDocs(channelId, window, pageSize);
  useEffect(() => {
    if (!loading && reachedEnd !== null) setWindow((current) => joinLiveEnd(current, reachedEnd));
  }, [loading, reachedEnd]);
  const pending = useTracker(() => outbox.find({ channelId, threadId: null }).fetch(), [channelId]);
  const authors = useTracker(
    () =>
      new Map(
        people
          .find({})
          .fetch()
          .map((u) => [u._id, u] as const),
      ),
    [],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const placement = useRef<Placement>(anchorId === null ? 'placed' : 'waiting-for-target');
  const lastSeen = useRef<string | undefined>(undefined);
  /** Once a page is asked for, until the reader scrolls on: no further page (the held row keeps its place meanwhile). */
  const awaitingPage = useRef(false);

  const list = useMemo(() => {
    const present = new Set(docs.map((d) => d._id));
    // Failed sends belong at the live end; a window short of it does not show them.
    const failed = more.newer ? [] : pending.filter((p) => p.state === 'failed' && !present.has(p._id)).map((p) => fromOutbox(p, selfId));
    return failed.length === 0 ? docs : [...docs, ...failed].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }, [docs, more.newer, pending, selfId]);
  const rows = useMemo(() => groupMessages(list), [list]);
  const laid = useMemo(() => rows.map((row): LaidRow => ({ key: row.key, kind: row.kind })), [rows]);
  const virtual = useVirtualRows(laid, scroller, anchorId === null ? { kind: 'bottom' } : { kind: 'free' });
  const newest = list[list.length - 1]?._id;
  const deliveryOf = useMemo(() => new Map(pending.map((p) => [p._id, p] as const)), [pending]);
  // Stable callbacks, so a new message re-renders its own row and not every memoised row: the
  // parent passes a fresh onOpenThread each time it renders (which it does per message).
  const openThreadOf = useRef(onOpenThread);
  openThreadOf.current = onOpenThread;
  const openThread = useCallback((messageId: string): void => openThreadOf.current(messageId), []);
  // Stable while the people are, so memoised rows skip re-rendering when the list changes.
  const nameOf = useCallback((id: string): string => displayName(authors.get(id)), [authors]);
  const arrival = useArrivalAnnouncement(channelId, list, !more.newer, selfId, nameOf);

  const jumpOutOf = useRef(onJumpToLatest);
  jumpOutOf.current = onJumpToLatest;
  /** A list opened at the newest message goes back there itself; one opened around a message is replaced by the caller. */
  const jumpToLatest = useCallback((): void => {
    if (anchorId !== null) {
      jumpOutOf.current?.();
      return;
    }
    awaitingPage.current = false;
    virtual.hold.current = { kind: 'bottom' };
    setWindow(initialWindow(null));
  }, [anchorId, virtual.hold]);

  const knownSends = useRef<ReadonlySet<string>>(new Set(pending.map((p) => p._id)));
  useEffect(() => {
    const fresh = pending.some((p) => !knownSends.current.has(p._id));
    knownSends.current = new Set(pending.map((p) => p._id));
    // A message sent from a window short of the live end shows there: go with it, as chat apps do.
    if (fresh && more.newer) jumpToLatest();
  }, [pending, more.newer, jumpToLatest]);

  // After every render: place the target once it is in, follow the reader's own new message,
  // then let the rows settle (measured, the held row back in place, more rows if the view needs them).
  useLayoutEffect(() => {
    if (placement.current === 'waiting-for-target') {
      if (anchorId !== null && !loading && rows.some((row) => row.key === anchorId)) {
        virtual.hold.current = { kind: 'target', key: anchorId };
        placement.current = 'placed';
      }
    } else if (newest !== lastSeen.current && lastSeen.current !== undefined && list[list.length - 1]?.userId === selfId && !more.newer) {
      // A message the reader just sent: go to the bottom with it.
      virtual.hold.current = { kind: 'bottom' };
    }
    lastSeen.current = newest;
    virtual.settle();
  });

  /** The reader scrolled while a page was loading: once it has loaded, look at the edges again. */
  const movedWhileLoading = useRef(false);
  /** Asks for the next page at the edge the view is near, unless one is already asked for. */
  const loadNearEdge = (el: HTMLDivElement, fromBottom: number): void => {
    if (placement.current !== 'placed' || loading || awaitingPage.current) return;
    const edge: HistoryEdge | null = el.scrollTop < NEAR_EDGE_PX && more.older ? 'older' : fromBottom < NEAR_EDGE_PX && more.newer ? 'newer' : null;
    if (edge === null) return;
    const edgeDoc = edge === 'older' ? docs[0] : docs[docs.length - 1];
    if (edgeDoc === undefined) return;
    awaitingPage.current = true;
    const cursor: HistoryCursor = { at: edgeDoc.createdAt, id: edgeDoc._id };
    setWindow((current) => extendWindow(current, edge, cursor));
  };
  const onScroll = (): void => {
    const el = scroller.current;
    if (el === null) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (!virtual.ownScroll(el.scrollTop)) {
      virtual.readerMoved(fromBottom < NEAR_BOTTOM_PX && !more.newer);
      if (!loading) awaitingPage.current = false;
      else movedWhileLoading.current = true;
    }
    loadNearEdge(el, fromBottom);
  };
  // A page's rows can show before every subscription of the window is ready (the live end's
  // `since` starts beside it): a scroll to the edge in between was not acted on, and with no
  // further scroll the list would wait there for good.
  const loadNearEdgeNow = useRef(loadNearEdge);
  loadNearEdgeNow.current = loadNearEdge;
  useEffect(() => {
    const el = scroller.current;
    if (loading || !movedWhileLoading.current || el === null) return;
    movedWhileLoading.current = false;
    awaitingPage.current = false;
    loadNearEdgeNow.current(el, el.scrollHeight - el.scrollTop - el.clientHeight);
  }, [loading]);

  return (
    <div
      className="message-scroller"
      style={NO_NATIVE_ANCHORING}
      ref={scroller}
      onScroll={onScroll}
      role="log"
      // Not a live region: rows mount as the reader scrolls (see use-arrival-announcement).
      aria-live="off"
      aria-label="Messages"
      // The window's edges and size, whichever of its rows are rendered (for tests and benches).
      data-first-message-id={list[0]?._id}
      data-last-message-id={newest}
      data-held={list.length}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it (axe: scrollable-region-focusable)
      tabIndex={0}
    >
      <div className="sr-only" role="status" data-arrival-announcement="">
        {arrival}
      </div>
      <div className="history-edge" style={HISTORY_EDGE}>
        {loading && docs.length > 0 && more.older ? (
          <span className="muted">Loading earlier messages…</span>
        ) : !more.older && !loading ? (
          <span className="muted">This is the very beginning of the conversation.</span>
        ) : null}
      </div>
      {loading && docs.length === 0 && (
        <div className="skeletons" role="status" aria-label="Loading messages">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-row" />
          ))}
        </div>
      )}
      <div ref={virtual.content}>
        {/* One flat keyed list: a row keeps its element when it moves between pieces. */}
        {virtual.pieces.flatMap((piece) =>
          piece.kind === 'space' ? (
            <div key={`space-${piece.key}`} style={{ height: piece.height }} />
          ) : (
            rows.slice(piece.start, piece.end).map((row) => (
              <div key={row.key} className="message-row" style={ROW_BOX} data-row-key={row.key} data-row-kind={row.kind}>
                {row.kind === 'day' ? (
                  // biome-ignore lint/a11y/useSemanticElements: the day divider carries its date as text, which <hr> cannot hold
                  <div className="day-divider" role="separator">
                    <span>{row.label}</span>
                  </div>
                ) : (
                  <MessageItem
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
                    onOpenThread={openThread}
                    targeted={row.message._id === targetId}
                  />
                )}
              </div>
            ))
          ),
        )}
      </div>
      {more.newer && (
        <div className="history-edge" style={HISTORY_EDGE}>
          {loading ? <span className="muted">Loading newer messages…</span> : null}
        </div>
      )}
      {!isLive(window) && (anchorId === null || onJumpToLatest !== undefined) && (
        <button type="button" className="jump-latest" onClick={jumpToLatest}>
          Jump to latest
        </button>
      )}
    </div>
  );
}
