/**
 * PinnedPanel in Chromium, rendered with local data only (the client collections are filled
 * directly; the signed-out test page's `messages.pinned` subscription brings nothing).
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ChannelSummary } from '/imports/api/channels/collection';
import type { Message } from '/imports/api/messages/collection';
import { messages, people } from '/imports/ui/data/client-collections';
import { PinnedPanel } from './pinned-panel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A Message as a plain object type, which the local collection's insert takes. */
type MessageDoc = { [K in keyof Message]: Message[K] };

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

const CHANNEL = 'pp-room';
const channel = { _id: CHANNEL, name: 'pp-room', kind: 'public', memberCount: 2, joined: true } as unknown as ChannelSummary;

function message(_id: string, text: string, extra: Partial<Message> = {}): MessageDoc {
  return {
    _id,
    channelId: CHANNEL,
    userId: 'pp-ann',
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

const pinnedAt = (minute: number): Date => new Date(Date.UTC(2026, 0, 2, 0, minute));

interface View {
  readonly host: HTMLDivElement;
  readonly opened: Array<[string, string]>;
  readonly root: Root;
  unmount(): void;
}

async function mount(readOnly: boolean): Promise<View> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const opened: Array<[string, string]> = [];
  act(() => root.render(<PinnedPanel channel={channel} readOnly={readOnly} onClose={() => undefined} onOpenMessage={(c, m) => opened.push([c, m])} />));
  await frame();
  return {
    host,
    opened,
    root,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

/** The text of each listed pin's open button, in order. */
const listed = (host: HTMLElement): string[] => [...host.querySelectorAll('li.pinned-item .search-hit')].map((b) => b.textContent ?? '');

describe('PinnedPanel in the browser', () => {
  const ids = ['pp-old', 'pp-new', 'pp-reply', 'pp-plain', 'pp-elsewhere', 'pp-late'];
  before(() => {
    people._collection.insert({ _id: 'pp-ann', username: 'pp-ann', profile: { name: 'Ann Author' }, roles: [] });
    people._collection.insert({ _id: 'pp-pat', username: 'pp-pat', profile: { name: 'Pat Pinner' }, roles: [] });
    messages._collection.insert(message('pp-old', 'the old runbook', { pinnedAt: pinnedAt(1), pinnedBy: 'pp-pat' }));
    messages._collection.insert(message('pp-new', 'the new checklist', { pinnedAt: pinnedAt(5), pinnedBy: 'pp-ann' }));
    messages._collection.insert(message('pp-reply', 'a pinned reply', { threadId: 'pp-old', pinnedAt: pinnedAt(3), pinnedBy: 'pp-pat' }));
    messages._collection.insert(message('pp-plain', 'never pinned chatter', { pinnedAt: null }));
    messages._collection.insert(message('pp-elsewhere', 'pinned in another room', { channelId: 'pp-other', pinnedAt: pinnedAt(9) }));
  });
  after(() => {
    for (const _id of ids) messages._collection.remove({ _id });
    for (const _id of ['pp-ann', 'pp-pat']) people._collection.remove({ _id });
  });

  it('lists this channel’s pins only, newest pin first, with author, who pinned and a thread mark', async () => {
    const view = await mount(false);
    const rows = listed(view.host);
    assert.equal(rows.length, 3, rows.join(' | '));
    assert.match(rows[0] ?? '', /^Ann Author · .* · pinned by Ann Author.*the new checklist$/);
    assert.match(rows[1] ?? '', /in a thread · pinned by Pat Pinner.*a pinned reply$/);
    assert.match(rows[2] ?? '', /pinned by Pat Pinner.*the old runbook$/);
    assert.doesNotMatch(view.host.textContent ?? '', /never pinned|another room/);
    assert.equal(view.host.querySelector('aside')?.getAttribute('aria-label'), 'Pinned messages');
    view.unmount();
  });

  it('follows pins live: a new pin goes on top, an unpinned message leaves', async () => {
    const view = await mount(false);
    act(() => {
      messages._collection.insert(message('pp-late', 'pinned just now', { pinnedAt: pinnedAt(30), pinnedBy: 'pp-pat' }));
    });
    await frame();
    assert.match(listed(view.host)[0] ?? '', /pinned just now$/);
    act(() => {
      messages._collection.update({ _id: 'pp-late' }, { $set: { pinnedAt: null, pinnedBy: null } });
    });
    await frame();
    assert.equal(listed(view.host).length, 3);
    assert.doesNotMatch(view.host.textContent ?? '', /pinned just now/);
    view.unmount();
  });

  it('opens the message a pin points at, and offers Unpin per pin only where the channel is writable', async () => {
    const view = await mount(false);
    const open = view.host.querySelectorAll<HTMLButtonElement>('li.pinned-item .search-hit')[1];
    act(() => open?.click());
    assert.deepEqual(view.opened, [[CHANNEL, 'pp-reply']]);
    const unpins = [...view.host.querySelectorAll('button')].map((b) => b.getAttribute('aria-label')).filter((n) => n?.startsWith('Unpin'));
    assert.deepEqual(unpins, ['Unpin “the new checklist”', 'Unpin “a pinned reply”', 'Unpin “the old runbook”']);
    view.unmount();
    const readOnly = await mount(true);
    assert.equal(listed(readOnly.host).length, 3, 'an archived channel still shows its pins');
    assert.equal([...readOnly.host.querySelectorAll('button')].filter((b) => b.textContent === 'Unpin').length, 0);
    readOnly.unmount();
  });

  it('names the Unpin of a file posted without text after the file', async () => {
    act(() => {
      messages._collection.insert(
        message('pp-file', '', { attachment: { fileId: 'pp-f', name: 'floor-plan.pdf', type: 'application/pdf', size: 10 }, pinnedAt: pinnedAt(40) }),
      );
    });
    const view = await mount(false);
    assert.match(listed(view.host)[0] ?? '', /floor-plan\.pdf$/);
    assert.ok(view.host.querySelector('button[aria-label="Unpin “floor-plan.pdf”"]'), 'the button says which pin it removes');
    view.unmount();
    act(() => {
      messages._collection.remove({ _id: 'pp-file' });
    });
  });

  it('shows why an unpin was refused and keeps the pin', async () => {
    // The test page is signed out, so the call is refused: the path of any refusal.
    const view = await mount(false);
    const unpin = [...view.host.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Unpin “the old runbook”');
    await act(async () => {
      unpin?.click();
      for (let i = 0; i < 100 && view.host.querySelector('[role="alert"]') === null; i++) await frame();
    });
    assert.ok((view.host.querySelector('[role="alert"]')?.textContent ?? '').length > 0, 'the refusal is said');
    assert.equal(listed(view.host).length, 3);
    view.unmount();
  });
});
