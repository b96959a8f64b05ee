import { useState, type FormEvent } from 'react';
import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { createChannel, joinChannel } from '/imports/api/channels/methods';
import { channels } from '/imports/ui/data/client-collections';
import { Panel } from './panel';
import { ErrorLine, toSlug, useAction } from './panel-actions';

/** Create a channel, or browse and join public ones. */
export function DirectoryPanel({ onClose, onOpen }: { readonly onClose: () => void; readonly onOpen: (channelId: string) => void }) {
  const [search, setSearch] = useState('');
  useSubscribe('channels.directory', { search });
  const found = useTracker(
    () =>
      channels
        .find({ kind: 'public', ...(search ? { name: { $regex: search.toLowerCase().replace(/[^a-z0-9_-]/g, '') } } : {}) }, { sort: { name: 1 } })
        .fetch(),
    [search],
  );
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
            return (
              <li key={channel._id}>
                <div>
                  <strong># {channel.name}</strong> {channel.archived && <span className="tag">archived</span>}
                  <div className="muted">
                    {channel.memberCount} members{channel.topic ? ` · ${channel.topic}` : ''}
                  </div>
                </div>
                {channel.joined ? (
                  <button type="button" className="btn btn-small" onClick={() => onOpen(channel._id)}>
                    Open
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    disabled={channel.archived}
                    onClick={() => act(() => joinChannel.callAsync({ channelId: channel._id }).then(() => onOpen(channel._id)))}
                  >
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
