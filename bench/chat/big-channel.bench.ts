/**
 * A channel with 100,000 messages: time to first paint of the latest page after opening it,
 * and scroll-back latency per page (the subscription limit grows by 50), beside the same on a
 * 1,000-message channel. Run: npx tsx bench/chat/big-channel.bench.ts [pages]
 */
import { MongoClient } from 'mongodb';
import type { Page } from 'playwright-core';
import { launchChromium, signUpInBrowser } from '../../tests/e2e/browser';
import { machineLoad, summary } from './bench-support';
import { BenchServer } from './bench-server';

const PAGES = Number(process.argv[2] ?? 10);

async function seed(db: ReturnType<MongoClient['db']>, channelId: string, userId: string, count: number): Promise<void> {
  const now = Date.now();
  await db.collection('channels').insertOne({ _id: channelId as never, name: channelId, kind: 'public', topic: `${count} messages`, createdBy: userId, createdAt: new Date(now - count * 1000), archived: false, memberIds: [userId], ownerIds: [userId], lastMessageAt: new Date(now) });
  await db.collection('memberships').insertOne({ _id: `${channelId}:${userId}` as never, channelId, userId, joinedAt: new Date(), lastReadAt: new Date(), unread: 0, mentions: 0 });
  for (let start = 0; start < count; start += 5000) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 5000); i++) {
      batch.push({ _id: `${channelId}-${i}` as never, channelId, userId, text: `History message ${i} with **some** text to render`, createdAt: new Date(now - (count - i) * 1000), editedAt: null, threadId: null, replyCount: 0, lastReplyAt: null, reactions: {}, mentionIds: [], attachment: null });
    }
    await db.collection('messages').insertMany(batch);
  }
}

async function firstPaint(page: Page, channelId: string): Promise<number> {
  await page.evaluate(() => (location.hash = '#/c/general'));
  await page.locator('.channel-title h1', { hasText: 'general' }).waitFor();
  return page.evaluate(async (id) => {
    const t = performance.now();
    location.hash = `#/c/${id}`;
    await new Promise<void>((resolve) => {
      const check = (): void => (document.querySelector(`.main article[data-message-id^="${id}-"]`) ? resolve() : void requestAnimationFrame(check));
      check();
    });
    return performance.now() - t;
  }, channelId);
}

async function scrollBack(page: Page, pages: number): Promise<number[]> {
  const times: number[] = [];
  for (let p = 0; p < pages; p++) {
    times.push(
      await page.evaluate(async () => {
        const scroller = document.querySelector('.main .message-scroller') as HTMLElement;
        const before = scroller.querySelectorAll('article.message').length;
        const t = performance.now();
        scroller.scrollTop = 0;
        scroller.dispatchEvent(new Event('scroll'));
        await new Promise<void>((resolve) => {
          const check = (): void => (scroller.querySelectorAll('article.message').length >= before + 50 ? resolve() : void requestAnimationFrame(check));
          check();
        });
        return performance.now() - t;
      }),
    );
    await page.waitForTimeout(200);
  }
  return times;
}

const server = await BenchServer.start('vite-dev');
const browser = await launchChromium();
const mongo = new MongoClient(server.databaseUrl);
try {
  await mongo.connect();
  const tag = Date.now().toString(36).slice(-4);
  const reader = await signUpInBrowser(browser, server.url, `big${tag}`, 'Big Reader');
  // tsx keeps function names with a `__name` helper that page.evaluate bodies then call.
  await reader.page.evaluate('window.__name = (f) => f');
  const db = mongo.db();
  const user = await db.collection('users').findOne({ username: `big${tag}` });
  const userId = String(user?._id);
  const t = Date.now();
  await seed(db, 'big', userId, 100_000);
  await seed(db, 'small', userId, 1_000);
  console.log(JSON.stringify({ seeded: 101_000, seconds: Math.round((Date.now() - t) / 1000) }));
  for (const channelId of ['small', 'big', 'small', 'big']) {
    const paint = await firstPaint(reader.page, channelId);
    const back = await scrollBack(reader.page, PAGES);
    console.log(JSON.stringify({ channel: channelId, messages: channelId === 'big' ? 100_000 : 1_000, firstPaintMs: Math.round(paint), scrollBackPerPageMs: summary(back.map((v) => Math.round(v))), load: machineLoad() }));
  }
} finally {
  await mongo.close();
  await browser.close();
  await server.stop();
}
