import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';
import { appDatabase } from '../../bench/chat/seed-channel';

const HISTORY = 400;
const EARLY = 25;
const THREADED = 60;

/** Resolves once the message's middle is inside the message list's visible band. */
async function waitOnScreen(page: Page, messageId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const scroller = document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]');
    const item = scroller?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`);
    if (!scroller || !item) return false;
    const band = scroller.getBoundingClientRect();
    const box = item.getBoundingClientRect();
    const middle = box.top + box.height / 2;
    return middle > band.top && middle < band.bottom;
  }, messageId);
}

/**
 * A search hit thousands of pixels back opens the channel at that message: a channel of a few
 * hundred messages is written straight into the run's database (the app's rate limit keeps
 * people from sending that many), then found and opened as a person would.
 */
describe('a search result opens the exact message, with its neighbours, both ways', function () {
  this.timeout(180_000);
  let browser: Browser;
  let mongo: MongoClient;
  let reader: ChatUser;
  let outsider: ChatUser;
  let db: Db;
  let readerId: string;
  const channel = uniqueName('history');
  const early = uniqueName('aardvark');
  const replyWord = uniqueName('walrus');
  const ids = Array.from({ length: HISTORY }, (_, i) => `${channel}-${String(i).padStart(4, '0')}`);
  const replyId = `${channel}-reply`;
  const textOf = (i: number): string => (i === EARLY ? `the ${early} was here early` : `history line ${i} of ${channel}`);

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    reader = await ChatUser.open(browser, app.url, { label: 'reader' });
    await reader.signUp(uniqueName('rita'), 'rita-password-1', 'Rita Reader');
    outsider = await ChatUser.open(browser, app.url, { label: 'outsider' });
    await outsider.signUp(uniqueName('oscar'), 'oscar-password-1', 'Oscar Outsider');

    mongo = new MongoClient(app.databaseUrl);
    db = await appDatabase(mongo);
    const user = await db.collection<{ _id: string; username: string }>('users').findOne({ username: reader.username });
    assert.ok(user !== null, 'the reader is in the database');
    const userId = user._id;
    readerId = userId;
    const start = Date.now() - (HISTORY + 10) * 60_000;
    const at = (i: number): Date => new Date(start + i * 60_000);
    await db.collection('messages').insertMany(
      ids.map((_id, i) => ({
        _id,
        channelId: channel,
        userId,
        text: textOf(i),
        createdAt: at(i),
        editedAt: null,
        threadId: null,
        replyCount: i === THREADED ? 1 : 0,
        lastReplyAt: i === THREADED ? at(i + 0.5) : null,
        reactions: [],
        mentionIds: [],
        attachment: null,
      })) as never[],
    );
    await db.collection('messages').insertOne({
      _id: replyId,
      channelId: channel,
      userId,
      text: `a reply about the ${replyWord}`,
      createdAt: at(THREADED + 0.5),
      editedAt: null,
      threadId: ids[THREADED],
      replyCount: 0,
      lastReplyAt: null,
      reactions: [],
      mentionIds: [],
      attachment: null,
    } as never);
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

  screenshotOnFailure(() => [reader, outsider].filter((u) => u !== undefined));

  const target = (user: ChatUser, id: string) => user.messageList().locator(`article[data-message-id="${id}"]`);
  /** Whether the list holds this message, rendered or not (it renders only the rows in and near the view). */
  const held = (user: ChatUser, id: string): Promise<boolean> =>
    user.page.evaluate(
      ([wanted, all]) => {
        const log = document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]');
        const from = all.indexOf(log?.dataset['firstMessageId'] ?? '');
        const to = all.indexOf(log?.dataset['lastMessageId'] ?? '');
        const at = all.indexOf(wanted);
        return from >= 0 && to >= 0 && at >= from && at <= to;
      },
      [id, ids] as const,
    );

  async function searchAndOpen(user: ChatUser, query: string, hitText: string): Promise<void> {
    const { page } = user;
    await page.getByRole('button', { name: 'Search messages' }).click();
    const panel = page.getByRole('complementary', { name: 'Search' });
    const box = panel.getByRole('searchbox', { name: 'Search messages' });
    await box.fill(query);
    await box.press('Enter');
    await panel.getByRole('button').filter({ hasText: hitText }).click();
  }

  it('opens an early message centred and marked, with older and newer neighbours, not the live end', async () => {
    await reader.openChannel(channel);
    await reader.waitForMessage(textOf(HISTORY - 1));
    await searchAndOpen(reader, early, early);

    const hit = target(reader, ids[EARLY] ?? '');
    await hit.waitFor();
    assert.equal(await hit.getAttribute('aria-current'), 'location', 'the opened message is marked as the target');
    await reader.page.waitForFunction((id) => new URL(location.href).hash.endsWith(`/m/${id}`), ids[EARLY]);
    assert.equal(new URL(reader.page.url()).hash, `#/c/${channel}/m/${ids[EARLY]}`, 'the URL names the message');
    await waitOnScreen(reader.page, ids[EARLY] ?? '');
    for (const neighbour of [EARLY - 1, EARLY + 1]) await target(reader, ids[neighbour] ?? '').waitFor({ state: 'attached' });
    for (const neighbour of [0, EARLY + 40]) assert.ok(await held(reader, ids[neighbour] ?? ''), `message ${neighbour} is in the window`);
    assert.equal(await held(reader, ids[HISTORY - 1] ?? ''), false, 'the live end is not loaded around an early message');
    await reader.page.getByRole('button', { name: 'Jump to latest' }).waitFor();
    // Kept for a person to look at: the opened message mid-list, highlighted.
    await reader.page.screenshot({ path: artifactPath('search-jump-opened') });
  });

  it('scrolling down loads newer messages past the first window; Jump to latest returns to the live end', async () => {
    const beyond = ids[EARLY + 90] ?? '';
    // Scroll to the bottom until the next page past the first window arrives (each load grows it by a page).
    await reader.page.waitForFunction(
      (id) => {
        const scroller = document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]');
        if (!scroller) return false;
        if (scroller.querySelector(`[data-message-id="${CSS.escape(id)}"]`) !== null) return true;
        scroller.scrollTop = scroller.scrollHeight;
        return false;
      },
      beyond,
      { polling: 250 },
    );
    assert.ok(await held(reader, ids[EARLY] ?? ''), 'the opened message is still there above');
    await reader.page.getByRole('button', { name: 'Jump to latest' }).click();
    await reader.page.waitForFunction((hash) => location.hash === hash, `#/c/${channel}`);
    await target(reader, ids[HISTORY - 1] ?? '').waitFor();
    await waitOnScreen(reader.page, ids[HISTORY - 1] ?? '');
    assert.equal(await held(reader, ids[EARLY] ?? ''), false, 'the early window is gone');
    assert.equal(await reader.page.getByRole('button', { name: 'Jump to latest' }).count(), 0);
  });

  it('the back button opens the message again', async () => {
    await reader.page.goBack();
    await reader.page.waitForFunction((id) => location.hash.endsWith(`/m/${id}`), ids[EARLY]);
    const hit = target(reader, ids[EARLY] ?? '');
    await hit.waitFor();
    assert.equal(await hit.getAttribute('aria-current'), 'location');
  });

  it('opening the same hit again after scrolling away brings the message back into view', async () => {
    await reader.page.waitForFunction(
      (id) => {
        const scroller = document.querySelector<HTMLElement>('[role="log"][aria-label="Messages"]');
        const item = scroller?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`);
        if (!scroller) return false;
        scroller.scrollTop = 0;
        // Scrolled far enough away, the row is not rendered at all.
        if (!item) return true;
        return (
          item.getBoundingClientRect().top > scroller.getBoundingClientRect().bottom ||
          item.getBoundingClientRect().bottom < scroller.getBoundingClientRect().top
        );
      },
      ids[EARLY] ?? '',
      { polling: 100 },
    );
    await searchAndOpen(reader, early, early);
    await waitOnScreen(reader.page, ids[EARLY] ?? '');
  });

  it('a mention arriving while reading back keeps the channel unread until the reader returns to the live end', async () => {
    const membership = { _id: `${channel}:${readerId}` };
    await db.collection('memberships').updateOne(membership as never, { $inc: { unread: 1, mentions: 1 } });
    await reader.page.getByRole('link', { name: `Channel ${channel} 1 mentions, 1 unread` }).waitFor();
    // Longer than the open channel's mark-as-read delay, measured by the page's own timers.
    await reader.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1500)));
    const stored = await db.collection<{ unread: number; mentions: number }>('memberships').findOne(membership as never);
    assert.deepEqual([stored?.unread, stored?.mentions], [1, 1], 'the unseen mention is still counted');
  });

  it('sending from the opened window goes to the live end, where the message shows', async () => {
    const fresh = uniqueName('fresh');
    await reader.send(`sent while reading the past ${fresh}`);
    await reader.page.waitForFunction((hash) => location.hash === hash, `#/c/${channel}`);
    await reader.waitForDelivered(fresh);
    await waitOnScreen(reader.page, (await reader.message(fresh).getAttribute('data-message-id')) ?? '');
    await target(reader, ids[HISTORY - 1] ?? '').waitFor({ state: 'attached' });
    // At the live end the channel is read again.
    await reader.page.getByRole('link', { name: `Channel ${channel}`, exact: true }).waitFor();
  });

  it('a reply hit opens its thread at the reply, with the parent in the channel list', async () => {
    await searchAndOpen(reader, replyWord, replyWord);
    const thread = reader.page.getByRole('complementary', { name: 'Thread' });
    const reply = thread.locator(`article[data-message-id="${replyId}"]`);
    await reply.waitFor();
    assert.equal(await reply.getAttribute('aria-current'), 'location');
    await target(reader, ids[THREADED] ?? '').waitFor();
    await waitOnScreen(reader.page, ids[THREADED] ?? '');
    await reader.page.screenshot({ path: artifactPath('search-jump-reply') });
    // The same reply hit again, once the thread was closed, reopens the thread.
    await reader.closePanel('Thread');
    await searchAndOpen(reader, replyWord, replyWord);
    await reader.page.getByRole('complementary', { name: 'Thread' }).locator(`article[data-message-id="${replyId}"]`).waitFor();
  });

  it('a non-member opening the same link gets a refusal and no frame carries the message', async () => {
    const framesBefore = outsider.ddpFrames().length;
    await outsider.page.goto(`${new URL(outsider.page.url()).origin}/#/c/${channel}/m/${ids[EARLY]}`);
    await outsider.page.getByRole('alert').filter({ hasText: 'Message not found' }).waitFor();
    // Something public afterwards, so "nothing arrived" is not just "not yet".
    const marker = uniqueName('public');
    await reader.openChannel('general');
    await reader.send(`general now ${marker}`);
    await outsider.waitForMessage(marker);
    const frames = outsider.ddpFrames().slice(framesBefore);
    for (const leak of [early, textOf(EARLY - 1), textOf(EARLY + 1)]) {
      assert.equal(frames.filter((f) => f.includes(leak)).length, 0, `a frame to the non-member carried "${leak}"`);
    }
  });
});
