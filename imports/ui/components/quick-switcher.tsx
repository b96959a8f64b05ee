import { useEffect, useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { openDirect } from '/imports/api/channels/methods';
import { displayName } from '/imports/api/users/user-profile';
import { people } from '/imports/ui/data/client-collections';
import type { ChannelEntry } from '/imports/ui/hooks/use-channels';
import { fuzzyFilter } from './fuzzy-match';

/** What the switcher can open: a joined channel or conversation, or a person (their DM). */
type Target =
  | { kind: 'channel'; key: string; label: string; detail: string; search: string; channelId: string }
  | { kind: 'person'; key: string; label: string; detail: string; search: string; userId: string };

const SHOWN = 8;

/**
 * Ctrl/Cmd+K: a keyboard-only jump to any joined channel, conversation or person, by fuzzy name
 * (WAI-ARIA combobox + listbox). ↑/↓ move, Enter opens, Esc closes and focus returns where it was.
 */
export function QuickSwitcher({
  selfId,
  entries,
  onOpen,
  onClose,
}: {
  readonly selfId: string;
  readonly entries: readonly ChannelEntry[];
  readonly onOpen: (channelId: string) => void;
  readonly onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const listId = useId();
  // Taken at the first render, before the input's autoFocus moves the focus.
  const [returnFocus] = useState<Element | null>(() => document.activeElement);
  const everyone = useTracker(() => people.find({ _id: { $ne: selfId }, deactivated: { $ne: true } }, { sort: { username: 1 } }).fetch(), [selfId]);

  const targets = useMemo<Target[]>(() => {
    const withDirect = new Set(entries.map((e) => e.otherUserId).filter((id): id is string => id !== undefined));
    const rooms: Target[] = entries.map((e) => ({
      kind: 'channel',
      key: `c:${e.channel._id}`,
      label: e.channel.kind === 'direct' ? e.label : `#${e.label}`,
      detail: e.channel.kind === 'direct' ? 'Direct message' : e.channel.kind === 'private' ? 'Private channel' : 'Channel',
      search: e.label,
      channelId: e.channel._id,
    }));
    const persons: Target[] = everyone
      .filter((u) => !withDirect.has(u._id))
      .map((u) => ({
        kind: 'person',
        key: `p:${u._id}`,
        label: displayName(u),
        detail: `@${u.username ?? ''}`,
        search: `${displayName(u)} ${u.username ?? ''}`,
        userId: u._id,
      }));
    return [...rooms, ...persons];
  }, [entries, everyone]);
  const shown = useMemo(() => fuzzyFilter(targets, query, (t) => t.search, SHOWN), [targets, query]);
  const current = shown[Math.min(active, shown.length - 1)];

  useEffect(
    () => () => {
      if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
    },
    [returnFocus],
  );

  const choose = async (target: Target | undefined): Promise<void> => {
    if (target === undefined) return;
    if (target.kind === 'channel') {
      onOpen(target.channelId);
      return;
    }
    try {
      const channelId = await openDirect.callAsync({ userIds: [target.userId] });
      if (typeof channelId === 'string') onOpen(channelId);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (shown.length === 0) return;
        const step = event.key === 'ArrowDown' ? 1 : shown.length - 1;
        setActive((Math.min(active, shown.length - 1) + step) % shown.length);
        return;
      }
      case 'Enter':
        event.preventDefault();
        void choose(current);
        return;
      case 'Escape':
        // Stops here: the workspace's own Esc would also close its side panel.
        event.stopPropagation();
        onClose();
        return;
      case 'Tab':
        // The dialog holds one control; focus stays in it while it is open.
        event.preventDefault();
        return;
      default:
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a press outside the dialog closes it; Esc is the keyboard way
    <div className="switcher-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="switcher" role="dialog" aria-modal="true" aria-label="Jump to a conversation">
        <input
          className="switcher-input"
          role="combobox"
          aria-label="Jump to a channel, conversation or person"
          aria-autocomplete="list"
          aria-expanded={shown.length > 0}
          aria-controls={listId}
          aria-activedescendant={current === undefined ? undefined : `${listId}-${current.key}`}
          placeholder="Jump to…"
          autoFocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setFailure(null);
          }}
          onKeyDown={onKeyDown}
        />
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA combobox pattern; the input keeps the focus and points at options with aria-activedescendant */}
        <ul className="switcher-list" id={listId} role="listbox" aria-label="Matches">
          {shown.map((target) => (
            // biome-ignore lint/a11y/useFocusableInteractive: options of an aria-activedescendant listbox are not focusable themselves
            <li
              key={target.key}
              id={`${listId}-${target.key}`}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA combobox pattern (see the list above)
              role="option"
              aria-selected={target === current}
              className={target === current ? 'switcher-option active' : 'switcher-option'}
              onMouseDown={(e) => {
                e.preventDefault();
                void choose(target);
              }}
            >
              <span className="switcher-label">{target.label}</span>
              <span className="switcher-detail">{target.detail}</span>
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p className="switcher-empty">Nothing matches “{query}”.</p>}
        {failure !== null && (
          <p className="switcher-empty" role="alert">
            {failure}
          </p>
        )}
      </div>
    </div>
  );
}
