import { useState, type FormEvent } from 'react';
import { ClientAccounts as Accounts } from '/imports/ui/data/client-accounts';
import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { archiveChannel, createChannel, inviteMembers, joinChannel, leaveChannel, openDirect, removeChannelMember, renameChannel, setChannelTopic } from '/imports/api/channels/methods';
import type { Channel } from '/imports/api/channels/collection';
import { searchMessages } from '/imports/api/messages/methods';
import type { SearchHit } from '/imports/api/messages/methods';
import { setDeactivated, updateProfile } from '/imports/api/users/methods';
import { AVATAR_COLORS, displayName } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import { channels, people } from '/imports/ui/data/client-collections';
import { presenceOf } from '/imports/ui/hooks/use-presence';
import { Avatar } from './avatar';
import { Panel } from './panel';

function reasonOf(error: unknown): string {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : 'That did not work';
}

function useAction(): [string | null, (run: () => Promise<unknown>) => void] {
  const [error, setError] = useState<string | null>(null);
  return [
    error,
    (run) => {
      setError(null);
      run().catch((e: unknown) => setError(reasonOf(e)));
    },
  ];
}

function ErrorLine({ error }: { readonly error: string | null }) {
  return error === null ? null : (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}

function toSlug(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-').replace(/[^a-z0-9_-]/g, '').slice(0, 40);
}

export function DetailsPanel({ channel, selfId, canManage, isAdmin, onClose, onOpen }: {
  readonly channel: Channel;
  readonly selfId: string;
  readonly canManage: boolean;
  readonly isAdmin: boolean;
  readonly onClose: () => void;
  readonly onOpen: (channelId: string) => void;
}) {
  const members = useTracker(() => people.find({ _id: { $in: channel.memberIds } }, { sort: { username: 1 } }).fetch().map((u) => ({ user: u, presence: presenceOf(u._id) })), [channel.memberIds.join(',')]);
  const everyone = useTracker(() => people.find({ deactivated: { $ne: true } }, { sort: { username: 1 } }).fetch(), []);
  const [topic, setTopic] = useState(channel.topic);
  const [name, setName] = useState(channel.name);
  const [invitee, setInvitee] = useState('');
  const [error, act] = useAction();
  const direct = channel.kind === 'direct';
  const outsiders = everyone.filter((u) => !channel.memberIds.includes(u._id));

  return (
    <Panel title={direct ? 'Conversation' : 'Channel details'} onClose={onClose}>
      <ErrorLine error={error} />
      {!direct && (
        <section className="panel-section">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              act(() => setChannelTopic.callAsync({ channelId: channel._id, topic }));
            }}
          >
            <label>
              Topic
              <input value={topic} maxLength={250} onChange={(e) => setTopic(e.target.value)} disabled={channel.archived} placeholder="What is this channel about?" />
            </label>
            <button className="btn btn-small" type="submit" disabled={channel.archived || topic === channel.topic}>
              Save topic
            </button>
          </form>
          {canManage && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                act(() => renameChannel.callAsync({ channelId: channel._id, name: toSlug(name) }));
              }}
            >
              <label>
                Name
                <input value={name} onChange={(e) => setName(e.target.value)} disabled={channel.archived} />
              </label>
              <button className="btn btn-small" type="submit" disabled={channel.archived || toSlug(name) === channel.name}>
                Rename
              </button>
            </form>
          )}
        </section>
      )}
      <section className="panel-section">
        <h3>
          {members.length} {members.length === 1 ? 'member' : 'members'}
        </h3>
        <ul className="member-list">
          {members.map(({ user, presence }) => (
            <li key={user._id} data-presence={presence}>
              <Avatar user={user} size="sm" presence={presence} />
              <span className="member-name">
                <span>
                  {displayName(user)}
                  <span className="sr-only">, {presence}</span>
                </span>
                {channel.ownerIds.includes(user._id) && <span className="tag">owner</span>}
                {user.roles?.includes('admin') && <span className="tag">admin</span>}
                {user.profile?.statusText ? <span className="muted status-text">{user.profile.statusText}</span> : null}
              </span>
              {user._id !== selfId && (
                <button type="button" className="btn btn-small" onClick={() => act(async () => onOpen(String(await openDirect.callAsync({ userIds: [user._id] }))))}>
                  Message
                </button>
              )}
              {canManage && !direct && user._id !== selfId && (
                <button type="button" className="btn btn-small btn-danger" onClick={() => act(() => removeChannelMember.callAsync({ channelId: channel._id, userId: user._id }))}>
                  Remove
                </button>
              )}
              {isAdmin && user._id !== selfId && (
                <button type="button" className="btn btn-small btn-danger" onClick={() => window.confirm(`Deactivate ${displayName(user)}? Their sessions end at once.`) && act(() => setDeactivated.callAsync({ userId: user._id, deactivated: true }))}>
                  Deactivate
                </button>
              )}
            </li>
          ))}
        </ul>
        {!direct && !channel.archived && outsiders.length > 0 && (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (invitee !== '') act(() => inviteMembers.callAsync({ channelId: channel._id, userIds: [invitee] }).then(() => setInvitee('')));
            }}
          >
            <label className="sr-only" htmlFor="invitee">
              Invite someone
            </label>
            <select id="invitee" value={invitee} onChange={(e) => setInvitee(e.target.value)}>
              <option value="">Invite someone…</option>
              {outsiders.map((u) => (
                <option key={u._id} value={u._id}>
                  {displayName(u)} (@{u.username})
                </option>
              ))}
            </select>
            <button className="btn btn-small btn-primary" type="submit" disabled={invitee === ''}>
              Invite
            </button>
          </form>
        )}
      </section>
      <section className="panel-section danger-zone">
        {canManage && !direct && channel._id !== 'general' && (
          <button type="button" className="btn btn-small" onClick={() => act(() => archiveChannel.callAsync({ channelId: channel._id, archived: !channel.archived }))}>
            {channel.archived ? 'Unarchive channel' : 'Archive channel'}
          </button>
        )}
        {!(direct && channel.memberIds.length <= 2) && (
          <button type="button" className="btn btn-small btn-danger" onClick={() => act(() => leaveChannel.callAsync({ channelId: channel._id }))}>
            Leave
          </button>
        )}
      </section>
    </Panel>
  );
}

