/**
 * Type → the other browser shows it. Two people in two Chromium contexts against the app as
 * `meteor run --production` serves it (own copy, own database): one presses Enter in the
 * composer, the other's page records when the message appears (both pages share the machine's
 * clock). Beside it, in the same run and interleaved: a bare DDP method round trip from the
 * reader's page over its own socket, and the sender's optimistic echo (Enter → own screen).
 *
 *   npx tsx bench/chat/type-to-screen-latency.ts [--messages 200] [--mode production|development]
 */
import { startApp } from '../../tests/e2e/support/app-process';
import type { AppMode } from '../../tests/e2e/support/app-process';
import { ChatUser } from '../../tests/e2e/support/chat-user';
import { launchChromium } from '../../tests/e2e/support/chromium';
import { uniqueName } from '../../tests/e2e/support/unique-name';
import { BASELINE_ROUND_TRIP, OPEN_BASELINE_SOCKET, WATCH_ARRIVALS, WATCH_ENTER, WATCH_FRAMES } from './page-scripts';
import { ms } from './ms';
import { percentiles } from '../percentiles';
import { loadAverage } from './server-usage';
import { option } from '../option';

const messages = Number(option('messages', '200'));
const mode = option('mode', 'production') as AppMode;
if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages must be a positive integer');
if (mode !== 'production' && mode !== 'development') throw new Error('--mode is production or development');
// messages.send allows 20 per 10 s per user: one every 550 ms stays under it.
const PACE_MS = 550;

const app = await startApp({ mode });
const browser = await launchChromium();
try {
  const sender = await ChatUser.open(browser, app.url, { label: 'sender' });
  await sender.signUp(uniqueName('send'), 'sender-password', 'Sender');
  const reader = await ChatUser.open(browser, app.url, { label: 'reader' });
  await reader.signUp(uniqueName('read'), 'reader-password', 'Reader');
  // The reader's page stamps frames as they arrive: reload it with the stamp installed first
  // (the stored login resumes).
  await reader.page.addInitScript({ content: WATCH_FRAMES });
  await reader.page.reload();
  await reader.waitForWorkspace();
  await sender.openChannel('general');
  await reader.openChannel('general');
  await reader.page.evaluate(WATCH_ARRIVALS);
  await sender.page.evaluate(WATCH_ARRIVALS);
  await sender.page.evaluate(WATCH_ENTER);
  await reader.page.evaluate(OPEN_BASELINE_SOCKET);

  const loadBefore = loadAverage();
  const toReader: number[] = [];
  const toSelf: number[] = [];
  const toReaderSocket: number[] = [];
  const baseline: number[] = [];
  const composer = sender.composer();
  for (let i = 0; i < messages; i += 1) {
    const started = performance.now();
    await composer.fill(`bench-${i}-end`);
    await composer.press('Enter');
    await reader.page.waitForFunction((n) => (window as unknown as { __seen: Record<string, number> }).__seen[n] !== undefined, String(i), { timeout: 30_000 });
    const enter = (await sender.page.evaluate(`window.__enter[window.__enter.length - 1]`)) as number;
    const seenByReader = (await reader.page.evaluate(`window.__seen['${i}']`)) as number;
    const seenBySender = (await sender.page.evaluate(`window.__seen['${i}']`)) as number;
    const frameAtReader = (await reader.page.evaluate(`window.__frames['${i}']`)) as number;
    toReaderSocket.push(frameAtReader - enter);
    toReader.push(seenByReader - enter);
    toSelf.push(seenBySender - enter);
    baseline.push((await reader.page.evaluate(BASELINE_ROUND_TRIP)) as number);
    const rest = PACE_MS - (performance.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  const loadAfter = loadAverage();

  const rows: [string, number[]][] = [
    ['bare DDP method round trip, reader page (baseline)', baseline],
    ['Enter → sender sees own message (optimistic)', toSelf],
    ["Enter → the message's frame reaches the other browser's socket", toReaderSocket],
    ['Enter → other browser shows it', toReader],
  ];
  console.log(`\ntype → screen, ${messages} messages, meteor run${mode === 'production' ? ' --production' : ''}, ${new Date().toISOString()}`);
  console.log(`load average before: ${loadBefore}; after: ${loadAfter}`);
  console.log('| measure | n | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|');
  for (const [label, samples] of rows) {
    const s = percentiles(samples);
    console.log(`| ${label} | ${s.n} | ${ms(s.at(50))} | ${ms(s.at(90))} | ${ms(s.at(99))} | ${ms(s.max)} |`);
  }
} finally {
  await browser.close();
  await app.stop();
}
