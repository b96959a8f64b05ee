/**
 * A channel with 100,000 messages: time to first paint of its latest page (opening the app on
 * the channel, and switching to it from #general), then scroll-back latency per page (the
 * subscription limit grows by a page each time). Beside it, same run, interleaved: the same on
 * a 1,000-message channel. The app runs as `meteor run --production` on a throwaway copy;
 * history is seeded through the official driver into the run's own minimongod.
 *
 *   npx tsx bench/chat/history-scroll-back.ts [--opens 5] [--pages 10] [--messages 100000]
 */
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { startApp } from '../../tests/e2e/support/app-process';
import { ChatUser } from '../../tests/e2e/support/chat-user';
import { launchChromium } from '../../tests/e2e/support/chromium';
import { uniqueName } from '../../tests/e2e/support/unique-name';
import { ARTICLE_COUNT, firstPaintOf, SCROLL_BACK_ONE_PAGE } from './page-scripts';
import { ms, summary } from './percentiles';
import { loadAverage } from './server-usage';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const opens = option('opens', 5);
const pages = option('pages', 10);
const bigCount = option('messages', 100_000);
const smallCount = 1_000;

async function appDatabase(client: MongoClient): Promise<Db> {
  const { databases } = await client.db('admin').admin().listDatabases();
  for (const { name } of databases) {
    if ((await client.db(name).collection('channels').countDocuments({ _id: 'general' as never })) > 0) return client.db(name);
  }
  throw new Error('no database with the #general channel');
}

/** A public channel with `count` messages by `userId`, one a second, the newest marked. */
async function seedChannel(db: Db, channelId: string, userId: string, count: number): Promise<string> {
  const newest = `newest-of-${channelId}`;
  const end = Date.now();
  for (let start = 0; start < count; start += 5000) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 5000); i += 1) {
      batch.push({
        _id: `${channelId}-${i}`,
        channelId,
        userId,
        text: i === count - 1 ? newest : `history message ${i} of ${channelId}`,
        createdAt: new Date(end - (count - i) * 1000),
        editedAt: null,
        threadId: null,
        replyCount: 0,
        lastReplyAt: null,
        reactions: {},
        mentionIds: [],
        attachment: null,
      });
    }
    await db.collection('messages').insertMany(batch as never[]);
  }
  const now = new Date();
  await db.collection('channels').insertOne({ _id: channelId, name: channelId, kind: 'public', topic: `${count} messages`, createdBy: userId, createdAt: new Date(end - count * 1000), archived: false, memberIds: [userId], ownerIds: [userId], lastMessageAt: now } as never);
  await db.collection('memberships').insertOne({ _id: `${channelId}:${userId}`, channelId, userId, joinedAt: now, lastReadAt: now, unread: 0, mentions: 0 } as never);
  return newest;
}

async function coldOpen(reader: ChatUser, url: string, channelId: string, marker: string): Promise<number> {
  // Same context: the stored login resumes, as when a signed-in user opens a bookmark.
  const page = await reader.context.newPage();
  try {
    await page.addInitScript({ content: firstPaintOf(marker) });
    await page.goto(`${url}/#/c/${channelId}`);
    await page.waitForFunction(() => (window as unknown as { __painted?: number }).__painted !== undefined, undefined, { timeout: 60_000 });
    return (await page.evaluate(() => (window as unknown as { __painted: number }).__painted)) as number;
  } finally {
    await page.close();
  }
}

async function switchTo(reader: ChatUser, channelId: string, marker: string): Promise<number> {
  await reader.openChannel('general');
  const started = Date.now();
  await reader.channelLink(channelId).click();
  await reader.message(marker).first().waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

async function scrollBack(reader: ChatUser, channelId: string, marker: string): Promise<number[]> {
  await reader.openChannel(channelId);
  await reader.message(marker).first().waitFor({ timeout: 60_000 });
  const samples: number[] = [];
  for (let p = 0; p < pages; p += 1) {
    const took = (await reader.page.evaluate(SCROLL_BACK_ONE_PAGE)) as number;
    if (took < 0) throw new Error(`page ${p + 1} of ${channelId} never loaded (${String(await reader.page.evaluate(ARTICLE_COUNT))} articles)`);
    samples.push(took);
  }
  return samples;
}

const app = await startApp({ mode: 'production' });
const browser = await launchChromium();
const mongo = new MongoClient(app.databaseUrl);
try {
  const reader = await ChatUser.open(browser, app.url, { label: 'reader' });
  const username = uniqueName('reader');
  await reader.signUp(username, 'reader-password', 'Reader');
  await mongo.connect();
  const db = await appDatabase(mongo);
  const user = await db.collection<{ _id: string; username: string }>('users').findOne({ username });
  if (user === null) throw new Error('the signed-up reader is not in the database');
  const seedStart = performance.now();
  const big = { id: `history-${bigCount}`, marker: await seedChannel(db, `history-${bigCount}`, user._id, bigCount) };
  const small = { id: `history-${smallCount}`, marker: await seedChannel(db, `history-${smallCount}`, user._id, smallCount) };
  const seedSeconds = (performance.now() - seedStart) / 1000;
  await reader.channelLink(big.id).waitFor();
  await reader.channelLink(small.id).waitFor();

  const loadBefore = loadAverage();
  const cold = { big: [] as number[], small: [] as number[] };
  const switched = { big: [] as number[], small: [] as number[] };
  for (let i = 0; i < opens; i += 1) {
    cold.small.push(await coldOpen(reader, app.url, small.id, small.marker));
    cold.big.push(await coldOpen(reader, app.url, big.id, big.marker));
    switched.small.push(await switchTo(reader, small.id, small.marker));
    switched.big.push(await switchTo(reader, big.id, big.marker));
  }
  const back = { small: await scrollBack(reader, small.id, small.marker), big: await scrollBack(reader, big.id, big.marker) };
  const loadAfter = loadAverage();

  console.log(`\nhistory, ${new Date().toISOString()}, meteor run --production; seeded ${bigCount} + ${smallCount} messages in ${seedSeconds.toFixed(1)} s`);
  console.log(`load average before: ${loadBefore}; after: ${loadAfter}`);
  console.log('| measure | channel | n | p50 | p90 | max |\n|---|---|---|---|---|---|');
  const row = (label: string, channel: string, samples: number[]): void => {
    const s = summary(samples);
    console.log(`| ${label} | ${channel} | ${s.n} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.max)} |`);
  };
  row('open the app on the channel → latest page painted', `${smallCount} (baseline)`, cold.small);
  row('open the app on the channel → latest page painted', `${bigCount}`, cold.big);
  row('switch from #general → latest page shown', `${smallCount} (baseline)`, switched.small);
  row('switch from #general → latest page shown', `${bigCount}`, switched.big);
  row('scroll back one page (50 older messages painted)', `${smallCount} (baseline)`, back.small);
  row('scroll back one page (50 older messages painted)', `${bigCount}`, back.big);
  console.log(`per page, ${bigCount}: ${back.big.map((v) => v.toFixed(0)).join(', ')} ms; ${smallCount}: ${back.small.map((v) => v.toFixed(0)).join(', ')} ms`);
} finally {
  await mongo.close();
  await browser.close();
  await app.stop();
}
