/**
 * MessageList in Chromium: scrolling by pages, scroll anchoring and the bounded window, with
 * the subscriptions replaced by a stand-in server that fills the client collection as the real
 * publications would (same page rules), a few milliseconds later.
 */
import assert from 'node:assert/strict';
import { useEffect, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { Message } from '/imports/api/messages/collection';
import { messages } from '/imports/ui/data/client-collections';
import { extendWindow, initialWindow, MAX_WINDOW_PAGES, windowKey } from './history-window';
import type { HistoryPage, HistoryWindow } from './history-window';
import { messageItemRenders } from './message-item';
import { MessageList, messageListRenders } from './message-list';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Polls until `predicate` holds (the page may be slow under load); fails naming `what`. */
async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
  await frame();
}

/** Renders with real scheduling (no act): the list reacts to scroll events and timers as in the app. */
async function withRealScheduling(run: () => Promise<void>): Promise<void> {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  try {
    await run();
  } catch (error) {
    throw new Error(`${String(error)} ${(error as Error).stack ?? ''}`.slice(0, 1500));
  } finally {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  }
}

function mountList(): { host: HTMLDivElement; root: Root; scroller(): HTMLDivElement; remove(): void } {
  const host = document.createElement('div');
  host.style.cssText = 'height: 400px; display: flex; flex-direction: column;';
  document.body.append(host);
  // The app stylesheet's layout rule for the scroller (the test bundle has no CSS).
  const style = document.createElement('style');
  style.textContent = '.message-scroller { flex: 1; min-height: 0; overflow-y: auto; }';
  document.head.append(style);
  const root = createRoot(host);
  return {
    host,
    root,
    scroller: () => host.querySelector('.message-scroller') as HTMLDivElement,
    remove: () => {
      root.unmount();
      host.remove();
      style.remove();
    },
  };
}

