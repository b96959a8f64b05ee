/**
 * Chromium tests of the composer's guard for @here/@channel/@all in large channels, rendered
 * with local data only (the client collections are filled directly, no server involved).
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { broadcastMemberThreshold } from '/imports/api/messages/broadcast-mentions';
import { channels } from '/imports/ui/data/client-collections';
import { drafts } from '/imports/ui/state/drafts';
import { outbox } from '/imports/ui/state/outbox';
import { Composer } from './composer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** The part of a channel summary the composer reads. */
function room(_id: string, memberCount: number, ownerIds: string[]): Record<string, unknown> {
  return { _id, name: _id, kind: 'public', memberCount, ownerIds, joined: true };
}

async function typeAndSend(channelId: string, text: string): Promise<{ host: HTMLDivElement; unmount(): void }> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => root.render(<Composer channelId={channelId} threadId={null} placeholder="Message #t" selfId="u-self" disabledReason={null} />));
  act(() => drafts.set(channelId, text));
  await frame();
  const input = host.querySelector('textarea') as HTMLTextAreaElement;
  act(() => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  });
  await frame();
  return {
    host,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

describe('Composer in the browser (@here/@channel/@all in a large channel)', () => {
  const large = broadcastMemberThreshold() + 1;
  before(() => {
    channels._collection.insert(room('bc-owned', large, ['u-self']));
    channels._collection.insert(room('bc-member', large, ['u-other']));
    channels._collection.insert(room('bc-small', broadcastMemberThreshold(), ['u-other']));
  });
  after(() => {
    channels._collection.remove({ _id: { $in: ['bc-owned', 'bc-member', 'bc-small'] } });
    outbox.remove({ channelId: { $in: ['bc-owned', 'bc-member', 'bc-small'] } });
  });

  it('asks the channel owner before sending, and sends confirmed only after “Send anyway”', async () => {
    const view = await typeAndSend('bc-owned', '@channel all hands at 3');
    assert.equal(outbox.find({ channelId: 'bc-owned' }).count(), 0, 'nothing sent before the confirmation');
    const dialog = view.host.querySelector('[role="alertdialog"]');
    assert.ok(dialog !== null, 'a confirmation is shown');
    assert.match(dialog.textContent ?? '', new RegExp(`notify ${large} members`));
    const confirm = [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Send anyway');
    assert.equal(document.activeElement, confirm, 'the confirmation takes the focus');
    act(() => confirm?.click());
    await frame();
    const sent = outbox.find({ channelId: 'bc-owned' }).fetch();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.text, '@channel all hands at 3');
    assert.equal(sent[0]?.broadcast, 'confirmed');
    assert.equal(view.host.querySelector('[role="alertdialog"]'), null);
    view.unmount();
  });

  it('tells a member without the role that they may not, and sends nothing', async () => {
    const view = await typeAndSend('bc-member', '@here anyone around?');
    assert.match(view.host.querySelector('[role="alert"]')?.textContent ?? '', /Only channel owners and admins/);
    assert.equal(outbox.find({ channelId: 'bc-member' }).count(), 0);
    assert.equal(drafts.get('bc-member'), '@here anyone around?', 'the draft stays to be edited');
    view.unmount();
  });

  it('sends at once in a channel at the threshold', async () => {
    const view = await typeAndSend('bc-small', '@all lunch?');
    assert.equal(view.host.querySelector('.broadcast-confirm'), null);
    assert.equal(outbox.find({ channelId: 'bc-small' }).fetch()[0]?.broadcast, 'unconfirmed');
    view.unmount();
  });
});
