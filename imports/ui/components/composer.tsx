import { useEffect, useMemo, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { setTyping } from '/imports/api/typing/methods';
import { ALLOWED_UPLOAD_TYPES, MAX_UPLOAD_BYTES } from '/imports/api/files/collection';
import { MAX_MESSAGE_LENGTH } from '/imports/api/messages/collection';
import { broadcastReach, needsBroadcastConfirmation } from '/imports/api/messages/broadcast-mentions';
import { mentionedUsernames } from '/imports/api/messages/mentions';
import { channels, people } from '/imports/ui/data/client-collections';
import { displayName } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import { useChannelMembers } from '/imports/ui/hooks/use-channel-members';
import { uploadFile } from '/imports/ui/hooks/use-file-url';
import { draftKey, drafts } from '/imports/ui/state/drafts';
import { send } from '/imports/ui/state/outbox';
import { EmojiPickerButton } from './emoji-picker';
import { BroadcastConfirm } from './broadcast-confirm';
import type { BroadcastCheck } from './broadcast-confirm';
import { Icon } from './icon';
import { applyMention, mentionQueryAt } from './mention-match';

export interface ComposerProps {
  readonly channelId: string;
  readonly threadId: string | null;
  readonly placeholder: string;
  readonly selfId: string;
  readonly disabledReason: string | null;
  readonly autoFocus?: boolean;
}

const TYPING_REFRESH_MS = 3000;
const SUGGESTIONS = 6;

/**
 * Enter sends, Shift+Enter breaks the line; `@` opens member autocomplete (↑/↓, Enter/Tab,
 * Esc); the draft survives channel switches; typing is announced at most every few seconds.
 */
export function Composer({ channelId, threadId, placeholder, selfId, disabledReason, autoFocus = true }: ComposerProps) {
  const key = draftKey(channelId, threadId);
  const text = useTracker(() => drafts.get(key) ?? '', [key]);
  const input = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [highlight, setHighlight] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [uploadState, setUploadState] = useState<{ kind: 'idle' } | { kind: 'uploading'; name: string } | { kind: 'error'; reason: string }>({ kind: 'idle' });
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const [pendingBroadcast, setPendingBroadcast] = useState<Exclude<BroadcastCheck, { kind: 'send' }> | null>(null);
  const room = useTracker(() => channels.findOne({ _id: channelId }, { fields: { memberCount: 1, ownerIds: 1 } }), [channelId]);
  const isAdmin = useTracker(() => people.findOne({ _id: selfId }, { fields: { roles: 1 } })?.roles?.includes('admin') === true, [selfId]);

  const mention = mentionQueryAt(text, caret);
  // Members are fetched while an @mention is typed, narrowed by it on the server; one more than
  // shown, as the writer may be among them.
  const members = useChannelMembers(channelId, mention === null ? null : { query: mention.query, limit: SUGGESTIONS + 1 });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list follows where the @mention starts, not each keystroke of its query (members already narrow by it)
  const suggestions = useMemo<ChatUser[]>(() => {
    if (mention === null || dismissed === mention.start) return [];
    // A deactivated member stays in the channel's list but is no one to mention.
    return members.filter((u) => u._id !== selfId && u.deactivated !== true).slice(0, SUGGESTIONS);
  }, [mention?.start, members, selfId, dismissed]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new channel (key) takes the focus again
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [key, autoFocus]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: leaving a channel (key) ends "is typing" there; stopTyping is rebuilt each render
  useEffect(() => () => stopTyping(), [key]);

  const stopTyping = (): void => {
    if (lastTyping.current === 0) return;
    lastTyping.current = 0;
    setTyping.callAsync({ channelId, typing: false }).catch(() => undefined);
  };

  const update = (value: string, nextCaret: number): void => {
    drafts.set(key, value);
    setCaret(nextCaret);
    setHighlight(0);
    if (value.trim().length === 0) stopTyping();
    else if (Date.now() - lastTyping.current > TYPING_REFRESH_MS) {
      lastTyping.current = Date.now();
      setTyping.callAsync({ channelId, typing: true }).catch(() => undefined);
    }
  };

  const choose = (user: ChatUser): void => {
    if (mention === null || user.username === undefined) return;
    const next = applyMention(text, mention.start, caret, user.username);
    update(next.text, next.caret);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };

  const insertEmoji = (emoji: string): void => {
    const el = input.current;
    const start = el?.selectionStart ?? caret;
    const end = el?.selectionEnd ?? start;
    const next = text.slice(0, start) + emoji + text.slice(end);
    const at = start + emoji.length;
    update(next, at);
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(at, at);
    });
  };

  /** The server's rule for broadcast mentions (see requireBroadcastAllowed), asked before sending. */
  const broadcastCheck = (body: string): BroadcastCheck => {
    const memberCount = room?.memberCount ?? 0;
    if (!needsBroadcastConfirmation(broadcastReach(mentionedUsernames(body)), memberCount)) return { kind: 'send' };
    return isAdmin || room?.ownerIds.includes(selfId) === true ? { kind: 'ask', memberCount } : { kind: 'refuse' };
  };

  const submit = (confirmation: 'confirmed' | 'unconfirmed' = 'unconfirmed'): void => {
    const body = text.trim();
    if (body.length === 0 || disabledReason !== null) return;
    const check = broadcastCheck(body);
    if (check.kind !== 'send' && confirmation === 'unconfirmed') {
      setPendingBroadcast(check);
      return;
    }
    setPendingBroadcast(null);
    send(channelId, body, { threadId, broadcast: confirmation });
    drafts.set(key, '');
    setCaret(0);
    stopTyping();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setHighlight((h) => (h + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const user = suggestions[highlight];
        if (user !== undefined) choose(user);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(mention?.start ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const attach = async (file: File): Promise<void> => {
    if (file.size > MAX_UPLOAD_BYTES) return setUploadState({ kind: 'error', reason: `“${file.name}” is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` });
    if (!ALLOWED_UPLOAD_TYPES.has(file.type)) return setUploadState({ kind: 'error', reason: `Files of type ${file.type || 'unknown'} can’t be shared` });
    setUploadState({ kind: 'uploading', name: file.name });
    try {
      const uploaded = await uploadFile(channelId, file);
      send(channelId, text.trim(), { threadId, fileId: uploaded.fileId });
      drafts.set(key, '');
      setUploadState({ kind: 'idle' });
    } catch (error) {
      setUploadState({ kind: 'error', reason: error instanceof Error ? error.message : 'Upload failed' });
    }
  };

  const onDrop = (event: DragEvent): void => {
    const file = event.dataTransfer.files[0];
    if (file === undefined) return;
    event.preventDefault();
    void attach(file);
  };
  const onPaste = (event: ClipboardEvent): void => {
    const file = event.clipboardData.files[0];
    if (file !== undefined) {
      event.preventDefault();
      void attach(file);
    }
  };

  if (disabledReason !== null) {
    return <div className="composer composer-disabled">{disabledReason}</div>;
  }
  const listId = `mentions-${key}`;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file anywhere on the composer attaches it; the file button is the keyboard way
    <div className="composer" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      {suggestions.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a suggestion listbox; the text area keeps the focus and its arrow keys and Enter choose
        <ul className="mention-menu" role="listbox" id={listId} aria-label="Mention someone">
          {suggestions.map((user, i) => (
            // biome-ignore lint/a11y/useFocusableInteractive: the options are chosen from the text area, which keeps the focus
            <li
              key={user._id}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a suggestion listbox (see the list above)
              role="option"
              aria-selected={i === highlight}
              className={i === highlight ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(user);
              }}
            >
              <strong>{displayName(user)}</strong> <span className="muted">@{user.username}</span>
            </li>
          ))}
        </ul>
      )}
      {uploadState.kind !== 'idle' && (
        <div className={`upload-status ${uploadState.kind}`} role={uploadState.kind === 'error' ? 'alert' : 'status'}>
          {uploadState.kind === 'uploading' ? `Uploading ${uploadState.name}…` : uploadState.reason}
          {uploadState.kind === 'error' && (
            <button type="button" className="link" onClick={() => setUploadState({ kind: 'idle' })}>
              Dismiss
            </button>
          )}
        </div>
      )}
      {pendingBroadcast !== null && (
        <BroadcastConfirm
          check={pendingBroadcast}
          onConfirm={() => submit('confirmed')}
          onCancel={() => {
            setPendingBroadcast(null);
            input.current?.focus();
          }}
        />
      )}
      <div className="composer-box">
        <button type="button" className="icon-btn" aria-label="Attach a file" title="Attach a file" onClick={() => fileInput.current?.click()}>
          <Icon name="paperclip" />
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept={[...ALLOWED_UPLOAD_TYPES].join(',')}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file !== undefined) void attach(file);
          }}
        />
        <textarea
          ref={input}
          className="composer-input"
          aria-label={placeholder}
          aria-autocomplete="list"
          aria-controls={suggestions.length > 0 ? listId : undefined}
          placeholder={placeholder}
          rows={1}
          maxLength={MAX_MESSAGE_LENGTH}
          value={text}
          onChange={(e) => update(e.target.value, e.target.selectionStart)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={stopTyping}
        />
        <EmojiPickerButton label="Insert emoji" selfId={selfId} onPick={insertEmoji}>
          <Icon name="smile" />
        </EmojiPickerButton>
        <button type="button" className="send-btn" aria-label="Send message" disabled={text.trim().length === 0} onClick={() => submit()}>
          <Icon name="send" size={16} />
        </button>
      </div>
      <div className="composer-hint muted">
        <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line · **bold** _italic_ `code`
      </div>
    </div>
  );
}
