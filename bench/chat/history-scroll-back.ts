/**
 * A channel with 100,000 messages: time to first paint of its latest page (opening the app on
 * the channel, and switching to it from #general), then scroll-back latency per page, with the
 * long tasks and frame intervals Chromium records while scrolling, and the page's heap and DOM
 * after scrolling back through `--deep` pages of the big channel. Beside it, same run,
 * interleaved: the same on a smaller channel. With `--baseline <checkout>` the whole
 * measurement runs first against that checkout's app (e.g. a worktree of an older commit),
 * then against this tree, in one process, for a same-run before/after. Each app runs as
 * `meteor run --production` on a throwaway copy; history is seeded through the official driver
 * into the run's own minimongod.
 *
 *   npx tsx bench/chat/history-scroll-back.ts [--opens 5] [--pages 30] [--messages 100000] [--small 2000] [--deep 200] [--baseline <dir>] [--profile <file>]
 *
 * `--profile` writes a CPU profile of the reader's page (CDP Profiler, `.cpuprofile`, opens in Chromium's
 * DevTools) while it scrolls back through the big channel, for this tree's run only.
 */
import { writeFile } from 'node:fs/promises';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { startApp } from '../../tests/e2e/support/app-process';
import { ChatUser } from '../../tests/e2e/support/chat-user';
import { launchChromium } from '../../tests/e2e/support/chromium';
import { uniqueName } from '../../tests/e2e/support/unique-name';
import { ARTICLE_COUNT, DOM_SIZE, firstPaintOf, SCROLL_BACK_ONE_PAGE, START_SMOOTHNESS, STOP_SMOOTHNESS, switchAndPaint, WATCH_WIRE } from './page-scripts';
import { ms } from './ms';
import { percentiles } from '../percentiles';
import { loadAverage } from './server-usage';
import { countOption, option } from '../option';
import { appDatabase, seedChannel } from './seed-channel';

const opens = countOption('opens', 5);
const pages = countOption('pages', 30);
const bigCount = countOption('messages', 100_000);
const smallCount = countOption('small', 2_000);
const deepPages = countOption('deep', 200);
const baselineRoot = option('baseline', '') || undefined;
const profilePath = option('profile', '') || undefined;
/** The deep scroll stops after this long, for a list whose pages get slower with depth. */
const DEEP_BUDGET_MS = 180_000;

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

/** Where a load's time went (see WATCH_WIRE), ms. */
interface Stages {
  toSub: number;
  toFirstDoc: number;
  toReady: number;
  toDom: number;
  toPaint: number;
}
const STAGE_NAMES: Record<keyof Stages, string> = {
  toSub: 'start → sub sent (page work before asking)',
  toFirstDoc: 'sub sent → first document (server query, publish, wire)',
  toReady: 'first document → ready',
  toDom: 'ready → rows in the DOM (client ingest, React render)',
  toPaint: 'rows in the DOM → next frame (layout, paint)',
};
interface Timed {
  took: number;
  stages: Stages | null;
}

/** Click in the page (no driver round trips in the figure) → one frame after the latest page is in the list. */
async function switchTo(reader: ChatUser, channelId: string, marker: string): Promise<Timed> {
  await reader.openChannel('general');
  const timed = (await reader.page.evaluate(switchAndPaint(`Channel ${channelId}`, marker))) as Timed;
  if (timed.took < 0) throw new Error(`switching to ${channelId} did not show its latest page`);
  return timed;
}

interface Smoothness {
  longTasks: number[];
  frames: number[];
}

async function scrollBack(
  page: Page,
  count: number,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<{ samples: number[]; stages: Stages[]; smooth: Smoothness }> {
  const samples: number[] = [];
  const stages: Stages[] = [];
  const started = Date.now();
  await page.evaluate(START_SMOOTHNESS);
  for (let p = 0; p < count && Date.now() - started < budgetMs; p += 1) {
    const timed = (await page.evaluate(SCROLL_BACK_ONE_PAGE)) as Timed;
    if (timed.took < 0) break;
    samples.push(timed.took);
    if (timed.stages !== null) stages.push(timed.stages);
  }
  const smooth = (await page.evaluate(STOP_SMOOTHNESS)) as Smoothness;
  return { samples, stages, smooth };
}

async function openAtNewest(reader: ChatUser, channelId: string, marker: string): Promise<void> {
  await reader.openChannel(channelId);
  await reader.message(marker).first().waitFor({ timeout: 60_000 });
}

/** The JS heap after a full garbage collection (CDP), with the DOM's size. */
async function memoryOf(page: Page): Promise<{ heapMb: number; articles: number; elements: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const dom = (await page.evaluate(DOM_SIZE)) as { articles: number; elements: number };
    return { heapMb: usedSize / 1024 / 1024, ...dom };
  } finally {
    await cdp.detach();
  }
}

