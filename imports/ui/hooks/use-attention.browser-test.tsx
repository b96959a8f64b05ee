/**
 * Chromium tests of what reaches a person's attention, rendered with local data only: a mute
 * that ends by itself on the clock, and the per-person sound and desktop switches.
 *
 * The page cannot observe the browser's own notification banner or the speaker, so the sound and
 * desktop tests record at the page's boundary (AudioContext oscillators, Notification constructions)
 * and assert the hook's decision.
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Tracker } from 'meteor/tracker';
import type { NotifyPrefs } from '/imports/api/users/user-profile';
import { channels, memberships } from '/imports/ui/data/client-collections';
import { useMentionNotifications, usePageTitle } from './use-attention';
import { useMyChannels } from './use-channels';
import type { Clock } from './use-clock';
import { ManualClock } from './manual-clock';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const SELF = 'u-attention';

function Probe({ clock, prefs, workspaceName }: { clock: Clock; prefs: NotifyPrefs; workspaceName?: string }) {
  const mine = useMyChannels(SELF, clock);
  const entries = [...mine.channels, ...mine.direct];
  usePageTitle(entries, workspaceName);
  useMentionNotifications(entries, prefs);
  return (
    <ul>
      {entries.map((entry) => (
        <li key={entry.channel._id} data-channel={entry.channel._id} data-level={entry.level} />
      ))}
    </ul>
  );
}

function mount(clock: Clock, prefs: NotifyPrefs): { host: HTMLElement; root: Root; rerender(prefs: NotifyPrefs): void; unmount(): void } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => root.render(<Probe clock={clock} prefs={prefs} />));
  return {
    host,
    root,
    rerender: (next) => act(() => root.render(<Probe clock={clock} prefs={next} />)),
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

function addChannel(id: string, membership: { unread: number; mentions: number; mutedUntil?: Date }): void {
  channels._collection.insert({ _id: id, name: id, kind: 'public', memberCount: 2, joined: true, lastMessageAt: new Date(0), createdAt: new Date(0) } as never);
  memberships._collection.insert({ _id: `${id}:${SELF}`, channelId: id, userId: SELF, joinedAt: new Date(0), lastReadAt: new Date(0), ...membership });
}

/** Changes a membership's counters as a publication would, and lets the trackers re-run. */
function setCounts(membershipId: string, mentions: number): void {
  act(() => {
    memberships._collection.update({ _id: membershipId }, { $set: { unread: mentions, mentions } });
    Tracker.flush();
  });
}

function removeChannel(id: string): void {
  channels._collection.remove({ _id: id });
  memberships._collection.remove({ channelId: id });
}

describe('attention in the browser (mutes, sounds, desktop notifications)', () => {
  const quiet: NotifyPrefs = { desktop: false, sounds: false };

  it('a muted channel counts again in the title once its mute ends, with no data change', () => {
    const clock = new ManualClock();
    addChannel('att-muted', { unread: 3, mentions: 0, mutedUntil: new Date(clock.now() + 60_000) });
    const view = mount(clock, quiet);
    try {
      assert.equal(document.title, 'Perseid', 'a muted channel adds nothing to the title');
      assert.equal(view.host.querySelector('[data-channel="att-muted"]')?.getAttribute('data-level'), 'nothing');
      act(() => clock.advance(59_000));
      assert.equal(document.title, 'Perseid', 'still muted a second before the end');
      act(() => clock.advance(1_001));
      assert.equal(document.title, '(3) Perseid');
      assert.equal(view.host.querySelector('[data-channel="att-muted"]')?.getAttribute('data-level'), 'all');
    } finally {
      view.unmount();
      removeChannel('att-muted');
    }
  });

  it("titles the page with the workspace's name, after the unread count, and follows a rename", () => {
    addChannel('att-named', { unread: 2, mentions: 0 });
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    const clock = new ManualClock();
    try {
      act(() => root.render(<Probe clock={clock} prefs={quiet} workspaceName="Acme" />));
      assert.equal(document.title, '(2) Acme');
      act(() => root.render(<Probe clock={clock} prefs={quiet} workspaceName="Acme Labs" />));
      assert.equal(document.title, '(2) Acme Labs');
    } finally {
      act(() => root.unmount());
      host.remove();
      removeChannel('att-named');
    }
  });

  it('chimes on a new mention only while sounds are on', () => {
    const original = globalThis.AudioContext;
    let oscillators = 0;
    globalThis.AudioContext = class extends original {
      override createOscillator(): OscillatorNode {
        oscillators += 1;
        return super.createOscillator();
      }
    };
    addChannel('att-sound', { unread: 0, mentions: 0 });
    const view = mount(new ManualClock(), { desktop: false, sounds: true });
    try {
      setCounts(`att-sound:${SELF}`, 1);
      assert.ok(oscillators > 0, 'a mention with sounds on plays the chime');
      const afterFirst = oscillators;
      view.rerender(quiet);
      setCounts(`att-sound:${SELF}`, 2);
      assert.equal(oscillators, afterFirst, 'no chime once sounds are off');
    } finally {
      view.unmount();
      removeChannel('att-sound');
      globalThis.AudioContext = original;
    }
  });

  it('shows a desktop notification for a mention in a hidden tab only while desktop notifications are on', () => {
    const original = globalThis.Notification;
    const shown: Array<{ title: string; tag: string | undefined }> = [];
    globalThis.Notification = class {
      static readonly permission = 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, tag: options?.tag });
      }
    } as unknown as typeof Notification;
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    addChannel('att-desk', { unread: 0, mentions: 0 });
    const view = mount(new ManualClock(), { desktop: true, sounds: false });
    try {
      setCounts(`att-desk:${SELF}`, 1);
      assert.deepEqual(shown, [{ title: 'You were mentioned in #att-desk', tag: 'att-desk' }]);
      view.rerender(quiet);
      setCounts(`att-desk:${SELF}`, 2);
      assert.equal(shown.length, 1, 'no notification once desktop notifications are off');
    } finally {
      view.unmount();
      removeChannel('att-desk');
      delete (document as { visibilityState?: unknown }).visibilityState;
      globalThis.Notification = original;
    }
  });
});
