// biome-ignore-all lint/correctness/noComponentHookFactories: the fake hooks close over each test's data on purpose
/**
 * Chromium tests of the tricky components, rendered with React into the test page with local
 * data only (the client collections are filled directly, no server involved).
 */
import assert from 'node:assert/strict';
import { act, useEffect, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { Message } from '/imports/api/messages/collection';
import { channelMembers, messages, people } from '/imports/ui/data/client-collections';
import { MarkdownView } from '/imports/ui/markdown/markdown-view';
import { drafts } from '/imports/ui/state/drafts';
import { outbox } from '/imports/ui/state/outbox';
import { Composer } from './composer';
import type { HistoryWindow } from './history-window';
import { MessageList } from './message-list';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function mount(): { host: HTMLDivElement; root: Root; unmount(): void } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  return {
    host,
    root,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds (the page may be slow under load); fails naming `what`. */
async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
  await frame();
}
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

describe('MarkdownView in the browser (injection attempts)', () => {
  const attacks = [
    '<img src=x onerror="window.__pwned=1">',
    '<script>window.__pwned=1</script>',
    '[click](javascript:window.__pwned=1)',
    '[x](data:text/html,<script>alert(1)</script>)',
    '**<b onmouseover="window.__pwned=1">bold</b>**',
    '```\n</code></pre><img src=x onerror=window.__pwned=1>\n```',
    '> <iframe src="javascript:alert(1)"></iframe>',
  ];

  for (const source of attacks) {
    it(`renders ${JSON.stringify(source.slice(0, 40))} as text, never as markup`, async () => {
      const view = mount();
      act(() => view.root.render(<MarkdownView source={source} />));
      await frame();
      const el = view.host;
      assert.equal(el.querySelectorAll('img, script, iframe, b').length, 0);
      for (const a of el.querySelectorAll('a')) assert.match(a.getAttribute('href') ?? '', /^https?:/);
      for (const node of el.querySelectorAll('*')) {
        for (const attr of node.getAttributeNames()) assert.ok(!attr.startsWith('on'), `event handler attribute ${attr}`);
      }
      assert.equal((window as { __pwned?: number }).__pwned, undefined);
      view.unmount();
    });
  }

  it('still renders the safe subset as formatting', () => {
    const view = mount();
    act(() => view.root.render(<MarkdownView source={'**b** _i_ ~~s~~ `c` [l](https://example.com)'} />));
    assert.equal(view.host.querySelector('strong')?.textContent, 'b');
    assert.equal(view.host.querySelector('em')?.textContent, 'i');
    assert.equal(view.host.querySelector('s')?.textContent, 's');
    assert.equal(view.host.querySelector('code')?.textContent, 'c');
    assert.equal(view.host.querySelector('a')?.getAttribute('rel'), 'noopener noreferrer nofollow');
    view.unmount();
  });
});

describe('Composer in the browser', () => {
  const channelId = 'composer-test';
  before(() => {
    people._collection.insert({ _id: 'u-ana', username: 'ana', profile: { name: 'Ana Lovelace' } });
    people._collection.insert({ _id: 'u-andy', username: 'andy', profile: { name: 'Andy Pham' } });
    // What channels.members would have sent for this channel.
    for (const userId of ['u-self', 'u-ana', 'u-andy']) channelMembers._collection.insert({ _id: `${channelId}:${userId}`, channelId, userId });
  });
  after(() => {
    people._collection.remove({ _id: { $in: ['u-ana', 'u-andy'] } });
    channelMembers._collection.remove({ channelId });
    outbox.remove({ channelId });
  });

  it('Enter sends (optimistically, into the outbox) and clears the draft; Shift+Enter does not send', async () => {
    const view = mount();
    act(() => view.root.render(<Composer channelId={channelId} threadId={null} placeholder="Message #t" selfId="u-self" disabledReason={null} />));
    const input = view.host.querySelector('textarea') as HTMLTextAreaElement;
    act(() => drafts.set(channelId, 'first line'));
    await frame();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    assert.equal(outbox.find({ channelId }).count(), 0);
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    await frame();
    const sent = outbox.find({ channelId }).fetch();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.text, 'first line');
    assert.equal(drafts.get(channelId), '');
    view.unmount();
  });

  it('offers channel members for @mentions and inserts the chosen username', async () => {
    const view = mount();
    act(() => view.root.render(<Composer channelId={channelId} threadId={null} placeholder="Message #t" selfId="u-self" disabledReason={null} />));
    const input = view.host.querySelector('textarea') as HTMLTextAreaElement;
    act(() => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
      setter?.call(input, 'hi @an');
      input.setSelectionRange(6, 6);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await frame();
    const options = [...view.host.querySelectorAll('[role="option"]')].map((o) => o.textContent ?? '');
    assert.equal(options.length, 2);
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    await frame();
    assert.match(drafts.get(channelId) ?? '', /^hi @(ana|andy) $/);
    assert.equal(outbox.find({ channelId }).count(), 1, 'choosing a mention must not send');
    view.unmount();
  });
});

describe('MessageList in the browser (history window and scroll anchoring)', () => {
  const channelId = 'list-test';
  const TOTAL = 200;
  const docFor = (i: number): Message => ({
    _id: `lm${String(i).padStart(4, '0')}`,
    channelId,
    userId: i % 3 === 0 ? 'u-ana' : 'u-self',
    text: `message number ${i}${i % 7 === 0 ? '\nwith a second line' : ''}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 9, 0, i)),
    editedAt: null,
    threadId: null,
    replyCount: 0,
    lastReplyAt: null,
    reactions: [],
    mentionIds: [],
    attachment: null,
  });
  const loadedLimits: number[] = [];

  /** Stands in for the subscription: makes the latest `limit` messages present, a frame later. */
  function useFakeHistory(id: string, window: HistoryWindow): boolean {
    const limit = window.kind === 'latest' ? window.limit : 0;
    const [loaded, setLoaded] = useState(0);
    // biome-ignore lint/correctness/useExhaustiveDependencies: a new channel id starts loading again, as the subscription does
    useEffect(() => {
      const timer = setTimeout(() => {
        for (let i = Math.max(0, TOTAL - limit); i < TOTAL; i++) {
          const doc = docFor(i);
          if (messages._collection.findOne({ _id: doc._id }) === undefined) messages._collection.insert({ ...doc });
        }
        loadedLimits.push(limit);
        setLoaded(limit);
      }, 10);
      return () => clearTimeout(timer);
    }, [id, limit]);
    return loaded < limit;
  }

  after(() => {
    messages._collection.remove({ channelId });
  });

  it('opens at the newest message and keeps the reader’s place while older pages load above', async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    try {
      await listScenario();
    } catch (error) {
      throw new Error(`${String(error)} ${(error as Error).stack ?? ''}`.slice(0, 1500));
    } finally {
      (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    }
  });

  async function listScenario(): Promise<void> {
    const view = mount();
    view.host.style.cssText = 'height: 400px; display: flex; flex-direction: column;';
    // The app stylesheet's layout rule for the scroller (the test bundle has no CSS).
    const style = document.createElement('style');
    style.textContent = '.message-scroller { flex: 1; min-height: 0; overflow-y: auto; }';
    document.head.append(style);
    // Real scheduling here (no act): the list reacts to scroll events and timers as in the app.
    view.root.render(<MessageList channelId={channelId} selfId="u-self" selfNames={[]} canModerate={false} readOnly={false} onOpenThread={() => undefined} pageSize={40} useHistory={useFakeHistory} />);
    await until('the first page renders', () => view.host.querySelectorAll('article.message').length === 40);
    const scroller = view.host.querySelector('.message-scroller') as HTMLDivElement;
    // Newest page rendered, pinned to the bottom.
    assert.equal(view.host.querySelectorAll('article.message').length, 40);
    const last = view.host.querySelector(`[data-message-id="${docFor(TOTAL - 1)._id}"]`) as HTMLElement;
    assert.ok(last.getBoundingClientRect().bottom <= scroller.getBoundingClientRect().bottom + 1, 'newest message visible');

    // Scroll to near the top: the window grows by a page and the same message stays put.
    scroller.scrollTop = 50;
    const anchorEl = view.host.querySelector(`[data-message-id="${docFor(TOTAL - 38)._id}"]`) as HTMLElement;
    // Positions relative to the scroller: the page around the test host may move meanwhile.
    const before = anchorEl.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    scroller.dispatchEvent(new Event('scroll'));
    await until('the second page renders', () => loadedLimits.includes(80) && view.host.querySelectorAll('article.message').length === 80);
    await frame();
    assert.deepEqual(loadedLimits.slice(-1), [80]);
    assert.equal(view.host.querySelectorAll('article.message').length, 80);
    const after = (view.host.querySelector(`[data-message-id="${docFor(TOTAL - 38)._id}"]`) as HTMLElement).getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    assert.ok(Math.abs(after - before) <= 2, `anchored message moved by ${after - before}px`);
    view.root.unmount();
    view.host.remove();
    style.remove();
  }
});

describe('MessageList in the browser (a window around a message)', () => {
  const channelId = 'around-test';
  const ANCHOR = 100;
  const docFor = (i: number): Message => ({
    _id: `am${String(i).padStart(4, '0')}`,
    channelId,
    userId: 'u-ana',
    text: `around message ${i}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 9, 0, i)),
    editedAt: null,
    threadId: null,
    replyCount: 0,
    lastReplyAt: null,
    reactions: [],
    mentionIds: [],
    attachment: null,
  });

  /** Stands in for messages.around: the anchor with `before` older and `after` newer messages present, a tick later. */
  function useFakeAround(_id: string, window: HistoryWindow): boolean {
    const span = window.kind === 'around' ? [ANCHOR - window.before, ANCHOR + window.after] : [0, -1];
    const [loaded, setLoaded] = useState(false);
    useEffect(() => {
      const timer = setTimeout(() => {
        for (let i = span[0] ?? 0; i <= (span[1] ?? -1); i++) {
          const doc = docFor(i);
          if (messages._collection.findOne({ _id: doc._id }) === undefined) messages._collection.insert({ ...doc });
        }
        setLoaded(true);
      }, 10);
      return () => clearTimeout(timer);
    }, [span[0], span[1]]);
    return !loaded;
  }

  after(() => {
    messages._collection.remove({ channelId });
  });

  it('keeps the neighbours on screen when the opened message is deleted', async () => {
    // Real scheduling (no act): the subscription stand-in loads on a timer, as in the app.
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    try {
      const view = mount();
      const shown = (i: number): boolean => view.host.querySelector(`[data-message-id="${docFor(i)._id}"]`) !== null;
      view.root.render(
        <MessageList channelId={channelId} selfId="u-self" selfNames={[]} canModerate={false} readOnly={false} onOpenThread={() => undefined} anchorId={docFor(ANCHOR)._id} targetId={docFor(ANCHOR)._id} onJumpToLatest={() => undefined} pageSize={10} useHistory={useFakeAround} />,
      );
      await until('the window around the message renders', () => shown(ANCHOR - 1) && shown(ANCHOR) && shown(ANCHOR + 1));
      messages._collection.remove({ _id: docFor(ANCHOR)._id });
      await until('the deleted message leaves the list', () => !shown(ANCHOR));
      assert.ok(shown(ANCHOR - 1) && shown(ANCHOR + 1), 'the older and newer neighbours are still listed');
      assert.equal(view.host.querySelectorAll('article.message').length, 20);
      view.root.unmount();
      view.host.remove();
    } finally {
      (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    }
  });
});