/** Starts CDP's sampling profiler in `page`; `stop` writes the profile as a `.cpuprofile` file. */
async function startProfile(page: Page): Promise<{ stop(path: string): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(path) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      await writeFile(path, JSON.stringify(profile));
      await cdp.detach();
    },
  };
}

interface Figures {
  label: string;
  loadBefore: string;
  loadAfter: string;
  cold: { big: number[]; small: number[] };
  switched: { big: number[]; small: number[] };
  switchStages: { big: Stages[]; small: Stages[] };
  back: { big: number[]; small: number[] };
  backStages: { big: Stages[]; small: Stages[] };
  smooth: Smoothness;
  deep: { pages: number; samples: number[]; smooth: Smoothness; before: Awaited<ReturnType<typeof memoryOf>>; after: Awaited<ReturnType<typeof memoryOf>> };
  seedSeconds: number;
}

async function measure(label: string, root: string | undefined): Promise<Figures> {
  const app = await startApp({ mode: 'production', ...(root === undefined ? {} : { root }) });
  const browser: Browser = await launchChromium();
  const mongo = new MongoClient(app.databaseUrl);
  try {
    const reader = await ChatUser.open(browser, app.url, { label: 'reader' });
    const username = uniqueName('reader');
    await reader.signUp(username, 'reader-password', 'Reader');
    // The wire watcher must be in the page before the app opens its socket: reload (the login resumes).
    await reader.page.addInitScript({ content: WATCH_WIRE });
    await mongo.connect();
    const db = await appDatabase(mongo);
    const user = await db.collection<{ _id: string; username: string }>('users').findOne({ username });
    if (user === null) throw new Error('the signed-up reader is not in the database');
    const seedStart = performance.now();
    const big = { id: `history-${bigCount}`, marker: await seedChannel(db, `history-${bigCount}`, user._id, bigCount) };
    const small = { id: `history-${smallCount}`, marker: await seedChannel(db, `history-${smallCount}`, user._id, smallCount) };
    const seedSeconds = (performance.now() - seedStart) / 1000;
    await reader.page.reload();
    await reader.channelLink(big.id).waitFor({ timeout: 60_000 });
    await reader.channelLink(small.id).waitFor();

    const loadBefore = loadAverage();
    const cold = { big: [] as number[], small: [] as number[] };
    const switched = { big: [] as number[], small: [] as number[] };
    const switchStages = { big: [] as Stages[], small: [] as Stages[] };
    const keep = (timed: Timed, into: number[], stages: Stages[]): void => {
      into.push(timed.took);
      if (timed.stages !== null) stages.push(timed.stages);
    };
    for (let i = 0; i < opens; i += 1) {
      cold.small.push(await coldOpen(reader, app.url, small.id, small.marker));
      cold.big.push(await coldOpen(reader, app.url, big.id, big.marker));
      keep(await switchTo(reader, small.id, small.marker), switched.small, switchStages.small);
      keep(await switchTo(reader, big.id, big.marker), switched.big, switchStages.big);
    }
    await openAtNewest(reader, small.id, small.marker);
    const backSmall = await scrollBack(reader.page, pages);
    await openAtNewest(reader, big.id, big.marker);
    const profiler = profilePath !== undefined && root === undefined ? await startProfile(reader.page) : null;
    const backBig = await scrollBack(reader.page, pages);
    if (profiler !== null && profilePath !== undefined) await profiler.stop(profilePath);
    if (backSmall.samples.length < pages || backBig.samples.length < pages) {
      console.log(
        `${label}: only ${backSmall.samples.length} / ${backBig.samples.length} of ${pages} pages loaded (${String(await reader.page.evaluate(ARTICLE_COUNT))} articles)`,
      );
    }

    // A fresh page on the big channel, scrolled back `deepPages` pages (or until the budget ends).
    const deepPage = await reader.context.newPage();
    await deepPage.addInitScript({ content: WATCH_WIRE });
    await deepPage.goto(`${app.url}/#/c/${big.id}`);
    await deepPage.locator('[role="log"] article', { hasText: big.marker }).first().waitFor({ timeout: 60_000 });
    const before = await memoryOf(deepPage);
    const deep = await scrollBack(deepPage, deepPages, DEEP_BUDGET_MS);
    const after = await memoryOf(deepPage);
    await deepPage.close();
    const loadAfter = loadAverage();
    return {
      label,
      loadBefore,
      loadAfter,
      cold,
      switched,
      switchStages,
      back: { small: backSmall.samples, big: backBig.samples },
      backStages: { small: backSmall.stages, big: backBig.stages },
      smooth: { longTasks: [...backSmall.smooth.longTasks, ...backBig.smooth.longTasks], frames: [...backSmall.smooth.frames, ...backBig.smooth.frames] },
      deep: { pages: deep.samples.length, samples: deep.samples, smooth: deep.smooth, before, after },
      seedSeconds,
    };
  } finally {
    await mongo.close();
    await browser.close();
    await app.stop();
  }
}

