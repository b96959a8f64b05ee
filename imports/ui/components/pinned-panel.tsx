import { useFind, useSubscribe } from 'meteor/react-meteor-data';
import type { ChannelSummary } from '/imports/api/channels/collection';
import { MAX_PINS_PER_CHANNEL } from '/imports/api/messages/collection';
import { pinMessage } from '/imports/api/messages/methods';
import { displayName } from '/imports/api/users/user-profile';
import { messages, people } from '/imports/ui/data/client-collections';
import { Panel } from './panel';
import { ErrorLine, useAction } from './panel-actions';

/** The open channel's pinned messages, newest pin first, live; a pin opens its message. */
export function PinnedPanel({
  channel,
  readOnly,
  onClose,
  onOpenMessage,
}: {
  readonly channel: ChannelSummary;
  readonly readOnly: boolean;
  readonly onClose: () => void;
  readonly onOpenMessage: (channelId: string, messageId: string) => void;
}) {
  const loading = useSubscribe('messages.pinned', { channelId: channel._id });
  const pins = useFind(
    () => messages.find({ channelId: channel._id, pinnedAt: { $ne: null } }, { sort: { pinnedAt: -1 }, limit: MAX_PINS_PER_CHANNEL }),
    [channel._id],
  );
  const [error, act] = useAction();
  return (
    <Panel title="Pinned messages" onClose={onClose}>
      <ErrorLine error={error} />
      <ul className="search-results" aria-busy={loading()}>
        {pins.map((message) => (
          <li key={message._id} className="pinned-item">
            <button type="button" className="search-hit" onClick={() => onOpenMessage(channel._id, message._id)}>
              <span className="muted">
                {displayName(people.findOne({ _id: message.userId }))} · {message.createdAt.toLocaleString()}
                {message.threadId !== null && ' · in a thread'}
                {message.pinnedBy ? ` · pinned by ${displayName(people.findOne({ _id: message.pinnedBy }))}` : ''}
              </span>
              <span>{message.text || message.attachment?.name}</span>
            </button>
            {!readOnly && (
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Unpin “${(message.text || message.attachment?.name || '').slice(0, 40)}”`}
                onClick={() => act(() => pinMessage.callAsync({ messageId: message._id, pinned: false }))}
              >
                Unpin
              </button>
            )}
          </li>
        ))}
        {!loading() && pins.length === 0 && <li className="muted">Nothing pinned yet. Pin a message from its actions to keep it here.</li>}
      </ul>
    </Panel>
  );
}
