/**
 * The admin's custom emoji section in Chromium, with local data only (the custom emoji
 * collection is filled directly): the list live, and files refused before an upload.
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { ClientCollection } from 'meteor/mongo';
import { type CustomEmoji, CustomEmojis, MAX_CUSTOM_EMOJI_BYTES } from '/imports/api/emoji/collection';
import { CustomEmojiSection } from './custom-emoji-section';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const customEmojis = CustomEmojis as unknown as ClientCollection<CustomEmoji>;
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function mount(): { host: HTMLDivElement; unmount(): void } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => root.render(<CustomEmojiSection />));
  return {
    host,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

const listed = (host: HTMLElement): string[] => [...host.querySelectorAll('.custom-emoji-list code')].map((c) => c.textContent ?? '');

function type(input: HTMLInputElement, text: string): void {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function choose(input: HTMLInputElement, file: File): void {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  act(() => {
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('CustomEmojiSection in the browser', () => {
  before(() => {
    customEmojis._collection.insert({ _id: 'ce-b', name: 'ce-blob', fileId: 'ce-f1', createdBy: 'ce-admin', createdAt: new Date() });
    customEmojis._collection.insert({ _id: 'ce-a', name: 'ce-alpaca', fileId: 'ce-f2', createdBy: 'ce-admin', createdAt: new Date() });
  });
  after(() => {
    customEmojis._collection.remove({ _id: { $in: ['ce-a', 'ce-b', 'ce-c'] } });
  });

  it('lists the workspace’s emoji by name with a named Remove each, live as they come and go', async () => {
    const view = mount();
    await frame();
    assert.deepEqual(listed(view.host), [':ce-alpaca:', ':ce-blob:']);
    assert.ok(view.host.querySelector('button[aria-label="Remove :ce-blob:"]'));
    act(() => {
      customEmojis._collection.insert({ _id: 'ce-c', name: 'ce-cat', fileId: 'ce-f3', createdBy: 'ce-admin', createdAt: new Date() });
      customEmojis._collection.remove({ _id: 'ce-a' });
    });
    await frame();
    assert.deepEqual(listed(view.host), [':ce-blob:', ':ce-cat:']);
    view.unmount();
  });

  it('takes names in lower case, and refuses a file that is not an image or too large, with the reason, before uploading', async () => {
    const view = mount();
    const name = view.host.querySelector('input:not([type])') as HTMLInputElement;
    type(name, 'Party_Parrot');
    assert.equal(name.value, 'party_parrot');
    const image = view.host.querySelector('input[type="file"]') as HTMLInputElement;
    const form = view.host.querySelector('form') as HTMLFormElement;
    for (const file of [
      new File(['<svg/>'], 'parrot.svg', { type: 'image/svg+xml' }),
      new File([new Uint8Array(MAX_CUSTOM_EMOJI_BYTES + 1)], 'huge.png', { type: 'image/png' }),
    ]) {
      choose(image, file);
      await act(async () => {
        form.requestSubmit();
        await frame();
      });
      assert.match(view.host.querySelector('[role="alert"]')?.textContent ?? '', /Choose a PNG, JPEG, GIF or WebP image of at most 256 KB/, file.name);
    }
    view.unmount();
  });
});