export function DirectoryPanel({ selfId, onClose, onOpen }: { readonly selfId: string; readonly onClose: () => void; readonly onOpen: (channelId: string) => void }) {
  const [search, setSearch] = useState('');
  useSubscribe('channels.directory', { search });
  const found = useTracker(() => channels.find({ kind: 'public', ...(search ? { name: { $regex: search.toLowerCase().replace(/[^a-z0-9_-]/g, '') } } : {}) }, { sort: { name: 1 } }).fetch(), [search]);
  const [name, setName] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [topic, setTopic] = useState('');
  const [error, act] = useAction();
  const create = (event: FormEvent): void => {
    event.preventDefault();
    act(async () => {
      const id = await createChannel.callAsync({ name: toSlug(name), kind: isPrivate ? 'private' : 'public', ...(topic ? { topic } : {}) });
      if (typeof id === 'string') onOpen(id);
    });
  };
  return (
    <Panel title="Channels" onClose={onClose}>
      <section className="panel-section">
        <h3>Create a channel</h3>
        <form onSubmit={create}>
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. design-reviews" required />
          </label>
          {name && toSlug(name) !== name && <p className="muted">Will be created as #{toSlug(name)}</p>}
          <label>
            <span>
              Topic <span className="muted">(optional)</span>
            </span>
            <input value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={250} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} /> Private — only invited people can see it
          </label>
          <ErrorLine error={error} />
          <button className="btn btn-primary" type="submit" disabled={toSlug(name) === ''}>
            Create channel
          </button>
        </form>
      </section>
      <section className="panel-section">
        <h3>Browse public channels</h3>
        <input type="search" aria-label="Search channels" placeholder="Search channels" value={search} onChange={(e) => setSearch(e.target.value)} />
        <ul className="directory-list">
          {found.map((channel) => {
            const member = channel.memberIds.includes(selfId);
            return (
              <li key={channel._id}>
                <div>
                  <strong># {channel.name}</strong> {channel.archived && <span className="tag">archived</span>}
                  <div className="muted">
                    {channel.memberIds.length} members{channel.topic ? ` · ${channel.topic}` : ''}
                  </div>
                </div>
                {member ? (
                  <button type="button" className="btn btn-small" onClick={() => onOpen(channel._id)}>
                    Open
                  </button>
                ) : (
                  <button type="button" className="btn btn-small btn-primary" disabled={channel.archived} onClick={() => act(() => joinChannel.callAsync({ channelId: channel._id }).then(() => onOpen(channel._id)))}>
                    Join
                  </button>
                )}
              </li>
            );
          })}
          {found.length === 0 && <li className="muted">No channels match.</li>}
        </ul>
      </section>
    </Panel>
  );
}

