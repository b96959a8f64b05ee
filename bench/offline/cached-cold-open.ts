/**
 * Cold open of a channel with the device cache vs without (navigation start → the newest
 * message painted), at 50 and 500 cached messages, and when the page's DDP WebSocket opened:
 * does the cached open paint before the socket is even connected? Same run, interleaved: the
 * same open with the cache database deleted first. The app runs as `meteor run --production` on
 * a throwaway copy; the channels are seeded through the official driver, and the cache holds
 * the channel's newest messages as the device would after reading them (written into
 * IndexedDB before each cached open, so every round reads the same `n` documents).
 *
 *   npx tsx bench/offline/cached-cold-open.ts [--opens 5]
 */
import { EJSON } from '@perseid/ejson';
import { MongoClient, type Db } from 'mongodb';
import type { Page } from 'playwright-core';
import { startApp } from '../../tests/e2e/support/app-process';
import { ChatUser } from '../../tests/e2e/support/chat-user';
import { launchChromium } from '../../tests/e2e/support/chromium';
import { uniqueName } from '../../tests/e2e/support/unique-name';
import { firstPaintOf } from '../chat/page-scripts';
import { loadAverage } from '../chat/server-usage';
import { countOption } from '../option';
import { percentiles } from '../percentiles';
import { appDatabase, seedChannel } from '../chat/seed-channel';

const opens = countOption('opens', 5);
const SIZES = [50, 500] as const;

/**
 * Records when the page's DDP socket was made and opened (the Vite socket aside), and when the
 * read of the device cache started and ended (its IndexedDB open and getAll).
 */
const WATCH_SOCKET = `(() => {
  const open = indexedDB.open.bind(indexedDB);
  indexedDB.open = (name, version) => {
    const request = open(name, version);
    if (String(name).startsWith('perseid-cache:') && window.__cacheReadStart === undefined) window.__cacheReadStart = performance.now();
    return request;
  };
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (...args) {
    const request = getAll.apply(this, args);
    if (String(this.transaction.db.name).startsWith('perseid-cache:')) {
      request.addEventListener('success', () => { if (window.__cacheReadEnd === undefined) window.__cacheReadEnd = performance.now(); });
    }
    return request;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (new URL(url, location.href).pathname === '/websocket') {
        if (window.__socketMade === undefined) window.__socketMade = performance.now();
        this.addEventListener('open', () => { if (window.__socketOpen === undefined) window.__socketOpen = performance.now(); });
      }
    }
  };
})()`;

interface CacheRecord {
  key: string;
  collection: string;
  id: string;
  doc: string;
}

/** A channel as `channels.mine` publishes it (the client keeps that): size and `joined`, members only for direct ones. */
function channelSummary(doc: Record<string, unknown>, userId: string): Record<string, unknown> {
  const { memberIds, ...rest } = doc as { memberIds: string[] } & Record<string, unknown>;
  return { ...rest, memberCount: memberIds.length, joined: memberIds.includes(userId), ...(rest['kind'] === 'direct' ? { memberIds } : {}) };
}

/** The device cache as the app writes it: channels, memberships, people and the channel's messages. */
async function cacheRecords(db: Db, userId: string, channelId: string): Promise<CacheRecord[]> {
  const records: CacheRecord[] = [];
  const add = (collection: string, doc: Record<string, unknown>) => {
    const id = String(doc['_id']);
    records.push({ key: `${collection}\u0000${id}`, collection, id, doc: EJSON.stringify(doc) });
  };
  for (const doc of await db.collection('channels').find({ memberIds: userId }).toArray()) add('channels', channelSummary(doc, userId));
  for (const doc of await db.collection('memberships').find({ userId }).toArray()) add('memberships', doc as never);
  for (const doc of await db.collection('messages').find({ channelId }).sort({ createdAt: -1 }).toArray()) add('messages', doc as never);
  const people = await db
    .collection('users')
    .find({ _id: userId as never }, { projection: { username: 1, profile: 1 } })
    .toArray();
  for (const doc of people) add('users', doc as never);
  return records;
}

/** Replaces the user's device cache with `records` (or deletes it), from a page of the app's origin. */
async function setCache(page: Page, userId: string, records: CacheRecord[] | null): Promise<void> {
  await page.evaluate(
    async ({ name, list }) => {
      await new Promise<void>((resolve) => {
        const deleting = indexedDB.deleteDatabase(name);
        deleting.onsuccess = () => resolve();
        deleting.onerror = () => resolve();
        deleting.onblocked = () => resolve();
      });
      if (list === null) return;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open(name, 1);
        opening.onupgradeneeded = () => opening.result.createObjectStore('documents', { keyPath: 'key' });
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('documents', 'readwrite');
        for (const record of list) tx.objectStore('documents').put(record);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: `perseid-cache:${userId}`, list: records },
  );
}

