/**
 * The channel details panel's notification section in Chromium, with local data only (the
 * membership is written to the client collection directly) and a clock the test moves.
 */
import assert from 'node:assert/strict';
import { Tracker } from 'meteor/tracker';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { membershipId } from '/imports/api/channels/collection';
import { memberships } from '/imports/ui/data/client-collections';
import { ManualClock } from '/imports/ui/hooks/manual-clock';
import { NotificationSettings } from './notification-settings';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const SELF = 'ns-self';
const HOUR = 60 * 60_000;
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function mount(channelId: string, clock: ManualClock): { host: HTMLDivElement; unmount(): void } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => root.render(<NotificationSettings channelId={channelId} selfId={SELF} clock={clock} />));
  return {
    host,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

const checkedLevel = (host: HTMLElement): string | undefined =>
  host.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.parentElement?.textContent ?? undefined;
const status = (host: HTMLElement): string => host.querySelector('[role="status"]')?.textContent ?? '';
const buttons = (host: HTMLElement): string[] => [...host.querySelectorAll('button')].map((b) => b.textContent ?? '');

function update(channelId: string, set: Record<string, unknown>): void {
  act(() => {
    memberships._collection.update({ _id: membershipId(channelId, SELF) }, { $set: set });
    // The section reads through a tracker, which re-runs at the next flush: flushed here, inside act.
    Tracker.flush();
  });
}

describe('NotificationSettings in the browser', () => {
  before(() => {
    for (const channelId of ['ns-room', 'ns-other']) {
      memberships._collection.insert({
        _id: membershipId(channelId, SELF),
        channelId,
        userId: SELF,
        joinedAt: new Date(0),
        lastReadAt: new Date(0),
        unread: 0,
        mentions: 0,
      });
    }
  });
  afterEach(() => {
    memberships._collection.update({ userId: SELF }, { $unset: { notify: 1 }, $set: { mutedUntil: null } }, { multi: true });
  });
  after(() => {
    memberships._collection.remove({ userId: SELF });
  });

  it('shows the member’s own level, “All messages” when none is set, and follows a change live', async () => {
    const view = mount('ns-room', new ManualClock());
    await frame();
    assert.equal(checkedLevel(view.host), 'All messages');
    assert.equal(view.host.querySelector('legend')?.textContent, 'Notify me about');
    update('ns-room', { notify: 'mentions' });
    assert.equal(checkedLevel(view.host), 'Mentions and direct messages only');
    update('ns-room', { notify: 'nothing' });
    assert.equal(checkedLevel(view.host), 'Nothing');
    view.unmount();
    const other = mount('ns-other', new ManualClock());
    assert.equal(checkedLevel(other.host), 'All messages', 'another channel keeps its own level');
    other.unmount();
  });

  it('says until when it is muted, offers Unmute, and turns back to “Not muted” when the mute ends, with no data change', async () => {
    const clock = new ManualClock();
    const view = mount('ns-room', clock);
    assert.equal(status(view.host), 'Not muted');
    assert.ok(!buttons(view.host).includes('Unmute'));
    update('ns-room', { mutedUntil: new Date(clock.now() + HOUR) });
    assert.match(status(view.host), /^Muted until /);
    assert.ok(buttons(view.host).includes('Unmute'));
    act(() => clock.advance(HOUR - 1));
    assert.match(status(view.host), /^Muted until /, 'still muted a moment before the end');
    act(() => clock.advance(1));
    assert.equal(status(view.host), 'Not muted');
    assert.ok(!buttons(view.host).includes('Unmute'));
    view.unmount();
  });

  it('says why a change was refused', async () => {
    // The test page is signed out, so the call is refused: the path of any refusal.
    const view = mount('ns-room', new ManualClock());
    const muteHour = [...view.host.querySelectorAll('button')].find((b) => b.textContent === 'Mute for 1 hour');
    await act(async () => {
      muteHour?.click();
      for (let i = 0; i < 100 && view.host.querySelector('[role="alert"]') === null; i++) await frame();
    });
    assert.ok((view.host.querySelector('[role="alert"]')?.textContent ?? '').length > 0, 'the refusal is said');
    assert.equal(status(view.host), 'Not muted');
    view.unmount();
  });
});
