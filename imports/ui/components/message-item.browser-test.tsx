/**
 * MessageItem in Chromium: deleting a message asks inline (no browser dialog), with focus on the
 * confirming button, and Cancel leaves the message alone.
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Message } from '/imports/api/messages/collection';
import { MessageItem } from './message-item';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

const message: Message = {
  _id: 'mi-1',
  channelId: 'mi-channel',
  userId: 'u-self',
  text: 'a message to delete',
  createdAt: new Date(Date.UTC(2026, 0, 1, 9)),
  editedAt: null,
  threadId: null,
  replyCount: 0,
  lastReplyAt: null,
  reactions: [],
  mentionIds: [],
  attachment: null,
};

describe('MessageItem in the browser (delete asks inline)', () => {
  const dialogs: string[] = [];
  const nativeConfirm = window.confirm;
  before(() => {
    // A browser dialog would block the page; the row must never open one.
    window.confirm = (text?: string): boolean => {
      dialogs.push(String(text));
      return false;
    };
  });
  after(() => {
    window.confirm = nativeConfirm;
  });

  it('asks beside the button, focuses “Delete”, and Cancel puts the button back with focus', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    act(() =>
      root.render(
        <MessageItem
          message={message}
          author={undefined}
          startsGroup
          selfId="u-self"
          selfNames={[]}
          delivery="sent"
          canModerate={false}
          readOnly={false}
          nameOf={() => 'Someone'}
        />,
      ),
    );
    await frame();
    const start = host.querySelector<HTMLButtonElement>('button[aria-label="Delete message"]');
    assert.ok(start !== null, 'the delete button is there');
    act(() => start.click());
    await frame();
    assert.deepEqual(dialogs, [], 'no browser dialog');
    const step = host.querySelector('[role="group"][aria-label="Delete message"]');
    assert.ok(step !== null, 'the confirmation step is shown in the row');
    assert.match(step.textContent ?? '', /Delete this message for everyone\?/);
    assert.equal(document.activeElement?.textContent, 'Delete', 'focus is on the confirming button');

    const cancel = [...step.querySelectorAll('button')].find((b) => b.textContent === 'Cancel') as HTMLButtonElement;
    act(() => cancel.click());
    await frame();
    assert.equal(host.querySelector('[role="group"][aria-label="Delete message"]'), null, 'the question is gone');
    assert.equal(document.activeElement?.getAttribute('aria-label'), 'Delete message', 'focus is back on the delete button');
    assert.ok(host.querySelector('[data-message-id="mi-1"]') !== null, 'the message is still shown');
    act(() => root.unmount());
    host.remove();
  });
});
