import { useEffect, useMemo, useState } from 'react';
import { Meteor } from 'meteor/meteor';
import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import type { ChannelSummary } from '/imports/api/channels/collection';
import { GENERAL_CHANNEL_ID } from '/imports/api/channels/collection';
import { displayName, notifyPrefsOf } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import { AdminConsole } from '/imports/ui/components/admin-console';
import { Avatar } from '/imports/ui/components/avatar';
import { Icon } from '/imports/ui/components/icon';
import { Composer } from '/imports/ui/components/composer';
import { MessageList } from '/imports/ui/components/message-list';
import { DetailsPanel } from '/imports/ui/components/details-panel';
import { DirectoryPanel } from '/imports/ui/components/directory-panel';
import { NewDirectPanel } from '/imports/ui/components/new-direct-panel';
import { PinnedPanel } from '/imports/ui/components/pinned-panel';
import { ProfilePanel } from '/imports/ui/components/profile-panel';
import { SavedPanel } from '/imports/ui/components/saved-panel';
import { QuickSwitcher } from '/imports/ui/components/quick-switcher';
import { SearchPanel } from '/imports/ui/components/search-panel';
import { Sidebar } from '/imports/ui/components/sidebar';
import { ThreadPanel } from '/imports/ui/components/thread-panel';
import { TypingIndicator } from '/imports/ui/components/typing-indicator';
import { useMarkRead, useMentionNotifications, usePageTitle } from '/imports/ui/hooks/use-attention';
import { useMyChannels } from '/imports/ui/hooks/use-channels';
import { useMessageFocus } from '/imports/ui/hooks/use-message-focus';
import type { MessageFocus } from '/imports/ui/hooks/use-message-focus';
import type { ChannelEntry } from '/imports/ui/hooks/use-channels';
import { useAwayReporting, usePresenceOf } from '/imports/ui/hooks/use-presence';
import { useBackCloses } from '/imports/ui/hooks/use-back-closes';
import { useConnection } from '/imports/ui/hooks/use-session';
import { useWorkspaceSettings } from '/imports/ui/hooks/use-workspace';
import type { Session } from '/imports/ui/hooks/use-session';

type PanelState =
  | { kind: 'none' }
  | { kind: 'thread'; threadId: string; focusId: string | null }
  | { kind: 'details' }
  | { kind: 'directory' }
  | { kind: 'new-direct' }
  | { kind: 'search' }
  | { kind: 'pinned' }
  | { kind: 'saved' }
  | { kind: 'profile' }
  | { kind: 'admin' };

function ConnectionBadge() {
  const { view, retryInSeconds } = useConnection();
  if (view === 'connected') return null;
  return (
    <div className={`connection-banner ${view}`} role="status">
      {view === 'connecting'
        ? 'Connecting…'
        : `You’re offline.${retryInSeconds !== null ? ` Retrying in ${retryInSeconds}s.` : ''} Messages you send will go out when you reconnect.`}
    </div>
  );
}

function ChannelHeader({
  entry,
  onDetails,
  onSearch,
  onPinned,
  onMenu,
}: {
  readonly entry: ChannelEntry;
  readonly onDetails: () => void;
  readonly onSearch: () => void;
  readonly onPinned: () => void;
  readonly onMenu: () => void;
}) {
  const { channel } = entry;
  const presence = usePresenceOf(entry.otherUserId);
  return (
    <header className="channel-header">
      <button type="button" className="icon-btn mobile-only" aria-label="Show channels" onClick={onMenu}>
        <Icon name="menu" />
      </button>
      <div className="channel-title">
        <h1>
          {channel.kind === 'public' ? (
            <span className="title-icon">
              <Icon name="hash" size={16} />
            </span>
          ) : channel.kind === 'private' ? (
            <span className="title-icon">
              <Icon name="lock" size={16} />
            </span>
          ) : null}
          {entry.label}
          {channel.archived && <span className="tag">archived</span>}
        </h1>
        <div className="channel-topic muted">
          {channel.kind === 'direct' ? (entry.otherUserId !== undefined ? presence : `${channel.memberCount} people`) : channel.topic || 'No topic yet'}
        </div>
      </div>
      <div className="header-actions">
        <button type="button" className="icon-btn" aria-label="Pinned messages" title="Pinned messages" onClick={onPinned}>
          <Icon name="pin" />
        </button>
        <button type="button" className="icon-btn" aria-label="Search messages" title="Search" onClick={onSearch}>
          <Icon name="search" />
        </button>
        <button type="button" className="header-members" aria-label={`Channel details, ${channel.memberCount} members`} onClick={onDetails}>
          <Icon name="people" size={15} /> {channel.memberCount}
        </button>
      </div>
    </header>
  );
}

