import { memo, useState } from 'react';
import { editMessage, pinMessage, removeMessage, toggleReaction } from '/imports/api/messages/methods';
import type { Message } from '/imports/api/messages/collection';
import { reactionList } from '/imports/api/messages/reaction-list';
import { isInlineImage } from '/imports/api/files/collection';
import { displayName } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import { MarkdownView } from '/imports/ui/markdown/markdown-view';
import { useFileUrl } from '/imports/ui/hooks/use-file-url';
import { retry, discard } from '/imports/ui/state/outbox';
import { chatSyncState, messageWaitsForServer } from '/imports/ui/state/offline-sync';
import { useTracker } from 'meteor/react-meteor-data';
import type { OutboxState } from '/imports/ui/state/outbox';
import { Avatar } from './avatar';
import { formatTime } from './date-formats';
import { ConfirmButton } from './confirm-button';
import { ReactionGlyph } from '/imports/ui/emoji/emoji-text';
import { EmojiPickerButton } from './emoji-picker';
import { Icon } from './icon';
import { SaveMessageButton } from './save-message-button';

export const QUICK_REACTIONS = ['👍', '❤️', '😄', '🎉', '👀', '✅'] as const;

export interface MessageItemProps {
  readonly message: Message;
  readonly author: ChatUser | undefined;
  readonly startsGroup: boolean;
  readonly selfId: string;
  readonly selfNames: readonly string[];
  readonly delivery: OutboxState | 'sent';
  readonly failedReason?: string | null;
  readonly canModerate: boolean;
  readonly readOnly: boolean;
  readonly nameOf: (userId: string) => string;
  readonly onOpenThread?: (messageId: string) => void;
  /** The message a link or search hit opened: marked for assistive tech and highlighted briefly. */
  readonly targeted?: boolean;
}

const timeOf = formatTime;

function Attachment({ fileId, name, type, size }: { fileId: string; name: string; type: string; size: number }) {
  const file = useFileUrl(fileId);
  if (file.kind === 'failed')
    return (
      <div className="attachment attachment-failed">
        {name}: {file.reason}
      </div>
    );
  if (isInlineImage(type)) {
    return file.kind === 'ready' ? (
      <a href={file.url} target="_blank" rel="noopener noreferrer" className="attachment-image">
        <img src={file.url} alt={name} loading="lazy" />
      </a>
    ) : (
      <div className="attachment-image placeholder" role="status" aria-label={`Loading ${name}`} />
    );
  }
  return (
    <a className="attachment" href={file.kind === 'ready' ? file.url : undefined} download={name}>
      <Icon name="paperclip" size={16} />
      <span>{name}</span>
      <span className="muted">{Math.max(1, Math.round(size / 1024))} KB</span>
    </a>
  );
}

/**
 * How many times a row has rendered: a new message should cost the list one row's render, and
 * the browser test holds it to that (a counter, not a map, so it costs nothing per message id).
 */
export const messageItemRenders = { count: 0 };

