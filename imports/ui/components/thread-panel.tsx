import { useLayoutEffect, useRef } from 'react';
import { useFind, useSubscribe, useTracker } from 'meteor/react-meteor-data';
import type { ChannelSummary } from '/imports/api/channels/collection';
import { displayName } from '/imports/api/users/user-profile';
import { messages, people } from '/imports/ui/data/client-collections';
import { outbox } from '/imports/ui/state/outbox';
import { Composer } from './composer';
import { MessageItem } from './message-item';
import { Panel } from './panel';

type Placement = 'waiting-for-target' | 'placed';

export function ThreadPanel({
  channel,
  threadId,
  focusId = null,
  selfId,
  selfNames,
  canModerate,
  onClose,
}: {
  readonly channel: ChannelSummary;
  readonly threadId: string;
  /** A reply (or the parent) a link or search hit opened the thread at: scrolled to once and marked. */
  readonly focusId?: string | null;
  readonly selfId: string;
  readonly selfNames: readonly string[];
  readonly canModerate: boolean;
  readonly onClose: () => void;
}) {
  useSubscribe('messages.thread', { channelId: channel._id, threadId });
  const parent = useTracker(() => messages.findOne({ _id: threadId }), [threadId]);
  const replies = useFind(() => messages.find({ threadId }, { sort: { createdAt: 1 } }), [threadId]);
  const pending = useTracker(
    () =>
      new Map(
        outbox
          .find({ threadId })
          .fetch()
          .map((p) => [p._id, p] as const),
      ),
    [threadId],
  );
  const nameOf = (id: string): string => displayName(people.findOne({ _id: id }));
  const common = { selfId, selfNames, canModerate, readOnly: channel.archived, nameOf };
  const thread = useRef<HTMLDivElement>(null);
  const placement = useRef<Placement>(focusId === null ? 'placed' : 'waiting-for-target');
  // biome-ignore lint/correctness/useExhaustiveDependencies: placement is retried as replies and the parent arrive
  useLayoutEffect(() => {
    if (placement.current === 'placed' || focusId === null) return;
    const target = thread.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(focusId)}"]`);
    if (target === null || target === undefined) return;
    target.scrollIntoView({ block: 'center' });
    placement.current = 'placed';
  }, [replies, parent, focusId]);
  return (
    <Panel title="Thread" onClose={onClose}>
      <div className="thread" ref={thread}>
        {parent !== undefined && (
          <MessageItem
            message={parent}
            author={people.findOne({ _id: parent.userId })}
            startsGroup
            delivery="sent"
            targeted={parent._id === focusId}
            {...common}
          />
        )}
        <div className="thread-count muted">{replies.length === 0 ? 'No replies yet' : `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`}</div>
        {replies.map((reply) => (
          <MessageItem
            key={reply._id}
            message={reply}
            author={people.findOne({ _id: reply.userId })}
            startsGroup
            delivery={pending.get(reply._id)?.state ?? 'sent'}
            targeted={reply._id === focusId}
            {...common}
          />
        ))}
      </div>
      <Composer
        channelId={channel._id}
        threadId={threadId}
        placeholder="Reply…"
        selfId={selfId}
        disabledReason={channel.archived ? 'This channel is archived.' : null}
      />
    </Panel>
  );
}