/** Where app.css lays a panel over the whole conversation (its phone-width rule). */
const PANEL_COVERS_CONVERSATION = '(max-width: 760px)';

export function WorkspacePage({
  session,
  channelId,
  messageId,
  navigate,
}: {
  readonly session: Session & { userId: string };
  readonly channelId: string | null;
  /** The message the URL opens the channel at, if any. */
  readonly messageId: string | null;
  readonly navigate: (hash: string) => void;
}) {
  useSubscribe('channels.mine');
  useSubscribe('users.directory');
  useSubscribe('presence');
  // Saved marks on every message; the saved panel reads the same subscription.
  useSubscribe('messages.saved');
  useAwayReporting(true);
  const selfId = session.userId;
  const { channels, direct } = useMyChannels(selfId);
  const all = useMemo(() => [...channels, ...direct], [channels, direct]);
  const [panel, setPanel] = useState<PanelState>({ kind: 'none' });
  const [navOpen, setNavOpen] = useState(false);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const workspace = useWorkspaceSettings();
  // A demoted admin's console closes with the role (its data is withdrawn at the same moment).
  useEffect(() => {
    if (!session.isAdmin && panel.kind === 'admin') setPanel({ kind: 'none' });
  }, [session.isAdmin, panel.kind]);
  // A panel covering the screen (a phone, or the app on one) is a screen of its own: back closes it.
  useBackCloses(panel.kind !== 'none' && (Meteor.isCordova || window.matchMedia(PANEL_COVERS_CONVERSATION).matches), () => setPanel({ kind: 'none' }));
  useBackCloses(navOpen, () => setNavOpen(false));
  const current = all.find((e) => e.channel._id === channelId) ?? all.find((e) => e.channel._id === GENERAL_CHANNEL_ID) ?? all[0];
  const me = session.user;
  const selfNames = useMemo(() => [me?.username?.toLowerCase() ?? ''], [me?.username]);
  const canManage = current !== undefined && (current.channel.ownerIds.includes(selfId) || session.isAdmin);
  const focus = useMessageFocus(messageId);
  const focusThread = focus.kind === 'located' ? focus.threadId : null;
  const focusChannel = focus.kind === 'located' ? focus.channelId : null;
  useEffect(() => {
    // A link naming the wrong channel still opens the message where it is.
    if (messageId !== null && focusChannel !== null && focusChannel !== channelId) navigate(`#/c/${focusChannel}/m/${messageId}`);
  }, [messageId, focusChannel, channelId, navigate]);
  useEffect(() => {
    if (messageId !== null && focusThread !== null) setPanel({ kind: 'thread', threadId: focusThread, focusId: messageId });
  }, [messageId, focusThread]);
  usePageTitle(all, workspace.name);
  // Reading back from a linked message is not reading what arrives at the live end meanwhile.
  useMarkRead(messageId === null ? current : undefined);
  useMentionNotifications(all, notifyPrefsOf(me));

  const open = (id: string): void => {
    navigate(`#/c/${id}`);
    setNavOpen(false);
    setPanel((p) => (p.kind === 'thread' || p.kind === 'details' || p.kind === 'pinned' ? { kind: 'none' } : p));
  };
  /** Bumped when the message the URL already names is opened again (the same hash is no navigation). */
  const [visit, setVisit] = useState(0);
  const openMessage = (targetChannelId: string, targetId: string): void => {
    // At phone widths the panel covers the conversation: step aside so the message shows.
    if (window.matchMedia(PANEL_COVERS_CONVERSATION).matches) setPanel({ kind: 'none' });
    if (targetChannelId === channelId && targetId === messageId) {
      setVisit((n) => n + 1);
      if (focusThread !== null) setPanel({ kind: 'thread', threadId: focusThread, focusId: targetId });
    } else {
      navigate(`#/c/${targetChannelId}/m/${targetId}`);
    }
    setNavOpen(false);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSwitcherOpen(true);
      } else if (event.key === 'Escape') {
        setPanel({ kind: 'none' });
        setNavOpen(false);
      } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown') && current !== undefined) {
        event.preventDefault();
        const index = all.findIndex((e) => e.channel._id === current.channel._id);
        const next = all[(index + (event.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length];
        if (next !== undefined) open(next.channel._id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className={`workspace${panel.kind !== 'none' ? ' with-panel' : ''}${navOpen ? ' nav-open' : ''}`}>
      <a className="skip-link" href="#composer">
        Skip to composer
      </a>
      <aside className="sidebar" aria-label="Workspace">
        <div className="workspace-header">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true">
              ✦
            </span>{' '}
            <span className="workspace-name">{workspace.name}</span>
          </span>
          <button type="button" className="switcher-open" aria-keyshortcuts="Control+K Meta+K" onClick={() => setSwitcherOpen(true)}>
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: the kbd is not focusable; the button announces the shortcut through aria-keyshortcuts */}
            Jump to… <kbd aria-hidden="true">Ctrl K</kbd>
          </button>
        </div>
        <Sidebar
          channels={channels}
          direct={direct}
          currentId={current?.channel._id ?? null}
          onOpen={open}
          onBrowse={() => setPanel({ kind: 'directory' })}
          onNewDirect={() => setPanel({ kind: 'new-direct' })}
        />
        <button
          type="button"
          className="saved-open"
          onClick={() => {
            setPanel({ kind: 'saved' });
            setNavOpen(false);
          }}
        >
          <Icon name="bookmark" size={14} /> Saved messages
        </button>
        {session.isAdmin && (
          <button
            type="button"
            className="saved-open"
            onClick={() => {
              setPanel({ kind: 'admin' });
              setNavOpen(false);
            }}
          >
            <Icon name="people" size={14} /> Admin console
          </button>
        )}
        {/* The accessible name starts with the visible text (WCAG 2.5.3, label in name). */}
        <button type="button" className="me" onClick={() => setPanel({ kind: 'profile' })}>
          <Avatar user={me ?? undefined} size="sm" presence="online" />
          <span className="me-text">
            <strong>{displayName(me)}</strong>
            <span className="muted">{me?.profile?.statusText || `@${me?.username ?? ''}`}</span>
          </span>
          <span className="sr-only">: your profile and settings</span>
        </button>
      </aside>
      <div className="scrim" onClick={() => setNavOpen(false)} aria-hidden="true" />
      <main className="main" aria-label="Conversation">
        <ConnectionBadge />
        {current === undefined ? (
          <div className="empty-state">
            <h1>Welcome to Perseid</h1>
            <p className="muted">Loading your channels…</p>
          </div>
        ) : (
          <ChannelView
            key={current.channel._id}
            entry={current}
            selfId={selfId}
            selfNames={selfNames}
            canManage={canManage}
            onDetails={() => setPanel({ kind: 'details' })}
            onSearch={() => setPanel({ kind: 'search' })}
            onPinned={() => setPanel({ kind: 'pinned' })}
            onMenu={() => setNavOpen(true)}
            onOpenThread={(threadId) => setPanel({ kind: 'thread', threadId, focusId: null })}
            focus={messageId !== null && focus.kind === 'located' && focus.channelId !== current.channel._id ? { kind: 'locating', messageId } : focus}
            onJumpToLatest={() => navigate(`#/c/${current.channel._id}`)}
            visit={visit}
          />
        )}
      </main>
      {switcherOpen && (
        <QuickSwitcher
          selfId={selfId}
          entries={all}
          onOpen={(id) => {
            setSwitcherOpen(false);
            open(id);
          }}
          onClose={() => setSwitcherOpen(false)}
        />
      )}
      {panel.kind !== 'none' && (
        <PanelView
          panel={panel}
          current={current?.channel}
          selfId={selfId}
          selfNames={selfNames}
          canManage={canManage}
          isAdmin={session.isAdmin}
          me={me}
          onClose={() => setPanel({ kind: 'none' })}
          onOpen={open}
          onOpenMessage={openMessage}
        />
      )}
    </div>
  );
}

function ChannelView(props: {
  readonly entry: ChannelEntry;
  readonly selfId: string;
  readonly selfNames: readonly string[];
  readonly canManage: boolean;
  readonly onDetails: () => void;
  readonly onSearch: () => void;
  readonly onPinned: () => void;
  readonly onMenu: () => void;
  readonly onOpenThread: (threadId: string) => void;
  readonly focus: MessageFocus;
  readonly onJumpToLatest: () => void;
  /** Opening the same message again counts as a new visit: the list starts afresh around it. */
  readonly visit: number;
}) {
  const { entry, selfId, focus } = props;
  const { channel } = entry;
  const placeholder = channel.kind === 'direct' ? `Message ${entry.label}` : `Message #${channel.name}`;
  return (
    <>
      <ChannelHeader entry={entry} onDetails={props.onDetails} onSearch={props.onSearch} onPinned={props.onPinned} onMenu={props.onMenu} />
      {focus.kind === 'missing' && (
        <p className="open-message-error" role="alert">
          {focus.reason}
        </p>
      )}
      {focus.kind === 'locating' ? (
        <div className="message-scroller" role="log" aria-label="Messages" aria-busy="true" />
      ) : (
        <MessageList
          // A new anchor is a new list: its window, placement and scroll start afresh.
          key={focus.kind === 'located' ? `around:${focus.messageId}:${props.visit}` : 'latest'}
          channelId={channel._id}
          selfId={selfId}
          selfNames={props.selfNames}
          canModerate={props.canManage}
          readOnly={channel.archived}
          onOpenThread={props.onOpenThread}
          anchorId={focus.kind === 'located' ? focus.rootId : null}
          targetId={focus.kind === 'located' && focus.threadId === null ? focus.messageId : null}
          onJumpToLatest={props.onJumpToLatest}
        />
      )}
      <TypingIndicator channelId={channel._id} selfId={selfId} />
      <div id="composer">
        <Composer
          channelId={channel._id}
          threadId={null}
          placeholder={placeholder}
          selfId={selfId}
          disabledReason={channel.archived ? 'This channel is archived: you can read it, but nobody can post.' : null}
        />
      </div>
    </>
  );
}

function PanelView({
  panel,
  current,
  selfId,
  selfNames,
  canManage,
  isAdmin,
  me,
  onClose,
  onOpen,
  onOpenMessage,
}: {
  readonly panel: Exclude<PanelState, { kind: 'none' }>;
  readonly current: ChannelSummary | undefined;
  readonly selfId: string;
  readonly selfNames: readonly string[];
  readonly canManage: boolean;
  readonly isAdmin: boolean;
  readonly me: ChatUser | null;
  readonly onClose: () => void;
  readonly onOpen: (id: string) => void;
  readonly onOpenMessage: (channelId: string, messageId: string) => void;
}) {
  const liveChannel = useTracker(() => current, [current]);
  switch (panel.kind) {
    case 'thread':
      return liveChannel === undefined ? null : (
        <ThreadPanel
          key={`${panel.threadId}:${panel.focusId ?? ''}`}
          channel={liveChannel}
          threadId={panel.threadId}
          focusId={panel.focusId}
          selfId={selfId}
          selfNames={selfNames}
          canModerate={canManage}
          onClose={onClose}
        />
      );
    case 'details':
      return liveChannel === undefined ? null : (
        <DetailsPanel channel={liveChannel} selfId={selfId} canManage={canManage} isAdmin={isAdmin} onClose={onClose} onOpen={onOpen} />
      );
    case 'directory':
      return <DirectoryPanel onClose={onClose} onOpen={onOpen} />;
    case 'new-direct':
      return <NewDirectPanel selfId={selfId} onClose={onClose} onOpen={onOpen} />;
    case 'search':
      return <SearchPanel onClose={onClose} onOpenMessage={onOpenMessage} />;
    case 'pinned':
      return liveChannel === undefined ? null : (
        <PinnedPanel key={liveChannel._id} channel={liveChannel} readOnly={liveChannel.archived} onClose={onClose} onOpenMessage={onOpenMessage} />
      );
    case 'saved':
      return <SavedPanel onClose={onClose} onOpenMessage={onOpenMessage} />;
    case 'profile':
      return me === null ? null : <ProfilePanel user={me} onClose={onClose} />;
    case 'admin':
      return isAdmin ? <AdminConsole selfId={selfId} onClose={onClose} /> : null;
    default:
      return panel satisfies never;
  }
}
