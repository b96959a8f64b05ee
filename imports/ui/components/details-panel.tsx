import { useState } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { archiveChannel, inviteMembers, leaveChannel, openDirect, removeChannelMember, renameChannel, setChannelTopic } from '/imports/api/channels/methods';
import type { ChannelSummary } from '/imports/api/channels/collection';
import { MEMBER_PAGE_DEFAULT, MEMBER_PAGE_MAX, MEMBER_QUERY_MAX } from '/imports/api/channels/schema';
import { setDeactivated } from '/imports/api/users/methods';
import { displayName } from '/imports/api/users/user-profile';
import { people } from '/imports/ui/data/client-collections';
import { useChannelMembers } from '/imports/ui/hooks/use-channel-members';
import { presenceOf } from '/imports/ui/hooks/use-presence';
import { Avatar } from './avatar';
import { Panel } from './panel';
import { NotificationSettings } from './notification-settings';
import { ErrorLine, toSlug, useAction } from './panel-actions';
import { ConfirmButton } from './confirm-button';

/** Topic, name, members (presence, roles, remove, deactivate, invite), notifications, archive and leave. */
export function DetailsPanel({
  channel,
  selfId,
  canManage,
  isAdmin,
  onClose,
  onOpen,
}: {
  readonly channel: ChannelSummary;
  readonly selfId: string;
  readonly canManage: boolean;
  readonly isAdmin: boolean;
  readonly onClose: () => void;
  readonly onOpen: (channelId: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(MEMBER_PAGE_DEFAULT);
  // One page of members at a time (a big channel's list is never sent whole), narrowed by search.
  const loaded = useChannelMembers(channel._id, { query: search.trim(), limit });
  const members = useTracker(() => loaded.slice(0, limit).map((u) => ({ user: u, presence: presenceOf(u._id) })), [loaded, limit]);
  const memberIds = new Set(loaded.map((u) => u._id));
  const everyone = useTracker(() => people.find({ deactivated: { $ne: true } }, { sort: { username: 1 } }).fetch(), []);
  const [topic, setTopic] = useState(channel.topic);
  const [name, setName] = useState(channel.name);
  const [invitee, setInvitee] = useState('');
  const [error, act] = useAction();
  const direct = channel.kind === 'direct';
  // Complete when the whole channel fits one page; past that, inviting a member again is a no-op.
  const outsiders = everyone.filter((u) => !memberIds.has(u._id));

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
              <input
                value={topic}
                maxLength={250}
                onChange={(e) => setTopic(e.target.value)}
                disabled={channel.archived}
                placeholder="What is this channel about?"
              />
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
          {channel.memberCount} {channel.memberCount === 1 ? 'member' : 'members'}
        </h3>
        {channel.memberCount > MEMBER_PAGE_DEFAULT && (
          <input
            type="search"
            aria-label="Search members"
            placeholder="Search members"
            maxLength={MEMBER_QUERY_MAX}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        )}
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
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => act(async () => onOpen(String(await openDirect.callAsync({ userIds: [user._id] }))))}
                >
                  Message
                </button>
              )}
              {canManage && !direct && user._id !== selfId && (
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  onClick={() => act(() => removeChannelMember.callAsync({ channelId: channel._id, userId: user._id }))}
                >
                  Remove
                </button>
              )}
              {isAdmin && user._id !== selfId && (
                <ConfirmButton
                  label="Deactivate"
                  accessibleLabel={`Deactivate: ${displayName(user)}`}
                  explanation="Their sessions end at once; their messages stay."
                  confirmLabel="Deactivate"
                  danger
                  onConfirm={() => act(() => setDeactivated.callAsync({ userId: user._id, deactivated: true }))}
                />
              )}
            </li>
          ))}
        </ul>
        {search.trim() === '' && members.length < channel.memberCount && members.length >= limit && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setLimit((n) => Math.min(n + MEMBER_PAGE_DEFAULT, MEMBER_PAGE_MAX))}
            disabled={limit >= MEMBER_PAGE_MAX}
          >
            Show more members
          </button>
        )}
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
      <NotificationSettings channelId={channel._id} selfId={selfId} />
      <section className="panel-section danger-zone">
        {canManage && !direct && channel._id !== 'general' && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => act(() => archiveChannel.callAsync({ channelId: channel._id, archived: !channel.archived }))}
          >
            {channel.archived ? 'Unarchive channel' : 'Archive channel'}
          </button>
        )}
        {!(direct && channel.memberCount <= 2) && (
          <button type="button" className="btn btn-small btn-danger" onClick={() => act(() => leaveChannel.callAsync({ channelId: channel._id }))}>
            Leave
          </button>
        )}
      </section>
    </Panel>
  );
}
