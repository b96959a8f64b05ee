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
const NEAR_BOTTOM_PX = 48;

/**
 * The channel's messages, oldest at the top. Scrolling near the top grows the subscription's
 * limit by a page; the distance from the bottom is kept across that load so what the reader
 * was looking at stays put. New messages keep the view pinned to the bottom only if it was.
 */
export function MessageList({ channelId, selfId, selfNames, canModerate, readOnly, onOpenThread, pageSize = MESSAGE_PAGE }: MessageListProps) {
  const [limit, setLimit] = useState(pageSize);
  const isLoading = useSubscribe('messages.channel', { channelId, limit });
  const docs = useFind(() => messages.find({ channelId, threadId: null }, { sort: { createdAt: 1 } }), [channelId]);
  const pending = useTracker(() => outbox.find({ channelId, threadId: null }).fetch(), [channelId]);
  const authors = useTracker(() => new Map(people.find({}).fetch().map((u) => [u._id, u] as const)), []);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const anchor = useRef<number | null>(null);

  const loading = isLoading();
  const hasMore = docs.length >= limit && limit < MAX_MESSAGE_LIMIT;
  const list = useMemo(() => {
    const present = new Set(docs.map((d) => d._id));
    const failed = pending.filter((p) => p.state === 'failed' && !present.has(p._id)).map((p) => fromOutbox(p, selfId));
    return failed.length === 0 ? docs : [...docs, ...failed].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }, [docs, pending, selfId]);
  const rows = useMemo(() => groupMessages(list), [list]);
  const deliveryOf = useMemo(() => new Map(pending.map((p) => [p._id, p] as const)), [pending]);
  const nameOf = (id: string): string => displayName(authors.get(id));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    if (anchor.current !== null && !loading) {
      el.scrollTop = el.scrollHeight - anchor.current;
      anchor.current = null;
    } else if (pinned.current || list[list.length - 1]?.userId === selfId) {
      el.scrollTop = el.scrollHeight;
    }
  }, [rows, loading, list, selfId]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (el === null) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < NEAR_TOP_PX && hasMore && !loading && anchor.current === null) {
      anchor.current = el.scrollHeight - el.scrollTop;
      setLimit((current) => Math.min(current + pageSize, MAX_MESSAGE_LIMIT));
    }
  };

  return (
    <div className="message-scroller" ref={scroller} onScroll={onScroll} role="log" aria-live="polite" aria-label="Messages" tabIndex={0}>
      <div className="history-edge">
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
