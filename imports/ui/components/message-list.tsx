import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFind, useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { MAX_MESSAGE_LIMIT, MESSAGE_PAGE } from '/imports/api/messages/collection';
import type { Message } from '/imports/api/messages/collection';
import { displayName } from '/imports/api/users/user-profile';
import { messages, people } from '/imports/ui/data/client-collections';
import { outbox } from '/imports/ui/state/outbox';
import type { OutboxEntry } from '/imports/ui/state/outbox';
import { groupMessages } from './group-messages';
import { MessageItem } from './message-item';

export interface MessageListProps {
  readonly channelId: string;
  readonly selfId: string;
  readonly selfNames: readonly string[];
  readonly canModerate: boolean;
  readonly readOnly: boolean;
  readonly onOpenThread: (messageId: string) => void;
  /** Subscription page size; tests use small pages. */
  readonly pageSize?: number;
  /** Loads the latest `limit` messages, returning whether that is still loading (a subscription by default; injectable for tests). */
  readonly useHistory?: (channelId: string, limit: number) => boolean;
}

function useHistorySubscription(channelId: string, limit: number): boolean {
  return useSubscribe('messages.channel', { channelId, limit })();
}

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
    reactions: {},
    mentionIds: [],
    attachment: null,
  };
}

const NEAR_TOP_PX = 120;
// The list anchors itself; the browser's own scroll anchoring would adjust a second time.
const NO_NATIVE_ANCHORING = { overflowAnchor: 'none' } as const;
// A fixed height, so its text changing while history loads never shifts the messages below.
const HISTORY_EDGE = { height: 40, boxSizing: 'border-box', overflow: 'hidden' } as const;
const NEAR_BOTTOM_PX = 48;

/**
 * The channel's messages, oldest at the top. Scrolling near the top grows the subscription's
 * limit by a page; the first visible message keeps its place across that load so what the reader
 * was looking at stays put. New messages keep the view pinned to the bottom only if it was.
 */
export function MessageList({ channelId, selfId, selfNames, canModerate, readOnly, onOpenThread, pageSize = MESSAGE_PAGE, useHistory = useHistorySubscription }: MessageListProps) {
  const [limit, setLimit] = useState(pageSize);
  const loading = useHistory(channelId, limit);
  const docs = useFind(() => messages.find({ channelId, threadId: null }, { sort: { createdAt: 1 } }), [channelId]);
  const pending = useTracker(() => outbox.find({ channelId, threadId: null }).fetch(), [channelId]);
  const authors = useTracker(() => new Map(people.find({}).fetch().map((u) => [u._id, u] as const)), []);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lastSeen = useRef<string | undefined>(undefined);
  /** While older messages load: the first visible message and its offset from the viewport top. */
  const anchor = useRef<{ id: string; offset: number } | null>(null);

  const hasMore = docs.length >= limit && limit < MAX_MESSAGE_LIMIT;
  const list = useMemo(() => {
    const present = new Set(docs.map((d) => d._id));
    const failed = pending.filter((p) => p.state === 'failed' && !present.has(p._id)).map((p) => fromOutbox(p, selfId));
    return failed.length === 0 ? docs : [...docs, ...failed].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }, [docs, pending, selfId]);
  const rows = useMemo(() => groupMessages(list), [list]);
  const newest = list[list.length - 1]?._id;
  const deliveryOf = useMemo(() => new Map(pending.map((p) => [p._id, p] as const)), [pending]);
  const nameOf = (id: string): string => displayName(authors.get(id));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    if (anchor.current !== null && !loading) {
      const kept = el.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(anchor.current.id)}"]`);
      if (kept !== null) el.scrollTop += kept.getBoundingClientRect().top - el.getBoundingClientRect().top - anchor.current.offset;
      anchor.current = null;
    } else if (pinned.current || (newest !== lastSeen.current && list[list.length - 1]?.userId === selfId)) {
      // Stay at the bottom if the reader was there, or jump there for a message they just sent.
      el.scrollTop = el.scrollHeight;
    }
    lastSeen.current = newest;
  }, [rows, loading, list, selfId, newest]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (el === null) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < NEAR_TOP_PX && hasMore && !loading && anchor.current === null) {
      const top = el.getBoundingClientRect().top;
      const first = [...el.querySelectorAll<HTMLElement>('[data-message-id]')].find((m) => m.getBoundingClientRect().bottom > top);
      if (first !== undefined) anchor.current = { id: first.dataset['messageId'] ?? '', offset: first.getBoundingClientRect().top - top };
      setLimit((current) => Math.min(current + pageSize, MAX_MESSAGE_LIMIT));
    }
  };

  return (
    <div className="message-scroller" style={NO_NATIVE_ANCHORING} ref={scroller} onScroll={onScroll} role="log" aria-live="polite" aria-label="Messages" tabIndex={0}>
      <div className="history-edge" style={HISTORY_EDGE}>
        {loading && docs.length > 0 ? <span className="muted">Loading earlier messages…</span> : !hasMore && !loading ? <span className="muted">This is the very beginning of the conversation.</span> : null}
      </div>
      {loading && docs.length === 0 && (
        <div className="skeletons" aria-label="Loading messages">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-row" />
          ))}
        </div>
      )}
      {rows.map((row) =>
        row.kind === 'day' ? (
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
          />
        ),
      )}
    </div>
  );
}
