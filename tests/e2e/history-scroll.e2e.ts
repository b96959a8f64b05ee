import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';
import { appDatabase } from '../../bench/chat/seed-channel';

const HISTORY = 1700;
const PAGE = 50;
const PAGES_BACK = 30;
/** Rows the list may hold: four pages (history-window's MAX_WINDOW_PAGES). */
const ROW_BOUND = 4 * PAGE;

/**
 * Scrolling far back in a long channel: every page is the next 50 older messages, in order, and
 * the list never holds more than a few pages of rows, however far the reader goes. The history
 * is written straight into the run's database (the send limit keeps people from sending that many).
 */
describe('scrolling back through a long channel, page by page', function () {
  this.timeout(240_000);
  let browser: Browser;
  let mongo: MongoClient;
  let reader: ChatUser;
  const channel = uniqueName('scrollback');
  const ids = Array.from({ length: HISTORY }, (_, i) => `${channel}-${String(i).padStart(5, '0')}`);

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    reader = await ChatUser.open(browser, app.url, { label: 'reader' });
    await reader.signUp(uniqueName('sam'), 'sam-password-1', 'Sam Scroller');
    mongo = new MongoClient(app.databaseUrl);
    const db = await appDatabase(mongo);
    const user = await db.collection<{ _id: string; username: string }>('users').findOne({ username: reader.username });
    assert.ok(user !== null, 'the reader is in the database');
    const userId = user._id;
    const start = Date.now() - (HISTORY + 10) * 1000;
    // Pairs of messages share a millisecond, so pages split inside one and only the id orders them.
    const at = (i: number): Date => new Date(start + Math.floor(i / 2) * 2000);
    await db.collection('messages').insertMany(
      ids.map((_id, i) => ({
        _id,
        channelId: channel,
        userId,
        text: `line ${i} of ${channel}`,
        createdAt: at(i),
        editedAt: null,
        threadId: null,
        replyCount: 0,
        lastReplyAt: null,
        reactions: [],
        mentionIds: [],
        attachment: null,
      })) as never[],
    );
    const now = new Date();
    await db.collection('channels').insertOne({
      _id: channel,
      name: channel,
      kind: 'private',
      topic: '',
      createdBy: userId,
      createdAt: at(0),
      archived: false,
      memberIds: [userId],
      ownerIds: [userId],
      lastMessageAt: at(HISTORY - 1),
    } as never);
    await db
      .collection('memberships')
      .insertOne({ _id: `${channel}:${userId}`, channelId: channel, userId, joinedAt: now, lastReadAt: now, unread: 0, mentions: 0 } as never);
  });

  after(async () => {
    await browser?.close();
    await mongo?.close();
  });

  screenshotOnFailure(() => [reader].filter((u) => u !== undefined));

  /** The rows rendered in the DOM: only those in and near the view, one run of the channel. */
  const shownIds = (): Promise<string[]> =>
    reader
      .messageList()
      .locator('article[data-message-id]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-message-id') ?? ''));
  /** The window the list holds, rendered or not: how many messages and its oldest and newest. */
  const held = (): Promise<{ count: number; first: string; last: string }> =>
    reader.page.evaluate(() => {
      const log = document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]');
      return { count: Number(log?.dataset['held'] ?? 0), first: log?.dataset['firstMessageId'] ?? '', last: log?.dataset['lastMessageId'] ?? '' };
    });
  const assertOneRun = async (what: string): Promise<string[]> => {
    const shown = await shownIds();
    const from = ids.indexOf(shown[0] ?? '');
    assert.ok(from >= 0, `${what}: the first row is a message of the channel`);
    assert.deepEqual(shown, ids.slice(from, from + shown.length), `${what}: the rows are one run of the channel, in order`);
    return shown;
  };

  it(`goes back ${PAGES_BACK} pages with each page the right messages in order, exactly min(pages, 4) × 50 held and fewer rendered, then jumps to the latest`, async () => {
    await reader.openChannel(channel);
    await reader.waitForMessage(`line ${HISTORY - 1} of ${channel}`);
    assert.deepEqual(await held(), { count: PAGE, first: ids[HISTORY - PAGE], last: ids[HISTORY - 1] }, 'the newest page');
    const opened = await assertOneRun('opened');
    assert.equal(opened.at(-1), ids[HISTORY - 1], 'the newest message is rendered');
    for (let page = 1; page <= PAGES_BACK; page++) {
      const expectedFirst = ids[HISTORY - (page + 1) * PAGE] ?? '';
      await reader.page.evaluate(() => {
        const log = document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]');
        if (log === null) throw new Error('no message list');
        log.scrollTop = 0;
        log.dispatchEvent(new Event('scroll'));
      });
      await reader.page.waitForFunction(
        (id) => document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]')?.dataset['firstMessageId'] === id,
        expectedFirst,
        { timeout: 30_000 },
      );
      const shown = await assertOneRun(`page ${page}`);
      // Each scroll adds exactly one page (however many scroll events it fires) until the bound.
      const holding = await held();
      assert.equal(holding.count, Math.min(page + 1, ROW_BOUND / PAGE) * PAGE, `page ${page}: messages held`);
      assert.ok(shown.length < holding.count || holding.count <= PAGE, `page ${page}: ${shown.length} of ${holding.count} rows rendered`);
    }
    await reader.page.getByRole('button', { name: 'Jump to latest' }).click();
    await reader.waitForMessage(`line ${HISTORY - 1} of ${channel}`);
    await reader.page.waitForFunction(() => document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]')?.dataset['held'] === '50');
    assert.deepEqual(await held(), { count: PAGE, first: ids[HISTORY - PAGE], last: ids[HISTORY - 1] }, 'back at the newest page');
    assert.equal((await assertOneRun('back at the newest')).at(-1), ids[HISTORY - 1]);
  });
});
