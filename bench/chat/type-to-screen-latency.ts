/**
 * Type → the other browser shows it. Two people in two Chromium contexts against the app as
 * `meteor run --production` serves it (own copy, own database): one presses Enter in the
 * composer, the other's page records when the message appears (both pages share the machine's
 * clock). Beside it, in the same run and interleaved: a bare DDP method round trip from the
 * reader's page over its own socket, and the sender's optimistic echo (Enter → own screen).
 *
 * With `--stages`, the app server runs with PERSEID_BENCH_STAGES=1 and prints when each message
 * passes each stage inside it (packages/ddp-common/src/bench-stages.ts); the sender's page stamps
 * when the method frame leaves and when its `result` and `updated` arrive. A second table gives
 * each stage's time after Enter, and the step from the previous stage (p50 of per-message steps).
 *
 *   npx tsx bench/chat/type-to-screen-latency.ts [--messages 200] [--mode production|development] [--stages]
 */
import { startApp } from '../../tests/e2e/support/app-process';
import type { AppMode } from '../../tests/e2e/support/app-process';
import { ChatUser } from '../../tests/e2e/support/chat-user';
import { launchChromium } from '../../tests/e2e/support/chromium';
import { uniqueName } from '../../tests/e2e/support/unique-name';
import { BASELINE_ROUND_TRIP, OPEN_BASELINE_SOCKET, WATCH_ARRIVALS, WATCH_ENTER, WATCH_FRAMES, WATCH_SENDS } from './page-scripts';
import { ms } from './ms';
import { percentiles } from '../percentiles';
import { loadAverage } from './server-usage';
import { option } from '../option';

const messages = Number(option('messages', '200'));
const mode = option('mode', 'production') as AppMode;
const stages = process.argv.includes('--stages');
if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages must be a positive integer');
if (mode !== 'production' && mode !== 'development') throw new Error('--mode is production or development');
// messages.send allows 20 per 10 s per user: one every 550 ms stays under it.
const PACE_MS = 550;

if (stages) process.env['PERSEID_BENCH_STAGES'] = '1';
const app = await startApp({ mode });
const browser = await launchChromium();
try {
  const sender = await ChatUser.open(browser, app.url, { label: 'sender' });
  await sender.signUp(uniqueName('send'), 'sender-password', 'Sender');
  await sender.page.addInitScript({ content: WATCH_SENDS });
  await sender.page.reload();
  await sender.waitForWorkspace();
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
  /** Per message: Enter, and each browser-side stage, in epoch ms. */
  const stamps: Map<string, number>[] = [];
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
    stamps.push(
      new Map([
        ['enter', enter],
        ['frame-at-reader', frameAtReader],
        ['shown-to-reader', seenByReader],
      ]),
    );
    toReaderSocket.push(frameAtReader - enter);
    toReader.push(seenByReader - enter);
    toSelf.push(seenBySender - enter);
    baseline.push((await reader.page.evaluate(BASELINE_ROUND_TRIP)) as number);
    const rest = PACE_MS - (performance.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  const loadAfter = loadAverage();
  // Read once all calls are answered: a message's `result` often arrives after the reader saw it.
  await sender.page
    .waitForFunction((n) => Object.keys((window as unknown as { __result: object }).__result).length >= n, messages, { timeout: 5_000 })
    .catch(() => undefined);
  const senderStamps = (await sender.page.evaluate('[window.__sent, window.__result, window.__updated]')) as Record<string, number>[];
  for (const [i, at] of stamps.entries()) {
    for (const [k, name] of ['method-sent', 'result-at-sender', 'updated-at-sender'].entries()) {
      const value = senderStamps[k]?.[String(i)];
      if (value !== undefined) at.set(name, value);
    }
  }

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
  if (stages) printStages(stamps, app.output());
} finally {
  await browser.close();
  await app.stop();
}

/** Server stamps (`perseid-stage <stage> <n> <ms>`, first per stage and message) merged into the page stamps. */
function printStages(stamps: Map<string, number>[], output: string): void {
  for (const line of output.matchAll(/perseid-stage (\S+) (\d+) ([\d.]+)/g)) {
    const at = stamps[Number(line[2])];
    const stage = line[1] as string;
    if (at !== undefined && !at.has(stage)) at.set(stage, Number(line[3]));
  }
  // Stages in the order a message passes them (p50 after Enter decides the order).
  const names = new Set(stamps.flatMap((at) => [...at.keys()]));
  names.delete('enter');
  const afterEnter = new Map(
    [...names].map((name) => [name, stamps.flatMap((at) => (at.has(name) ? [(at.get(name) as number) - (at.get('enter') as number)] : []))]),
  );
  const order = [...names].sort((a, b) => percentiles(afterEnter.get(a) ?? []).at(50) - percentiles(afterEnter.get(b) ?? []).at(50));
  console.log('\n| stage | n | after Enter p50 | p90 | step from the previous stage p50 | p90 |\n|---|---|---|---|---|---|');
  let previous = 'enter';
  for (const name of order) {
    const after = percentiles(afterEnter.get(name) ?? []);
    const steps = percentiles(stamps.flatMap((at) => (at.has(name) && at.has(previous) ? [(at.get(name) as number) - (at.get(previous) as number)] : [])));
    console.log(`| ${name} | ${after.n} | ${ms(after.at(50))} | ${ms(after.at(90))} | ${ms(steps.at(50))} | ${ms(steps.at(90))} |`);
    previous = name;
  }
}
