import { useFind, useSubscribe, useTracker } from 'meteor/react-meteor-data';
import type { Channel } from '/imports/api/channels/collection';
import { displayName } from '/imports/api/users/user-profile';
import { messages, people } from '/imports/ui/data/client-collections';
import { outbox } from '/imports/ui/state/outbox';
import { Composer } from './composer';
import { MessageItem } from './message-item';
import { Panel } from './panel';

export function ThreadPanel({ channel, threadId, selfId, selfNames, canModerate, onClose }: {
  readonly channel: Channel;
  readonly threadId: string;
  readonly selfId: string;
  readonly selfNames: readonly string[];
  readonly canModerate: boolean;
  readonly onClose: () => void;
}) {
  useSubscribe('messages.thread', { channelId: channel._id, threadId });
  const parent = useTracker(() => messages.findOne({ _id: threadId }), [threadId]);
  const replies = useFind(() => messages.find({ threadId }, { sort: { createdAt: 1 } }), [threadId]);
  const pending = useTracker(() => new Map(outbox.find({ threadId }).fetch().map((p) => [p._id, p] as const)), [threadId]);
  const nameOf = (id: string): string => displayName(people.findOne({ _id: id }));
  const common = { selfId, selfNames, canModerate, readOnly: channel.archived, nameOf };
  return (
    <Panel title="Thread" onClose={onClose}>
      <div className="thread">
        {parent !== undefined && <MessageItem message={parent} author={people.findOne({ _id: parent.userId })} startsGroup delivery="sent" {...common} />}
        <div className="thread-count muted">{replies.length === 0 ? 'No replies yet' : `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`}</div>
        {replies.map((reply) => (
          <MessageItem key={reply._id} message={reply} author={people.findOne({ _id: reply.userId })} startsGroup delivery={pending.get(reply._id)?.state ?? 'sent'} {...common} />
        ))}
      </div>
      <Composer
        channelId={channel._id}
        threadId={threadId}
        placeholder="Reply…"
        memberIds={channel.memberIds}
        selfId={selfId}
        disabledReason={channel.archived ? 'This channel is archived.' : null}
      />
    </Panel>
  );
}