export function NewDirectPanel({ selfId, onClose, onOpen }: { readonly selfId: string; readonly onClose: () => void; readonly onOpen: (channelId: string) => void }) {
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const everyone = useTracker(() => people.find({ _id: { $ne: selfId }, deactivated: { $ne: true } }, { sort: { username: 1 } }).fetch(), [selfId]);
  const [error, act] = useAction();
  const shown = everyone.filter((u: ChatUser) => `${u.username ?? ''} ${displayName(u)}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <Panel title="New message" onClose={onClose}>
      <section className="panel-section">
        <input type="search" aria-label="Find people" placeholder="Find people" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <ul className="member-list">
          {shown.map((user) => (
            <li key={user._id}>
              <label className="checkbox grow">
                <input type="checkbox" checked={picked.includes(user._id)} onChange={(e) => setPicked(e.target.checked ? [...picked, user._id].slice(0, 7) : picked.filter((id) => id !== user._id))} />
                <Avatar user={user} size="sm" presence={presenceOf(user._id)} /> {displayName(user)} <span className="muted">@{user.username}</span>
              </label>
            </li>
          ))}
        </ul>
        <ErrorLine error={error} />
        <button className="btn btn-primary" type="button" disabled={picked.length === 0} onClick={() => act(async () => onOpen(String(await openDirect.callAsync({ userIds: picked }))))}>
          {picked.length > 1 ? `Start group conversation (${picked.length + 1})` : 'Start conversation'}
        </button>
      </section>
    </Panel>
  );
}

export function SearchPanel({ onClose, onOpen }: { readonly onClose: () => void; readonly onOpen: (channelId: string) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, act] = useAction();
  return (
    <Panel title="Search" onClose={onClose}>
      <form
        className="panel-section"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          act(async () => setHits(await searchMessages.callAsync({ query })));
        }}
      >
        <input type="search" aria-label="Search messages" placeholder="Search messages" value={query} onChange={(e) => setQuery(e.target.value)} minLength={2} autoFocus />
      </form>
      <ErrorLine error={error} />
      <ul className="search-results">
        {hits?.map((hit) => {
          const channel = channels.findOne({ _id: hit.channelId });
          return (
            <li key={hit._id}>
              <button type="button" className="search-hit" onClick={() => onOpen(hit.channelId)}>
                <span className="muted">
                  {channel?.kind === 'direct' ? 'Direct message' : `#${channel?.name ?? 'channel'}`} · {displayName(people.findOne({ _id: hit.userId }))} · {hit.createdAt.toLocaleString()}
                </span>
                <span>{hit.text}</span>
              </button>
            </li>
          );
        })}
        {hits?.length === 0 && <li className="muted">Nothing found.</li>}
      </ul>
    </Panel>
  );
}

export function ProfilePanel({ user, onClose }: { readonly user: ChatUser; readonly onClose: () => void }) {
  const [name, setName] = useState(user.profile?.name ?? '');
  const [statusText, setStatusText] = useState(user.profile?.statusText ?? '');
  const [color, setColor] = useState(user.profile?.color ?? AVATAR_COLORS[0]);
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, act] = useAction();
  const notificationsAllowed = typeof Notification !== 'undefined' ? Notification.permission : 'denied';
  return (
    <Panel title="Your profile" onClose={onClose}>
      <ErrorLine error={error} />
      {notice !== null && <p className="form-notice">{notice}</p>}
      <section className="panel-section">
        <div className="profile-preview">
          <Avatar user={{ ...user, profile: { ...user.profile, name, color } }} size="lg" />
          <div>
            <strong>{name || user.username}</strong>
            <div className="muted">@{user.username}</div>
          </div>
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act(() => updateProfile.callAsync({ name, statusText, color }).then(() => setNotice('Profile saved')));
          }}
        >
          <label>
            Display name
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required />
          </label>
          <label>
            Status
            <input value={statusText} onChange={(e) => setStatusText(e.target.value)} maxLength={100} placeholder="In a meeting, on holiday…" />
          </label>
          <fieldset className="colors">
            <legend>Avatar colour</legend>
            {AVATAR_COLORS.map((c) => (
              <button key={c} type="button" className={`swatch${c === color ? ' active' : ''}`} style={{ background: c }} aria-label={`Colour ${c}`} aria-pressed={c === color} onClick={() => setColor(c)} />
            ))}
          </fieldset>
          <button className="btn btn-primary" type="submit">
            Save profile
          </button>
        </form>
      </section>
      <section className="panel-section">
        <h3>Notifications</h3>
        {notificationsAllowed === 'granted' ? (
          <p className="muted">You’ll be notified of mentions and direct messages while Perseid is in the background.</p>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => void Notification.requestPermission().then(() => setNotice('Notification preference saved'))} disabled={notificationsAllowed === 'denied'}>
            {notificationsAllowed === 'denied' ? 'Notifications are blocked in your browser' : 'Enable desktop notifications'}
          </button>
        )}
      </section>
      <section className="panel-section">
        <h3>Change password</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act(() => Accounts.changePassword(oldPassword, newPassword).then(() => (setNotice('Password changed'), setOldPassword(''), setNewPassword(''))));
          }}
        >
          <label>
            Current password
            <input type="password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOldPassword(e.target.value)} required />
          </label>
          <label>
            New password
            <input type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} minLength={8} required />
          </label>
          <button className="btn" type="submit">
            Change password
          </button>
        </form>
      </section>
      <section className="panel-section">
        <button type="button" className="btn btn-danger" onClick={() => void Accounts.logout()}>
          Sign out
        </button>
      </section>
    </Panel>
  );
}
