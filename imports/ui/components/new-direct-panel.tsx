import { useState } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { openDirect } from '/imports/api/channels/methods';
import { displayName } from '/imports/api/users/user-profile';
import type { ChatUser } from '/imports/api/users/user-profile';
import { people } from '/imports/ui/data/client-collections';
import { presenceOf } from '/imports/ui/hooks/use-presence';
import { Avatar } from './avatar';
import { Panel } from './panel';
import { ErrorLine, useAction } from './panel-actions';

/** Pick one person (or a few) to start a direct conversation. */
export function NewDirectPanel({
  selfId,
  onClose,
  onOpen,
}: {
  readonly selfId: string;
  readonly onClose: () => void;
  readonly onOpen: (channelId: string) => void;
}) {
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
                <input
                  type="checkbox"
                  checked={picked.includes(user._id)}
                  onChange={(e) => setPicked(e.target.checked ? [...picked, user._id].slice(0, 7) : picked.filter((id) => id !== user._id))}
                />
                <Avatar user={user} size="sm" presence={presenceOf(user._id)} /> {displayName(user)} <span className="muted">@{user.username}</span>
              </label>
            </li>
          ))}
        </ul>
        <ErrorLine error={error} />
        <button
          className="btn btn-primary"
          type="button"
          disabled={picked.length === 0}
          onClick={() => act(async () => onOpen(String(await openDirect.callAsync({ userIds: picked }))))}
        >
          {picked.length > 1 ? `Start group conversation (${picked.length + 1})` : 'Start conversation'}
        </button>
      </section>
    </Panel>
  );
}