/** Ms from navigation start: painted, DDP socket made and opened, device cache read started and ended. */
interface OpenTimes {
  painted: number;
  socket: number;
  socketMade: number;
  readStart: number;
  readEnd: number;
}

/** A new page of the signed-in context opening the channel, timed (see OpenTimes). */
async function coldOpen(reader: ChatUser, url: string, channelId: string, marker: string): Promise<OpenTimes> {
  const page = await reader.context.newPage();
  try {
    await page.addInitScript({ content: WATCH_SOCKET });
    await page.addInitScript({ content: firstPaintOf(marker) });
    await page.goto(`${url}/#/c/${channelId}`);
    await page.waitForFunction(() => (window as unknown as { __painted?: number }).__painted !== undefined, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { __socketOpen?: number }).__socketOpen !== undefined, undefined, { timeout: 60_000 });
    // Plain text: a function compiled by tsx would carry helpers the page does not have.
    const times = (await page.evaluate(
      '({ painted: window.__painted, socket: window.__socketOpen, socketMade: window.__socketMade, readStart: window.__cacheReadStart, readEnd: window.__cacheReadEnd })',
    )) as Partial<OpenTimes>;
    return {
      painted: times.painted ?? Number.NaN,
      socket: times.socket ?? Number.NaN,
      socketMade: times.socketMade ?? Number.NaN,
      readStart: times.readStart ?? Number.NaN,
      readEnd: times.readEnd ?? Number.NaN,
    };
  } finally {
    await page.close();
  }
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
  const channels = [];
  for (const size of SIZES) {
    const id = `cold-${size}`;
    const marker = await seedChannel(db, id, user._id, size);
    await reader.channelLink(id).waitFor();
    channels.push({ size, id, marker, records: await cacheRecords(db, user._id, id) });
  }
  // The reader's own page stays on #general; it must not write the cache while the bench does.
  await reader.page.goto(`${app.url}/#/c/general`);

  const loadBefore = loadAverage();
  const figures = new Map<string, { painted: number[]; socket: number[]; made: number[]; readStart: number[]; readEnd: number[]; before: number }>();
  const note = (label: string, open: OpenTimes) => {
    const entry = figures.get(label) ?? { painted: [], socket: [], made: [], readStart: [], readEnd: [], before: 0 };
    entry.painted.push(open.painted);
    entry.socket.push(open.socket);
    entry.made.push(open.socketMade);
    entry.readStart.push(open.readStart);
    entry.readEnd.push(open.readEnd);
    if (open.painted < open.socket) entry.before += 1;
    figures.set(label, entry);
  };
  for (let round = 0; round < opens; round += 1) {
    for (const channel of channels) {
      const variants = round % 2 === 0 ? (['cache', 'network'] as const) : (['network', 'cache'] as const);
      for (const variant of variants) {
        await setCache(reader.page, user._id, variant === 'cache' ? channel.records : null);
        note(
          `${channel.size} messages, ${variant === 'cache' ? 'with the cache' : 'without (network only)'}`,
          await coldOpen(reader, app.url, channel.id, channel.marker),
        );
      }
    }
  }
  const loadAfter = loadAverage();
  console.log(`Cached cold open: navigation start → the channel's newest message painted; ${opens} opens per variant, interleaved, meteor run --production`);
  console.log(`load average before: ${loadBefore}; after: ${loadAfter}`);
  for (const [label, entry] of figures) {
    const p = percentiles(entry.painted);
    const s = percentiles(entry.socket);
    const p50 = (values: number[]) => (values.some(Number.isNaN) ? 'n/a' : percentiles(values).at(50).toFixed(0));
    console.log(
      `${label}: painted p50 ${p.at(50).toFixed(0)} ms (max ${p.max.toFixed(0)}), DDP socket made p50 ${p50(entry.made)} ms, open p50 ${s.at(50).toFixed(0)} ms; cache read p50 ${p50(entry.readStart)} → ${p50(entry.readEnd)} ms; painted before the socket opened in ${entry.before}/${entry.painted.length}`,
    );
  }
} finally {
  await mongo.close();
  await browser.close();
  await app.stop();
}
