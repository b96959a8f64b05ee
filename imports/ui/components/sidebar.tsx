import { useTracker } from 'meteor/react-meteor-data';
import { shownCounts } from '/imports/api/channels/notify-level';
import type { ChannelEntry } from '/imports/ui/hooks/use-channels';
import { usePresenceOf } from '/imports/ui/hooks/use-presence';
import { unreadCountsStale } from '/imports/ui/state/offline-sync';
import { PresenceDot } from './avatar';
import { Icon } from './icon';

export interface SidebarProps {
  readonly channels: readonly ChannelEntry[];
  readonly direct: readonly ChannelEntry[];
  readonly currentId: string | null;
  readonly onOpen: (channelId: string) => void;
  readonly onBrowse: () => void;
  readonly onNewDirect: () => void;
}

function ChannelLink({
  entry,
  current,
  stale,
  onOpen,
}: {
  readonly entry: ChannelEntry;
  readonly current: boolean;
  readonly stale: boolean;
  readonly onOpen: (id: string) => void;
}) {
  // The reader's level decides what shows: 'mentions' hides the plain count (the name stays bold
  // while something is unread), 'nothing' and a mute show neither count nor bold.
  const { unread, mentions } = shownCounts(entry.membership, entry.level);
  const quietUnread = entry.level === 'mentions' && unread === 0 && (entry.membership?.unread ?? 0) > 0;
  const presence = usePresenceOf(entry.otherUserId);
  const { channel } = entry;
  const icon = channel.kind === 'public' ? <Icon name="hash" size={14} /> : channel.kind === 'private' ? <Icon name="lock" size={14} /> : null;
  // The badge's number follows the name as it does on screen, so the name holds the visible
  // text in order (WCAG 2.5.3): "Channel dev 3 unread", "Channel dev 1 mentions, 3 unread";
  // the muted icon has no text, so "muted" may follow anywhere after the name.
  const counts =
    mentions > 0 ? ` ${mentions} mentions${unread > 0 ? `, ${unread} unread` : ''}` : unread > 0 ? ` ${unread} unread` : quietUnread ? ' unread' : '';
  const accessible = `${channel.kind === 'direct' ? 'Direct message with ' : 'Channel '}${entry.label}${counts}${counts !== '' && stale ? ' (may be out of date)' : ''}${entry.muted ? ', muted' : entry.level === 'nothing' ? ', notifications off' : ''}`;
  return (
    <li>
      <a
        href={`#/c/${channel._id}`}
        className={`nav-item${current ? ' active' : ''}${unread > 0 || quietUnread ? ' unread' : ''}${channel.archived ? ' archived' : ''}`}
        aria-current={current ? 'page' : undefined}
        aria-label={accessible}
        data-channel-id={channel._id}
        data-notify={entry.level}
        onClick={(e) => {
          e.preventDefault();
          onOpen(channel._id);
        }}
      >
        {icon !== null ? (
          <span className="nav-icon" aria-hidden="true">
            {icon}
          </span>
        ) : (
          <PresenceDot state={presence} label={entry.label} />
        )}
        <span className="nav-label">{entry.label}</span>
        {/* A space between name and badge: without it the visible text reads "dev3". */}{' '}
        {entry.level === 'nothing' && (
          <span className="nav-muted" aria-hidden="true" title={entry.muted ? 'Muted' : 'Notifications off'}>
            <Icon name="bellOff" size={14} />
          </span>
        )}
        {mentions > 0 ? (
          <span className={`badge badge-mention${stale ? ' badge-stale' : ''}`} aria-hidden="true">
            {mentions}
          </span>
        ) : unread > 0 ? (
          <span className={`badge badge-unread${stale ? ' badge-stale' : ''}`} aria-hidden="true">
            {unread}
          </span>
        ) : null}
      </a>
    </li>
  );
}

export function Sidebar({ channels, direct, currentId, onOpen, onBrowse, onNewDirect }: SidebarProps) {
  // Offline, or painted from the device: the counts are what the server last said, not now.
  const stale = useTracker(() => unreadCountsStale(), []);
  return (
    <nav className="sidebar-nav" aria-label="Channels and direct messages">
      {stale && (
        <p className="nav-stale" role="note">
          Unread counts may be out of date until you’re back online.
        </p>
      )}
      <div className="nav-section">
        <div className="nav-heading">
          <span>Channels</span>
          <button type="button" className="icon-btn" onClick={onBrowse} aria-label="Browse or create channels" title="Browse or create channels">
            <Icon name="plus" size={16} />
          </button>
        </div>
        <ul>
          {channels.map((entry) => (
            <ChannelLink key={entry.channel._id} entry={entry} current={entry.channel._id === currentId} stale={stale} onOpen={onOpen} />
          ))}
        </ul>
      </div>
      <div className="nav-section">
        <div className="nav-heading">
          <span>Direct messages</span>
          <button type="button" className="icon-btn" onClick={onNewDirect} aria-label="New direct message" title="New direct message">
            <Icon name="plus" size={16} />
          </button>
        </div>
        <ul>
          {direct.map((entry) => (
            <ChannelLink key={entry.channel._id} entry={entry} current={entry.channel._id === currentId} stale={stale} onOpen={onOpen} />
          ))}
          {direct.length === 0 && <li className="nav-empty">Start a conversation from anyone’s name.</li>}
        </ul>
      </div>
    </nav>
  );
}
