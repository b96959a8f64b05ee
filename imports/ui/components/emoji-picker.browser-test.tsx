/**
 * The emoji picker in Chromium, keyboard first: search with a count announced, roving focus over
 * the grid, Enter picks and gives the focus back, Esc and a click outside close, recent emoji kept
 * per person, the workspace's custom emoji listed and found (the collection filled directly).
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { ClientCollection } from 'meteor/mongo';
import { type CustomEmoji, CustomEmojis } from '/imports/api/emoji/collection';
import { EmojiPickerButton } from './emoji-picker';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const customEmojis = CustomEmojis as unknown as ClientCollection<CustomEmoji>;
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const RECENT_KEY = (userId: string): string => `perseid.recent-emoji.${userId}`;

interface View {
  readonly host: HTMLDivElement;
  readonly picked: string[];
  readonly opener: HTMLButtonElement;
  dialog(): HTMLElement | null;
  search(): HTMLInputElement;
  unmount(): void;
}

async function mount(selfId: string): Promise<View> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const picked: string[] = [];
  act(() =>
    root.render(
      <EmojiPickerButton label="Add reaction" selfId={selfId} onPick={(e) => picked.push(e)}>
        +
      </EmojiPickerButton>,
    ),
  );
  await frame();
  const opener = host.querySelector('button') as HTMLButtonElement;
  return {
    host,
    picked,
    opener,
    dialog: () => host.querySelector<HTMLElement>('[role="dialog"]'),
    search: () => host.querySelector('input[type="search"]') as HTMLInputElement,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

const press = (target: Element | null, key: string): void =>
  act(() => {
    target?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });

function type(input: HTMLInputElement, text: string): void {
  act(() => {
    // React tracks the value it set; the native setter makes the change visible to onChange.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function open(view: View): void {
  act(() => view.opener.click());
  assert.ok(view.dialog() !== null, 'the dialog opens');
}

const groupCells = (view: View, group: string): HTMLButtonElement[] => [
  ...(view.dialog()?.querySelector(`[role="group"][aria-label="${group}"]`)?.querySelectorAll<HTMLButtonElement>('button') ?? []),
];

describe('EmojiPicker in the browser', () => {
  beforeEach(() => localStorage.clear());
  after(() => localStorage.clear());

  it('opens named after its opener with the focus in the search; the search finds “tada”, announces the count, and Enter picks the best match', async () => {
    const view = await mount('ep-ann');
    assert.equal(view.opener.getAttribute('aria-expanded'), 'false');
    open(view);
    assert.equal(view.opener.getAttribute('aria-expanded'), 'true');
    const heading = document.getElementById(view.dialog()?.getAttribute('aria-labelledby') ?? '');
    assert.equal(heading?.textContent, 'Add reaction', 'the dialog is named');
    assert.equal(document.activeElement, view.search());
    type(view.search(), 'tada');
    assert.match(view.dialog()?.querySelector('[role="status"]')?.textContent ?? '', /^\d+ emoji found$/);
    assert.equal(groupCells(view, 'Search results')[0]?.textContent, '🎉');
    press(view.search(), 'Enter');
    assert.deepEqual(view.picked, ['🎉']);
    assert.equal(view.dialog(), null, 'picking closes it');
    assert.equal(document.activeElement, view.opener, 'the focus is back on the opener');
    view.unmount();
  });

  it('moves through the grid with one tab stop: ↓ from the search, → ←, Home/End, ↑ from the first row back to the search', async () => {
    const view = await mount('ep-ann');
    open(view);
    press(view.search(), 'ArrowDown');
    const first = document.activeElement as HTMLButtonElement;
    assert.equal(first.dataset['index'], '0');
    press(first, 'ArrowRight');
    assert.equal((document.activeElement as HTMLElement).dataset['index'], '1');
    press(document.activeElement, 'ArrowDown');
    assert.equal((document.activeElement as HTMLElement).dataset['index'], '9', 'down a row of eight');
    assert.equal(view.dialog()?.querySelectorAll('.emoji-cell[tabindex="0"]').length, 1, 'one tab stop in the grid');
    press(document.activeElement, 'End');
    const cells = view.dialog()?.querySelectorAll('.emoji-cell').length ?? 0;
    assert.equal((document.activeElement as HTMLElement).dataset['index'], String(cells - 1));
    press(document.activeElement, 'Home');
    assert.equal((document.activeElement as HTMLElement).dataset['index'], '0');
    press(document.activeElement, 'ArrowUp');
    assert.equal(document.activeElement, view.search());
    type(view.search(), 'zzzqqq');
    assert.match(view.dialog()?.textContent ?? '', /No emoji match “zzzqqq”/);
    assert.equal(view.dialog()?.querySelector('[role="status"]')?.textContent, '0 emoji found');
    press(view.search(), 'Enter');
    assert.deepEqual(view.picked, [], 'nothing to pick, nothing picked');
    press(view.search(), 'Escape');
    assert.equal(view.dialog(), null, 'Esc closes');
    assert.equal(document.activeElement, view.opener);
    view.unmount();
  });

  it('keeps recent emoji per person, most recent first, and survives an unreadable store', async () => {
    const ann = await mount('ep-ann');
    for (const query of ['rocket', 'tada', 'rocket']) {
      open(ann);
      type(ann.search(), query);
      press(ann.search(), 'Enter');
    }
    assert.deepEqual(ann.picked, ['🚀', '🎉', '🚀']);
    open(ann);
    assert.deepEqual(
      groupCells(ann, 'Recent').map((b) => b.textContent),
      ['🚀', '🎉'],
      'once each, most recent first',
    );
    assert.equal(groupCells(ann, 'Recent')[0]?.getAttribute('aria-label'), 'rocket');
    ann.unmount();
    const bob = await mount('ep-bob');
    open(bob);
    assert.equal(groupCells(bob, 'Recent').length, 0, 'another person’s recent list is their own');
    bob.unmount();
    localStorage.setItem(RECENT_KEY('ep-eve'), '{"not": "a list"');
    const eve = await mount('ep-eve');
    open(eve);
    assert.equal(groupCells(eve, 'Recent').length, 0);
    assert.ok(groupCells(eve, 'Smileys & Emotion').length > 0 || (eve.dialog()?.querySelectorAll('.emoji-cell').length ?? 0) > 100);
    eve.unmount();
  });

  it('closes on a click outside, not on a click inside', async () => {
    const view = await mount('ep-ann');
    open(view);
    act(() => {
      view.search().dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    assert.ok(view.dialog() !== null);
    act(() => {
      document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    assert.equal(view.dialog(), null);
    view.unmount();
  });

  describe('with the workspace’s custom emoji', () => {
    before(() => {
      customEmojis._collection.insert({ _id: 'ep-c1', name: 'partyparrot', fileId: 'ep-file', createdBy: 'ep-admin', createdAt: new Date() });
    });
    after(() => {
      customEmojis._collection.remove({ _id: 'ep-c1' });
    });

    it('lists them in a Custom group, finds them by name and picks them as :name:', async () => {
      const view = await mount('ep-ann');
      open(view);
      assert.deepEqual(
        groupCells(view, 'Custom').map((b) => b.getAttribute('aria-label')),
        ['partyparrot'],
      );
      type(view.search(), 'partyp');
      assert.equal(groupCells(view, 'Search results')[0]?.getAttribute('aria-label'), 'partyparrot');
      press(view.search(), 'Enter');
      assert.deepEqual(view.picked, [':partyparrot:']);
      view.unmount();
    });

    it('drops a custom emoji removed meanwhile from the open picker', async () => {
      const view = await mount('ep-ann');
      open(view);
      act(() => {
        customEmojis._collection.remove({ _id: 'ep-c1' });
      });
      await frame();
      assert.equal(groupCells(view, 'Custom').length, 0);
      view.unmount();
    });
  });
});
