/**
 * QuickSwitcher in Chromium, keyboard only: fuzzy matches, ↑/↓ with the active option announced
 * through aria-activedescendant, Enter opens, Esc closes and gives the focus back.
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { ChannelSummary } from '/imports/api/channels/collection';
import type { ChannelEntry } from '/imports/ui/hooks/use-channels';
import { QuickSwitcher } from './quick-switcher';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function entry(_id: string, name: string, kind: ChannelSummary['kind']): ChannelEntry {
  const channel = { _id, name, kind, memberCount: 2, joined: true } as unknown as ChannelSummary;
  return { channel, membership: undefined, label: name, otherUserId: undefined, level: 'all', muted: false };
}

const key = (input: HTMLElement, name: string): void =>
  act(() => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
  });

function type(input: HTMLInputElement, text: string): void {
  act(() => {
    // React tracks the value it set; the native setter makes the change visible to onChange.
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('QuickSwitcher in the browser (keyboard only)', () => {
  it('narrows by scattered letters, moves with the arrows, opens with Enter; Esc gives the focus back', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const opener = document.createElement('button');
    opener.textContent = 'opener';
    document.body.append(opener);
    opener.focus();
    const opened: string[] = [];
    let closed = 0;
    const root = createRoot(host);
    const entries = [entry('c-gen', 'general', 'public'), entry('c-eng', 'engineering', 'public'), entry('c-ran', 'random', 'private')];
    act(() => root.render(<QuickSwitcher selfId="u-self" entries={entries} onOpen={(id) => opened.push(id)} onClose={() => (closed += 1)} />));
    const input = host.querySelector<HTMLInputElement>('input[role="combobox"]');
    assert.ok(input !== null && document.activeElement === input, 'the search field has the focus');
    type(input, 'gnrl');
    const labels = (): string[] => [...host.querySelectorAll('[role="option"] .switcher-label')].map((el) => el.textContent ?? '');
    assert.deepEqual(labels(), ['#general'], 'scattered letters find the channel');
    type(input, 'e');
    assert.ok(labels().length >= 2, `several matches for “e”: ${labels().join(', ')}`);
    const activeLabel = (): string | null | undefined =>
      document.getElementById(input.getAttribute('aria-activedescendant') ?? '')?.querySelector('.switcher-label')?.textContent;
    const first = activeLabel();
    key(input, 'ArrowDown');
    const second = activeLabel();
    assert.notEqual(second, first, 'ArrowDown moves the active option');
    assert.equal(host.querySelector('[aria-selected="true"] .switcher-label')?.textContent, second, 'the active option is the selected one');
    key(input, 'ArrowUp');
    assert.equal(activeLabel(), first, 'ArrowUp moves back');
    key(input, 'ArrowDown');
    key(input, 'Enter');
    const chosen = entries.find((e) => `#${e.label}` === second);
    assert.deepEqual(opened, [chosen?.channel._id], 'Enter opens the active option');
    key(input, 'Escape');
    assert.equal(closed, 1, 'Esc closes');
    act(() => root.unmount());
    assert.equal(document.activeElement, opener, 'the focus is back where it was');
    host.remove();
    opener.remove();
  });
});