function report(f: Figures): void {
  console.log(
    `\n${f.label}, ${new Date().toISOString()}, meteor run --production; seeded ${bigCount} + ${smallCount} messages in ${f.seedSeconds.toFixed(1)} s`,
  );
  console.log(`load average before: ${f.loadBefore}; after: ${f.loadAfter}`);
  console.log('| measure | channel | n | p50 | p90 | max |\n|---|---|---|---|---|---|');
  const row = (label: string, channel: string, samples: number[]): void => {
    if (samples.length === 0) {
      console.log(`| ${label} | ${channel} | 0 | – | – | – |`);
      return;
    }
    const s = percentiles(samples);
    console.log(`| ${label} | ${channel} | ${s.n} | ${ms(s.at(50))} | ${ms(s.at(90))} | ${ms(s.max)} |`);
  };
  row('open the app on the channel → latest page painted', `${smallCount} (baseline)`, f.cold.small);
  row('open the app on the channel → latest page painted', `${bigCount}`, f.cold.big);
  row('switch from #general → latest page shown', `${smallCount} (baseline)`, f.switched.small);
  row('switch from #general → latest page shown', `${bigCount}`, f.switched.big);
  row('scroll back one page (older messages painted)', `${smallCount} (baseline)`, f.back.small);
  row('scroll back one page (older messages painted)', `${bigCount}`, f.back.big);
  row(`deep scroll: ${f.deep.pages} pages back`, `${bigCount}`, f.deep.samples);
  row('frame interval while scrolling back (both channels)', 'both', f.smooth.frames);
  row('frame interval during the deep scroll', `${bigCount}`, f.deep.smooth.frames);
  const tasks = (t: number[]): string =>
    `${t.length} long tasks, ${t.reduce((a, b) => a + b, 0).toFixed(0)} ms in all, longest ${t.length === 0 ? 0 : Math.max(...t).toFixed(0)} ms`;
  console.log(
    `long tasks while scrolling back ${pages} pages in each channel: ${tasks(f.smooth.longTasks)}; during the deep scroll: ${tasks(f.deep.smooth.longTasks)}`,
  );
  console.log(
    `frames over 50 ms: ${f.smooth.frames.filter((v) => v > 50).length} of ${f.smooth.frames.length}; deep: ${f.deep.smooth.frames.filter((v) => v > 50).length} of ${f.deep.smooth.frames.length}`,
  );
  const mem = (m: Figures['deep']['before']): string => `${m.heapMb.toFixed(1)} MB JS heap, ${m.articles} message rows, ${m.elements} elements`;
  console.log(
    `deep scroll of ${f.deep.pages} pages (${(f.deep.pages + 1) * 50} messages scrolled through): before ${mem(f.deep.before)}; after ${mem(f.deep.after)}`,
  );
  console.log(
    `per page, ${bigCount}: ${f.back.big.map((v) => v.toFixed(0)).join(', ')} ms; ${smallCount}: ${f.back.small.map((v) => v.toFixed(0)).join(', ')} ms`,
  );
  const tenths = (v: number[]): string =>
    [0, 0.25, 0.5, 0.75, 1].map((q) => v[Math.min(v.length - 1, Math.floor(q * (v.length - 1)))]?.toFixed(0) ?? '–').join(' / ');
  console.log(`deep scroll pages at 0 / 25 / 50 / 75 / 100 % depth: ${tenths(f.deep.samples)} ms`);
  console.log('\nwhere the time goes, p50 per stage (ms):');
  const columns: [string, Stages[]][] = [
    [`switch, ${smallCount}`, f.switchStages.small],
    [`switch, ${bigCount}`, f.switchStages.big],
    [`page back, ${smallCount}`, f.backStages.small],
    [`page back, ${bigCount}`, f.backStages.big],
  ];
  console.log(`| stage | ${columns.map(([name, list]) => `${name} (${list.length})`).join(' | ')} |\n|---|${columns.map(() => '---|').join('')}`);
  for (const key of Object.keys(STAGE_NAMES) as (keyof Stages)[]) {
    const cells = columns.map(([, list]) => (list.length === 0 ? '–' : ms(percentiles(list.map((s) => s[key])).at(50))));
    console.log(`| ${STAGE_NAMES[key]} | ${cells.join(' | ')} |`);
  }
}

const results: Figures[] = [];
if (baselineRoot !== undefined) results.push(await measure(`baseline (${baselineRoot})`, baselineRoot));
results.push(await measure('this tree', undefined));
for (const f of results) report(f);
