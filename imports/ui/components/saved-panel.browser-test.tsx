/**
 * SavedPanel in Chromium, rendered with local data only (the client collections are filled
 * directly; the signed-out test page's `messages.saved` subscription brings nothing).
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Message } from '/imports/api/messages/collection';
import { channels, messages, people } from '/imports/ui/data/client-collections';
import { savedMessages } from '/imports/ui/hooks/use-saved';
import { SavedPanel } from './saved-panel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A Message as a plain object type, which the local collection's insert takes. */
type MessageDoc = { [K in keyof Message]: Message[K] };

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function message(_id: string, channelId: string, text: string, extra: Partial<Message> = {}): MessageDoc {
  return {
    _id,
    channelId,
    userId: 'sp-ann',
    text,
    createdAt: new Date(Date.UTC(2026, 0, 1)),
    editedAt: null,
    threadId: null,
    replyCount: 0,
    lastReplyAt: null,
    reactions: [],
    mentionIds: [],
    attachment: null,
    ...extra,
  };
}

function save(_id: string, messageId: string, channelId: string, minute: number): void {
  savedMessages._collection.insert({ _id, userId: 'sp-self', messageId, channelId, savedAt: new Date(Date.UTC(2026, 0, 2, 0, minute)) });
}

function mount(): { host: HTMLDivElement; opened: Array<[string, string]>; unmount(): void } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const opened: Array<[string, string]> = [];
  act(() => root.render(<SavedPanel onClose={() => undefined} onOpenMessage={(c, m) => opened.push([c, m])} />));
  return {
    host,
    opened,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

const listed = (host: HTMLElement): string[] => [...host.querySelectorAll('li.pinned-item .search-hit')].map((b) => b.textContent ?? '');

describe('SavedPanel in the browser', () => {
  const messageIds = ['sp-m1', 'sp-m2', 'sp-m3', 'sp-m4'];
  const savedIds = ['sp-s1', 'sp-s2', 'sp-s3', 'sp-s4', 'sp-gone'];
  before(() => {
    people._collection.insert({ _id: 'sp-ann', username: 'sp-ann', profile: { name: 'Ann Author' }, roles: [] });
    channels._collection.insert({ _id: 'sp-team', name: 'sp-team', kind: 'public', memberCount: 3, joined: true } as never);
    channels._collection.insert({ _id: 'sp-dm', name: 'sp-dm', kind: 'direct', memberCount: 2, joined: true } as never);
    messages._collection.insert(message('sp-m1', 'sp-team', 'first saved'));
    messages._collection.insert(message('sp-m2', 'sp-dm', 'a direct word'));
    messages._collection.insert(message('sp-m3', 'sp-team', 'a saved reply', { threadId: 'sp-m1' }));
    save('sp-s1', 'sp-m1', 'sp-team', 1);
    save('sp-s2', 'sp-m2', 'sp-dm', 3);
    save('sp-s3', 'sp-m3', 'sp-team', 2);
    // Saved, but its message was deleted (or has not arrived): nothing to open, so not shown.
    save('sp-gone', 'sp-missing', 'sp-team', 9);
  });
  after(() => {
    for (const _id of messageIds) messages._collection.remove({ _id });
    for (const _id of savedIds) savedMessages._collection.remove({ _id });
    for (const _id of ['sp-team', 'sp-dm']) channels._collection.remove({ _id });
    people._collection.remove({ _id: 'sp-ann' });
  });

  it('lists saved messages newest saved first, naming the channel (not a direct conversation), skipping deleted ones', async () => {
    const view = mount();
    await frame();
    const rows = listed(view.host);
    assert.equal(rows.length, 3, rows.join(' | '));
    assert.match(rows[0] ?? '', /^Ann Author · .*a direct word$/);
    assert.doesNotMatch(rows[0] ?? '', / in #/);
    assert.match(rows[1] ?? '', /^Ann Author in #sp-team · .* · in a thread.*a saved reply$/);
    assert.match(rows[2] ?? '', /^Ann Author in #sp-team · .*first saved$/);
    view.unmount();
  });

  it('follows the list live: a new save on top, a removed save and a deleted message leave', async () => {
    const view = mount();
    await frame();
    act(() => {
      messages._collection.insert(message('sp-m4', 'sp-team', 'saved a moment ago'));
      save('sp-s4', 'sp-m4', 'sp-team', 30);
    });
    await frame();
    assert.match(listed(view.host)[0] ?? '', /saved a moment ago$/);
    act(() => {
      savedMessages._collection.remove({ _id: 'sp-s4' });
    });
    await frame();
    assert.doesNotMatch(view.host.textContent ?? '', /saved a moment ago/);
    act(() => {
      messages._collection.remove({ _id: 'sp-m2' });
    });
    await frame();
    assert.deepEqual(
      listed(view.host).map((r) => r.replace(/^.*(first saved|a saved reply)$/, '$1')),
      ['a saved reply', 'first saved'],
    );
    act(() => {
      messages._collection.insert(message('sp-m2', 'sp-dm', 'a direct word'));
    });
    view.unmount();
  });

  it('opens the saved message in its channel, and names each Remove button after its message', async () => {
    const view = mount();
    await frame();
    act(() => view.host.querySelectorAll<HTMLButtonElement>('li.pinned-item .search-hit')[1]?.click());
    assert.deepEqual(view.opened, [['sp-team', 'sp-m3']]);
    const removes = [...view.host.querySelectorAll('button')].map((b) => b.getAttribute('aria-label')).filter((n) => n?.startsWith('Remove'));
    assert.deepEqual(removes, ['Remove “a direct word” from saved', 'Remove “a saved reply” from saved', 'Remove “first saved” from saved']);
    view.unmount();
  });

  it('names the Remove of a file saved without text after the file', async () => {
    act(() => {
      messages._collection.insert(
        message('sp-file', 'sp-team', '', { attachment: { fileId: 'sp-f', name: 'budget.xlsx', type: 'application/octet-stream', size: 10 } }),
      );
      save('sp-sfile', 'sp-file', 'sp-team', 50);
    });
    const view = mount();
    await frame();
    assert.match(listed(view.host)[0] ?? '', /budget\.xlsx$/);
    assert.ok(view.host.querySelector('button[aria-label="Remove “budget.xlsx” from saved"]'), 'the button says which entry it removes');
    view.unmount();
    act(() => {
      savedMessages._collection.remove({ _id: 'sp-sfile' });
      messages._collection.remove({ _id: 'sp-file' });
    });
  });
});