/** `count` messages of one channel, one a second, oldest first; some with a second line. */
function history(channelId: string, prefix: string, count: number): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    _id: `${prefix}${String(i).padStart(5, '0')}`,
    channelId,
    userId: i % 3 === 0 ? 'u-ana' : 'u-self',
    text: `message number ${i}${i % 7 === 0 ? '\nwith a second line' : ''}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 9, 0, 0) + i * 1000),
    editedAt: null,
    threadId: null,
    replyCount: 0,
    lastReplyAt: null,
    reactions: [],
    mentionIds: [],
    attachment: null,
  }));
}

/**
 * The publications' page rules over `all` (oldest first, distinct times): what the server would
 * publish for one page. Pages hold the documents present when subscribed.
 */
function serverPage(all: readonly Message[], page: HistoryPage, pageSize: number): Message[] {
  const indexAt = (at: Date, id: string): number => all.findIndex((m) => m.createdAt.getTime() === at.getTime() && m._id === id);
  switch (page.kind) {
    case 'live':
      return page.since === null ? all.slice(-pageSize) : all.filter((m) => m.createdAt >= (page.since?.at ?? new Date(0)));
    case 'before': {
      const i = indexAt(page.cursor.at, page.cursor.id);
      return all.slice(Math.max(0, i - pageSize), i);
    }
    case 'after': {
      const i = indexAt(page.cursor.at, page.cursor.id);
      return all.slice(i + 1, i + 1 + pageSize);
    }
    case 'around': {
      const i = all.findIndex((m) => m._id === page.anchorId);
      return all.slice(Math.max(0, i - pageSize), i + 1 + pageSize);
    }
    default:
      return page satisfies never;
  }
}

/**
 * Stands in for the subscriptions: a frame or two after the window changes, the client collection
 * holds exactly the union of its pages (a dropped page's documents leave, as on unsubscribe).
 * `log` receives each window as it is loaded; with `readyAfterMs` the window reports loaded that
 * much later than its rows arrive.
 */
function fakeServer(all: readonly Message[], log: HistoryWindow[] = [], readyAfterMs = 0) {
  // biome-ignore lint/correctness/noComponentHookFactories: the fake stands in for the list's subscription hook over this test's data; each test makes one and passes it for the list's whole life
  return function useFakeHistory(channelId: string, window: HistoryWindow, pageSize: number): boolean {
    const key = windowKey(window);
    const [loaded, setLoaded] = useState<string | null>(null);
    // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the window; a new object for the same window is the same request
    useEffect(() => {
      const timer = setTimeout(() => {
        const held = new Map(window.pages.flatMap((page) => serverPage(all, page, pageSize)).map((m) => [m._id, m] as const));
        messages._collection.remove({ channelId, _id: { $nin: [...held.keys()] } });
        for (const doc of held.values()) if (messages._collection.findOne({ _id: doc._id }) === undefined) messages._collection.insert({ ...doc });
        log.push(window);
        // `readyAfterMs`: the rows are in, but another subscription of the window is not ready yet.
        if (readyAfterMs === 0) setLoaded(key);
        else ready = setTimeout(() => setLoaded(key), readyAfterMs);
      }, 10);
      let ready: ReturnType<typeof setTimeout> | undefined;
      return () => {
        clearTimeout(timer);
        if (ready !== undefined) clearTimeout(ready);
      };
    }, [channelId, key, pageSize]);
    return loaded !== key;
  };
}

/** Stands in for the workspace page, which renders again for every message in the channel, each time with fresh callbacks. */
function WorkspaceStandIn(props: {
  channelId: string;
  pageSize: number;
  useHistory: (channelId: string, window: HistoryWindow, pageSize: number) => boolean;
  bump: { current: () => void };
}) {
  const [n, setN] = useState(0);
  props.bump.current = () => setN((v) => v + 1);
  return (
    <div data-workspace-render={n} style={{ display: 'contents' }}>
      <MessageList
        channelId={props.channelId}
        selfId="u-self"
        selfNames={SELF_NAMES}
        canModerate={false}
        readOnly={false}
        onOpenThread={() => undefined}
        onJumpToLatest={() => undefined}
        pageSize={props.pageSize}
        useHistory={props.useHistory}
      />
    </div>
  );
}
const SELF_NAMES: readonly string[] = [];

/** The messages rendered in the DOM (a contiguous run of the window, only those in and near the view). */
const shownIds = (host: HTMLElement): string[] => [...host.querySelectorAll<HTMLElement>('article.message')].map((el) => el.dataset['messageId'] ?? '');
/** The window the list holds, rendered or not: its size and its oldest and newest message. */
const heldCount = (host: HTMLElement): number => Number((host.querySelector('[role="log"]') as HTMLElement | null)?.dataset['held'] ?? 0);
const heldFirst = (host: HTMLElement): string | undefined => (host.querySelector('[role="log"]') as HTMLElement | null)?.dataset['firstMessageId'];
const heldLast = (host: HTMLElement): string | undefined => (host.querySelector('[role="log"]') as HTMLElement | null)?.dataset['lastMessageId'];
const topOf = (el: Element, scroller: Element): number => el.getBoundingClientRect().top - scroller.getBoundingClientRect().top;

describe('MessageList in the browser (pages by position and scroll anchoring)', function () {
  this.timeout(120_000);
  const channelId = 'list-test';
  const PAGE = 40;
  const all = history(channelId, 'lm', 1500);

  // Each list starts from an empty collection, as a page load does: its first rows are its own page's.
  beforeEach(() => {
    messages._collection.remove({ channelId });
  });
  after(() => {
    messages._collection.remove({ channelId });
  });

  it('opens at the newest message and keeps the reader’s place while an older page loads above', () =>
    withRealScheduling(async () => {
      const view = mountList();
      const loads: HistoryWindow[] = [];
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={PAGE}
          useHistory={fakeServer(all, loads)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === PAGE);
      const scroller = view.scroller();
      const last = view.host.querySelector(`[data-message-id="${all[all.length - 1]?._id ?? ''}"]`) as HTMLElement;
      assert.ok(last.getBoundingClientRect().bottom <= scroller.getBoundingClientRect().bottom + 1, 'newest message visible');

      // Clear of the edge first, so the row is rendered and measured before the page is asked for.
      const kept = all[all.length - 38]?._id ?? '';
      scroller.scrollTop = 200;
      scroller.dispatchEvent(new Event('scroll'));
      await until('the rows near the top render', () => view.host.querySelector(`[data-message-id="${kept}"]`) !== null);
      // Where the row will be once the view is at 50 (the list may have moved the view to hold its row while rendering).
      const before = topOf(view.host.querySelector(`[data-message-id="${kept}"]`) as HTMLElement, scroller) + (scroller.scrollTop - 50);
      scroller.scrollTop = 50;
      scroller.dispatchEvent(new Event('scroll'));
      await until('the second page renders', () => heldCount(view.host) === 2 * PAGE);
      await frame();
      // One fixed page below the oldest message shown, not a bigger "latest" read.
      assert.deepEqual(
        loads[loads.length - 1]?.pages.map((p) => p.kind),
        ['before', 'live'],
      );
      const after = topOf(view.host.querySelector(`[data-message-id="${kept}"]`) as HTMLElement, scroller);
      assert.ok(Math.abs(after - before) <= 2, `anchored message moved by ${after - before}px`);
      view.remove();
    }));

  it('renders one row, not the list, when a new message arrives at the live end', () =>
    withRealScheduling(async () => {
      const view = mountList();
      const recent = all.slice(0, 3 * PAGE);
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={PAGE}
          useHistory={fakeServer(recent)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === PAGE);
      await frame();
      const last = recent[recent.length - 1] as Message;
      for (let n = 1; n <= 3; n += 1) {
        const before = messageItemRenders.count;
        // Another person's message, as the live page's subscription would add it.
        const arriving: Message = { ...last, _id: `new-${n}`, userId: 'u-ana', text: `arrived ${n}`, createdAt: new Date(last.createdAt.getTime() + n * 1000) };
        messages._collection.insert({ ...arriving });
        await until(`message ${n} is shown`, () => shownIds(view.host).at(-1) === arriving._id);
        await frame();
        // The new row, and at most the row that now starts the page (the oldest left the page).
        const rendered = messageItemRenders.count - before;
        assert.ok(rendered >= 1 && rendered <= 2, `message ${n} rendered ${rendered} rows`);
      }
      view.remove();
    }));

  it('does not render again when the workspace around it renders with fresh callbacks (a channel’s lastMessageAt or unread count changed)', () =>
    withRealScheduling(async () => {
      const view = mountList();
      const recent = all.slice(0, 2 * PAGE);
      const server = fakeServer(recent);
      const bump = { current: (): void => undefined };
      view.root.render(<WorkspaceStandIn channelId={channelId} pageSize={PAGE} useHistory={server} bump={bump} />);
      await until('the first page renders', () => heldCount(view.host) === PAGE);
      await sleep(100);
      const lists = messageListRenders.count;
      const rows = messageItemRenders.count;
      for (let n = 1; n <= 3; n += 1) {
        bump.current();
        await until(`workspace render ${n}`, () => view.host.querySelector(`[data-workspace-render="${n}"]`) !== null);
      }
      assert.equal(messageListRenders.count - lists, 0, 'the list rendered again');
      assert.equal(messageItemRenders.count - rows, 0, 'rows rendered again');
      view.remove();
    }));

  it('tells a screen reader about another person’s new message only, not about rows mounted while scrolling or an older page', () =>
    withRealScheduling(async () => {
      const view = mountList();
      const recent = all.slice(0, 3 * PAGE);
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={PAGE}
          useHistory={fakeServer(recent)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === PAGE);
      const log = view.host.querySelector('[role="log"]') as HTMLElement;
      const status = (): string => view.host.querySelector('[data-arrival-announcement]')?.textContent ?? '';
      // The list mounts rows as the reader scrolls: as a live region it would read them again.
      assert.equal(log.getAttribute('aria-live'), 'off');
      assert.equal(status(), '', 'opening the channel announces nothing');
      const scroller = view.scroller();
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event('scroll'));
      await until('the older page renders', () => heldCount(view.host) === 2 * PAGE);
      assert.equal(status(), '', 'an older page announces nothing');
      const last = recent[recent.length - 1] as Message;
      const own: Message = { ...last, _id: 'own-1', userId: 'u-self', text: 'my own', createdAt: new Date(last.createdAt.getTime() + 1000) };
      messages._collection.insert({ ...own });
      await until('the own message is held', () => heldLast(view.host) === own._id);
      assert.equal(status(), '', 'the reader’s own message is not read back');
      const arriving: Message = { ...last, _id: 'other-1', userId: 'u-ana', text: 'hello from ana', createdAt: new Date(last.createdAt.getTime() + 2000) };
      messages._collection.insert({ ...arriving });
      await until('the arriving message is held', () => heldLast(view.host) === arriving._id);
      assert.match(status(), /: hello from ana$/);
      view.remove();
    }));

  it('scrolls back 30 pages with the rows on screen bounded, each page the right messages in order, and forward again to the live end', () =>
    withRealScheduling(async () => {
      const view = mountList();
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={PAGE}
          useHistory={fakeServer(all)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === PAGE);
      const scroller = view.scroller();
      const bound = MAX_WINDOW_PAGES * PAGE;
      let maxRows = 0;
      for (let page = 1; page <= 30; page++) {
        const oldest = all.length - (page + 1) * PAGE;
        const keptId = heldFirst(view.host) ?? '';
        scroller.scrollTop = 0;
        scroller.dispatchEvent(new Event('scroll'));
        await until(`page ${page} back renders`, () => heldFirst(view.host) === all[oldest]?._id, 8000);
        await until(`page ${page} back settles`, () => view.host.querySelector('.history-edge .muted')?.textContent?.startsWith('Loading') !== true);
        const ids = shownIds(view.host);
        maxRows = Math.max(maxRows, heldCount(view.host));
        // A contiguous run of the channel, oldest first, starting exactly one page further back.
        const start = all.findIndex((m) => m._id === ids[0]);
        assert.deepEqual(
          ids,
          all.slice(start, start + ids.length).map((m) => m._id),
          `page ${page}: rows out of order or with a gap`,
        );
        assert.ok(heldCount(view.host) <= bound, `page ${page}: ${heldCount(view.host)} rows held, more than ${bound}`);
        assert.ok(ids.length < bound, `page ${page}: all ${ids.length} rows held are rendered`);
        // The message that was at the top is still where the reader left it (just below the new page).
        const kept = view.host.querySelector(`[data-message-id="${keptId}"]`);
        assert.ok(kept !== null && topOf(kept, scroller) > 0, `page ${page}: the previous top message left the screen area`);
      }
      assert.equal(maxRows, bound, 'the window filled up to its bound');
      assert.ok(messages.find({ channelId }).count() <= bound, 'dropped pages leave the client collection');
      assert.equal(view.host.querySelector('.jump-latest')?.textContent?.trim(), 'Jump to latest');

      // Forward again: each scroll to the bottom loads the next newer page until the live end.
      for (let step = 0; step < 40 && heldLast(view.host) !== all[all.length - 1]?._id; step++) {
        const newestShown = heldLast(view.host);
        scroller.scrollTop = scroller.scrollHeight;
        scroller.dispatchEvent(new Event('scroll'));
        await until(`newer page ${step + 1} renders`, () => heldLast(view.host) !== newestShown, 8000);
        const ids = shownIds(view.host);
        const start = all.findIndex((m) => m._id === ids[0]);
        assert.deepEqual(
          ids,
          all.slice(start, start + ids.length).map((m) => m._id),
          `newer page ${step + 1}: rows out of order or with a gap`,
        );
        assert.ok(heldCount(view.host) <= bound + PAGE, `newer page ${step + 1}: ${heldCount(view.host)} rows`);
      }
      assert.equal(heldLast(view.host), all[all.length - 1]?._id, 'back at the newest message');
      // A full last page cannot tell it was the last: one more look past it finds nothing newer.
      scroller.scrollTop = scroller.scrollHeight;
      scroller.dispatchEvent(new Event('scroll'));
      await until('the list follows the live end again', () => view.host.querySelector('.jump-latest') === null);
      view.remove();
    }));

  it('loads the next page for a reader who reached the top while the window was still loading, once it has loaded', () =>
    withRealScheduling(async () => {
      const view = mountList();
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={PAGE}
          useHistory={fakeServer(all, [], 300)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === PAGE);
      await until('the first page is loaded', () => view.host.querySelector('.history-edge .muted')?.textContent?.startsWith('Loading') !== true);
      const scroller = view.scroller();
      for (let page = 1; page <= 3; page++) {
        const oldest = all.length - (page + 1) * PAGE;
        scroller.scrollTop = 0;
        scroller.dispatchEvent(new Event('scroll'));
        await until(`page ${page} back shows`, () => heldFirst(view.host) === all[oldest]?._id, 8000);
        // Its rows are in, the window not yet loaded: the reader goes on to the top and stops there.
        scroller.scrollTop = 0;
        scroller.dispatchEvent(new Event('scroll'));
      }
      await until('the page asked for at the top while loading shows once loading ends', () => heldFirst(view.host) === all[all.length - 5 * PAGE]?._id, 8000);
      view.remove();
    }));

  it('jumps back to the newest page from deep in the history', () =>
    withRealScheduling(async () => {
      const view = mountList();
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={PAGE}
          useHistory={fakeServer(all)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === PAGE);
      const scroller = view.scroller();
      for (let page = 1; page <= MAX_WINDOW_PAGES + 1; page++) {
        const oldest = all[all.length - (page + 1) * PAGE]?._id;
        scroller.scrollTop = 0;
        scroller.dispatchEvent(new Event('scroll'));
        await until(`page ${page} back renders`, () => heldFirst(view.host) === oldest, 8000);
      }
      (view.host.querySelector('.jump-latest') as HTMLButtonElement).click();
      await until('the newest page is back', () => shownIds(view.host).at(-1) === all[all.length - 1]?._id && heldCount(view.host) === PAGE);
      const last = view.host.querySelector(`[data-message-id="${all[all.length - 1]?._id ?? ''}"]`) as HTMLElement;
      assert.ok(last.getBoundingClientRect().bottom <= scroller.getBoundingClientRect().bottom + 1, 'newest message visible');
      view.remove();
    }));
});

describe('history window', () => {
  it('asks once for a page that several scroll events ask for before the list re-renders', () => {
    const cursor = { at: new Date(Date.UTC(2026, 0, 1)), id: 'm1' };
    const once = extendWindow(initialWindow(null), 'older', cursor);
    assert.equal(extendWindow(once, 'older', { ...cursor, at: new Date(cursor.at.getTime()) }), once);
    assert.deepEqual(
      once.pages.map((p) => p.kind),
      ['before', 'live'],
    );
  });
});

describe('MessageList in the browser (a window around a message)', () => {
  const channelId = 'around-test';
  const ANCHOR = 100;
  const all = history(channelId, 'am', 200);

  after(() => {
    messages._collection.remove({ channelId });
  });

  it('keeps the neighbours on screen when the opened message is deleted', () =>
    withRealScheduling(async () => {
      const view = mountList();
      const shown = (i: number): boolean => view.host.querySelector(`[data-message-id="${all[i]?._id ?? ''}"]`) !== null;
      const anchorId = all[ANCHOR]?._id ?? '';
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          anchorId={anchorId}
          targetId={anchorId}
          onJumpToLatest={() => undefined}
          pageSize={10}
          useHistory={fakeServer(all)}
        />,
      );
      await until('the window around the message renders', () => shown(ANCHOR - 1) && shown(ANCHOR) && shown(ANCHOR + 1));
      messages._collection.remove({ _id: anchorId });
      await until('the deleted message leaves the list', () => !shown(ANCHOR));
      assert.ok(shown(ANCHOR - 1) && shown(ANCHOR + 1), 'the older and newer neighbours are still listed');
      assert.equal(heldCount(view.host), 20);
      view.remove();
    }));
});

describe('MessageList in the browser (only the rows in and near the view are rendered)', function () {
  this.timeout(120_000);
  const channelId = 'virtual-test';
  const BIG_PAGE = 500;
  const all = history(channelId, 'vm', 2000);
  /** Far below the 2,000 rows held: the view (400 px) and the overscan either side. */
  const DOM_BOUND = 150;

  beforeEach(() => {
    messages._collection.remove({ channelId });
  });
  after(() => {
    messages._collection.remove({ channelId });
  });

  const articles = (host: HTMLElement): HTMLElement[] => [...host.querySelectorAll<HTMLElement>('article.message')];
  /** The rendered rows are one run of the channel, in order. */
  const assertContiguous = (host: HTMLElement, what: string): void => {
    const ids = shownIds(host);
    const start = all.findIndex((m) => m._id === ids[0]);
    assert.ok(start >= 0, `${what}: the first rendered row is a message of the channel`);
    assert.deepEqual(
      ids,
      all.slice(start, start + ids.length).map((m) => m._id),
      `${what}: rendered rows out of order or with a gap`,
    );
  };
  /** A message row is painted across the scroller's middle line (no blank space where rows should be). */
  const rowAcrossMiddle = (host: HTMLElement, scroller: HTMLElement): HTMLElement | undefined => {
    const box = scroller.getBoundingClientRect();
    const middle = box.top + box.height / 2;
    return articles(host).find((a) => {
      const r = a.getBoundingClientRect();
      return r.top <= middle + 1 && r.bottom >= middle - 1;
    });
  };

  it('holds 2,000 messages with about a hundred rows in the DOM, and shows rows wherever the reader scrolls', () =>
    withRealScheduling(async () => {
      const view = mountList();
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={BIG_PAGE}
          useHistory={fakeServer(all)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === BIG_PAGE);
      const scroller = view.scroller();
      for (let page = 1; page <= 3; page++) {
        const oldest = all[all.length - (page + 1) * BIG_PAGE]?._id;
        scroller.scrollTop = 0;
        scroller.dispatchEvent(new Event('scroll'));
        await until(`page ${page} back is held`, () => heldFirst(view.host) === oldest, 8000);
      }
      await until('the window settles', () => heldCount(view.host) === all.length);
      await frame();
      const rendered = articles(view.host).length;
      assert.ok(rendered > 0 && rendered <= DOM_BOUND, `${rendered} of ${all.length} rows rendered`);
      assertContiguous(view.host, 'after scrolling back');

      // Scroll anywhere (clear of the top edge, where another page would load): rows are there.
      const range = scroller.scrollHeight - scroller.clientHeight;
      for (const at of [0.9, 0.1, 0.5, 0.25, 0.75, 1]) {
        scroller.scrollTop = Math.max(200, Math.round(at * range));
        scroller.dispatchEvent(new Event('scroll'));
        await frame();
        await frame();
        const middle = rowAcrossMiddle(view.host, scroller);
        assert.ok(middle !== undefined, `at ${at * 100}% of the list: no message across the middle of the view`);
        assert.ok(articles(view.host).length <= DOM_BOUND, `at ${at * 100}%: ${articles(view.host).length} rows rendered`);
        assertContiguous(view.host, `at ${at * 100}%`);
      }
      // Where the spacers say: the row painted at the middle is as far through the channel as the scroll position.
      scroller.scrollTop = Math.round(0.5 * range);
      scroller.dispatchEvent(new Event('scroll'));
      await frame();
      await frame();
      const index = all.findIndex((m) => m._id === rowAcrossMiddle(view.host, scroller)?.dataset['messageId']);
      assert.ok(Math.abs(index / all.length - 0.5) < 0.05, `the middle of the scroll shows message ${index} of ${all.length}`);
      view.remove();
    }));

  it('opens a window of 2,000 messages around a message with that message centred, and only its neighbours rendered', () =>
    withRealScheduling(async () => {
      const view = mountList();
      const target = all[1000] as Message;
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          anchorId={target._id}
          targetId={target._id}
          onJumpToLatest={() => undefined}
          pageSize={1000}
          useHistory={fakeServer(all)}
        />,
      );
      await until('the window around the message is held', () => heldCount(view.host) === all.length);
      const scroller = view.scroller();
      await until('the target is shown in the view', () => {
        const el = view.host.querySelector(`[data-message-id="${target._id}"]`);
        if (el === null) return false;
        const r = el.getBoundingClientRect();
        const box = scroller.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom;
      });
      const el = view.host.querySelector(`[data-message-id="${target._id}"]`) as HTMLElement;
      assert.equal(el.getAttribute('aria-current'), 'location');
      const box = scroller.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      assert.ok(Math.abs((r.top + r.bottom) / 2 - (box.top + box.bottom) / 2) < 40, 'the target sits about the middle of the view');
      assert.ok(articles(view.host).length <= DOM_BOUND, `${articles(view.host).length} rows rendered`);
      assertContiguous(view.host, 'around the target');
      view.remove();
    }));

  it('keeps the row with keyboard focus rendered when the reader scrolls far from it', () =>
    withRealScheduling(async () => {
      const view = mountList();
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={BIG_PAGE}
          useHistory={fakeServer(all)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === BIG_PAGE);
      const newest = all[all.length - 1] as Message;
      const button = view.host.querySelector<HTMLButtonElement>(`[data-message-id="${newest._id}"] button[aria-label="Pin message"]`);
      assert.ok(button !== null, 'the newest row has its actions');
      button.focus();
      const scroller = view.scroller();
      scroller.scrollTop = Math.round((scroller.scrollHeight - scroller.clientHeight) / 2);
      scroller.dispatchEvent(new Event('scroll'));
      await frame();
      await frame();
      assert.ok(rowAcrossMiddle(view.host, scroller) !== undefined, 'rows are shown where the reader scrolled to');
      assert.equal(document.activeElement, button, 'focus stays on the button of the row scrolled away from');
      assert.ok(button.isConnected, 'the focused row is still in the DOM');
      assert.ok(articles(view.host).length <= DOM_BOUND + 1, `${articles(view.host).length} rows rendered`);
      view.remove();
    }));

  it('keeps an unsaved edit when the reader scrolls far from its row and back', () =>
    withRealScheduling(async () => {
      const view = mountList();
      view.root.render(
        <MessageList
          channelId={channelId}
          selfId="u-self"
          selfNames={[]}
          canModerate={false}
          readOnly={false}
          onOpenThread={() => undefined}
          pageSize={BIG_PAGE}
          useHistory={fakeServer(all)}
        />,
      );
      await until('the first page renders', () => heldCount(view.host) === BIG_PAGE);
      const own = [...all].reverse().find((m) => m.userId === 'u-self') as Message;
      const edit = view.host.querySelector<HTMLButtonElement>(`[data-message-id="${own._id}"] button[aria-label="Edit message"]`);
      assert.ok(edit !== null, 'the reader’s newest message offers Edit');
      edit.click();
      await until('the edit box opens', () => view.host.querySelector(`[data-message-id="${own._id}"] textarea`) !== null);
      const box = view.host.querySelector(`[data-message-id="${own._id}"] textarea`) as HTMLTextAreaElement;
      // As typing does: React reads the value through its own setter tracking.
      const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
      setValue?.call(box, 'a half-written correction');
      box.dispatchEvent(new Event('input', { bubbles: true }));
      box.blur();
      const scroller = view.scroller();
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event('scroll'));
      await frame();
      await frame();
      scroller.scrollTop = scroller.scrollHeight;
      scroller.dispatchEvent(new Event('scroll'));
      await until('the edited row is back in view', () => view.host.querySelector(`[data-message-id="${own._id}"]`) !== null);
      const again = view.host.querySelector(`[data-message-id="${own._id}"] textarea`) as HTMLTextAreaElement | null;
      assert.equal(again?.value, 'a half-written correction', 'the draft survived the scroll');
      view.remove();
    }));
});