/** One message row: header when it starts a group, Markdown body, reactions, thread link, actions. */
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  messageItemRenders.count += 1;
  const { message, author, startsGroup, selfId, selfNames, delivery, canModerate, readOnly, nameOf, onOpenThread, targeted = false } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.text);
  const [error, setError] = useState<string | null>(null);
  const own = message.userId === selfId;
  const pinned = message.pinnedAt instanceof Date;
  const fail = (e: unknown): void => setError(((e as { reason?: unknown }).reason as string | undefined) ?? 'That did not work');

  const saveEdit = (): void => {
    const text = draft.trim();
    setEditing(false);
    if (text === message.text || text.length === 0) return;
    editMessage.callAsync({ messageId: message._id, text }).catch(fail);
  };

  const reactions = reactionList(message.reactions);
  return (
    <article
      className={`message${startsGroup ? ' group-start' : ''}${pinned ? ' is-pinned' : ''}${delivery !== 'sent' ? ` delivery-${delivery}` : ''}${message.mentionIds?.includes(selfId) ? ' mentions-me' : ''}${targeted ? ' is-target' : ''}`}
      aria-current={targeted ? 'location' : undefined}
      aria-label={`${displayName(author)} at ${timeOf(message.createdAt)}`}
      data-message-id={message._id}
    >
      <div className="message-gutter">{startsGroup ? <Avatar user={author} /> : <time className="hover-time">{timeOf(message.createdAt)}</time>}</div>
      <div className="message-body">
        {startsGroup && (
          <header className="message-header">
            <span className="author">{displayName(author)}</span>
            <time dateTime={message.createdAt.toISOString()}>{timeOf(message.createdAt)}</time>
          </header>
        )}
        {pinned && (
          <div className="pinned-mark">
            <Icon name="pin" size={12} /> Pinned{message.pinnedBy ? ` by ${nameOf(message.pinnedBy)}` : ''}
          </div>
        )}
        {editing ? (
          <div className="edit-box" data-keep-mounted="">
            <textarea
              aria-label="Edit message"
              value={draft}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  saveEdit();
                } else if (e.key === 'Escape') {
                  e.stopPropagation();
                  setEditing(false);
                  setDraft(message.text);
                }
              }}
            />
            <div className="edit-actions">
              <span className="muted">Enter to save · Esc to cancel</span>
              <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
                Cancel
              </button>
              <button type="button" className="btn btn-small btn-primary" onClick={saveEdit}>
                Save
              </button>
            </div>
          </div>
        ) : (
          message.text.length > 0 && (
            <div className="message-text">
              <MarkdownView source={message.text} selfNames={selfNames} />
              {message.editedAt !== null && <span className="edited">(edited)</span>}
            </div>
          )
        )}
        {message.attachment !== null && <Attachment {...message.attachment} />}
        {delivery !== 'failed' && <PendingMark messageId={message._id} sending={delivery === 'sending'} />}
        {delivery === 'failed' && (
          <div className="delivery failed" role="alert">
            Failed{props.failedReason ? ` — ${props.failedReason}` : ''} —{' '}
            <button type="button" className="link" onClick={() => retry(message._id)}>
              Retry
            </button>{' '}
            ·{' '}
            <button type="button" className="link" onClick={() => discard(message._id)}>
              Discard
            </button>
          </div>
        )}
        {error !== null && (
          <div className="delivery failed" role="alert">
            {error}
          </div>
        )}
        {reactions.length > 0 && (
          <div className="reactions">
            {reactions.map(({ emoji, userIds: who }) => (
              <button
                key={emoji}
                type="button"
                className={`reaction${who.includes(selfId) ? ' mine' : ''}`}
                title={who.map(nameOf).join(', ')}
                aria-label={`${emoji} ${who.length}, by ${who.map(nameOf).join(', ')}`}
                aria-pressed={who.includes(selfId)}
                disabled={readOnly}
                onClick={() => toggleReaction.callAsync({ messageId: message._id, emoji }).catch(fail)}
              >
                <ReactionGlyph value={emoji} /> <span>{who.length}</span>
              </button>
            ))}
          </div>
        )}
        {message.replyCount > 0 && onOpenThread !== undefined && (
          <button type="button" className="thread-link" onClick={() => onOpenThread(message._id)}>
            {message.replyCount} {message.replyCount === 1 ? 'reply' : 'replies'}
          </button>
        )}
      </div>
      {delivery !== 'failed' && !editing && !readOnly && (
        <div className="message-actions" role="toolbar" aria-label="Message actions">
          {QUICK_REACTIONS.slice(0, 4).map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="icon-btn"
              aria-label={`React with ${emoji}`}
              onClick={() => toggleReaction.callAsync({ messageId: message._id, emoji }).catch(fail)}
            >
              {emoji}
            </button>
          ))}
          <EmojiPickerButton label="Add reaction" selfId={selfId} onPick={(emoji) => toggleReaction.callAsync({ messageId: message._id, emoji }).catch(fail)}>
            <Icon name="smile" size={16} />
          </EmojiPickerButton>
          {onOpenThread !== undefined && (
            <button type="button" className="icon-btn" aria-label="Reply in thread" title="Reply in thread" onClick={() => onOpenThread(message._id)}>
              <Icon name="thread" size={16} />
            </button>
          )}
          <button
            type="button"
            className="icon-btn"
            aria-label={pinned ? 'Unpin message' : 'Pin message'}
            title={pinned ? 'Unpin' : 'Pin to channel'}
            aria-pressed={pinned}
            onClick={() => pinMessage.callAsync({ messageId: message._id, pinned: !pinned }).catch(fail)}
          >
            <Icon name="pin" size={16} />
          </button>
          <SaveMessageButton messageId={message._id} onError={fail} />
          {own && (
            <button
              type="button"
              className="icon-btn"
              aria-label="Edit message"
              title="Edit"
              onClick={() => {
                setDraft(message.text);
                setEditing(true);
              }}
            >
              <Icon name="edit" size={16} />
            </button>
          )}
          {(own || canModerate) && (
            <ConfirmButton
              label="Delete"
              accessibleLabel="Delete message"
              explanation={own ? 'Delete this message for everyone?' : `Delete ${displayName(author)}’s message for everyone?`}
              confirmLabel="Delete"
              danger
              startClassName="icon-btn danger"
              startContent={<Icon name="trash" size={16} />}
              onConfirm={() => removeMessage.callAsync({ messageId: message._id }).catch(fail)}
            />
          )}
        </div>
      )}
    </article>
  );
});

/**
 * A message the server has not confirmed: sending, or, without a connection, waiting to send
 * (kept on the device, it goes out once the network is back). Edits and reactions made offline
 * mark their message the same way.
 */
function PendingMark({ messageId, sending }: { readonly messageId: string; readonly sending: boolean }) {
  // Two plain values, not one object: both read connection-wide state that changes with every
  // call made or answered, and a value that stays the same then renders nothing (an object would
  // re-render every row's mark in the same render as the sender's new message).
  const waiting = useTracker(() => messageWaitsForServer(messageId), [messageId]);
  const offline = useTracker(() => chatSyncState() === 'offline');
  if (!sending && !waiting) return null;
  return <div className="delivery">{offline ? 'Waiting to send' : 'Sending…'}</div>;
}
