import { useState } from 'react';
import { searchMessages } from '/imports/api/messages/methods';
import type { SearchHit } from '/imports/api/messages/methods';
import { displayName } from '/imports/api/users/user-profile';
import { channels, people } from '/imports/ui/data/client-collections';
import { Panel } from './panel';
import { ErrorLine, useAction } from './panel-actions';

/** Message search across readable channels; a hit opens its channel at that message (a reply: in its thread). */
export function SearchPanel({
  onClose,
  onOpenMessage,
}: {
  readonly onClose: () => void;
  readonly onOpenMessage: (channelId: string, messageId: string) => void;
}) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, act] = useAction();
  return (
    <Panel title="Search" onClose={onClose}>
      {/* biome-ignore lint/a11y/useSemanticElements: the form itself is the search landmark; a <search> element would only wrap it in one more box */}
      <form
        className="panel-section"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          act(async () => setHits(await searchMessages.callAsync({ query })));
        }}
      >
        <input
          type="search"
          aria-label="Search messages"
          placeholder="Search messages"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          minLength={2}
          autoFocus
        />
      </form>
      <ErrorLine error={error} />
      <ul className="search-results">
        {hits?.map((hit) => {
          const channel = channels.findOne({ _id: hit.channelId });
          return (
            <li key={hit._id}>
              <button type="button" className="search-hit" onClick={() => onOpenMessage(hit.channelId, hit._id)}>
                <span className="muted">
                  {channel?.kind === 'direct' ? 'Direct message' : `#${channel?.name ?? 'channel'}`} · {displayName(people.findOne({ _id: hit.userId }))} ·{' '}
                  {hit.createdAt.toLocaleString()}
                  {hit.threadId !== null && ' · in a thread'}
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
