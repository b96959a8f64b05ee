import { useFind, useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { MAX_SAVED_PER_USER } from '/imports/api/messages/saved-collection';
import { saveMessage } from '/imports/api/messages/save-message';
import { displayName } from '/imports/api/users/user-profile';
import { channels, messages, people } from '/imports/ui/data/client-collections';
import { savedMessages } from '/imports/ui/hooks/use-saved';
import { Panel } from './panel';
import { ErrorLine, useAction } from './panel-actions';

/**
 * The signed-in person's saved messages, newest saved first, live; an entry opens its message.
 */
export function SavedPanel({
  onClose,
  onOpenMessage,
}: {
  readonly onClose: () => void;
  readonly onOpenMessage: (channelId: string, messageId: string) => void;
}) {
  const loading = useSubscribe('messages.saved');
  const entries = useFind(() => savedMessages.find({}, { sort: { savedAt: -1 }, limit: MAX_SAVED_PER_USER }), []);
  // An entry shows once its message has arrived (a deleted message leaves nothing to open).
  const shown = useTracker(
    () =>
      entries.flatMap((entry) => {
        const message = messages.findOne({ _id: entry.messageId });
        return message === undefined ? [] : [{ entry, message, channel: channels.findOne({ _id: entry.channelId }) }];
      }),
    [entries],
  );
  const [error, act] = useAction();
  return (
    <Panel title="Saved messages" onClose={onClose}>
      <ErrorLine error={error} />
      <ul className="search-results" aria-busy={loading()}>
        {shown.map(({ entry, message, channel }) => (
          <li key={entry._id} className="pinned-item">
            <button type="button" className="search-hit" onClick={() => onOpenMessage(entry.channelId, message._id)}>
              <span className="muted">
                {displayName(people.findOne({ _id: message.userId }))}
                {channel !== undefined && channel.kind !== 'direct' ? ` in #${channel.name}` : ''} · {message.createdAt.toLocaleString()}
                {message.threadId !== null && ' · in a thread'}
              </span>
              <span>{message.text || message.attachment?.name}</span>
            </button>
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Remove “${(message.text || message.attachment?.name || '').slice(0, 40)}” from saved`}
              onClick={() => act(() => saveMessage.callAsync({ messageId: message._id, saved: false }))}
            >
              Remove
            </button>
          </li>
        ))}
        {!loading() && shown.length === 0 && <li className="muted">Nothing saved yet. Save a message from its actions to find it here later.</li>}
      </ul>
    </Panel>
  );
}
