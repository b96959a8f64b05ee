/**
 * Type → the other browser shows it: two people in two Chromium contexts; one presses Enter,
 * the other's page records when the message appears (same machine clock). Reported beside a
 * bare DDP method round trip (an unknown method: parse, dispatch, error result) from Node, and
 * the sender's own optimistic echo. Run: npx tsx bench/chat/type-to-screen.bench.ts [messages]
 */
import { DDP } from '@perseid/ddp-client';
import { launchChromium, signUpInBrowser } from '../../tests/e2e/browser';
import { machineLoad, summary } from './bench-support';
import { BenchServer } from './bench-server';

const COUNT = Number(process.argv[2] ?? 200);
// messages.send allows 20 per 10 s per user; pace just under it.
const PACE_MS = 520;

const server = await BenchServer.start('vite-dev');
const browser = await launchChromium();
try {
  const tag = Date.now().toString(36).slice(-4);
  const sender = await signUpInBrowser(browser, server.url, `send${tag}`, 'Sender');
  const reader = await signUpInBrowser(browser, server.url, `read${tag}`, 'Reader');
  const watch = () => {
    const w = window as unknown as { __seen: Record<string, number> };
    w.__seen = {};
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.main article.message')) {
        const m = /bench-(\d+)-end/.exec(el.textContent ?? '');
        if (m?.[1] !== undefined && w.__seen[m[1]] === undefined) w.__seen[m[1]] = Date.now();
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  };
  for (const page of [reader.page, sender.page]) await page.evaluate('window.__name = (f) => f');
  await reader.page.evaluate(watch);
  await sender.page.evaluate(watch);
  const input = sender.page.locator('.main .composer-input');
  const remote: number[] = [];
  const local: number[] = [];
  for (let n = 0; n < COUNT; n++) {
    await input.fill(`bench-${n}-end`);
    await sender.page.waitForTimeout(PACE_MS);
    const sentAt = await sender.page.evaluate(() => {
      const box = document.querySelector('.main .composer-input') as HTMLTextAreaElement;
      const t = Date.now();
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      return t;
    });
    const seen = await reader.page.waitForFunction((key) => (window as unknown as { __seen: Record<string, number> }).__seen[key], String(n), { timeout: 30_000 });
    remote.push(Number(await seen.jsonValue()) - sentAt);
    const echoed = await sender.page.evaluate((key) => (window as unknown as { __seen: Record<string, number> }).__seen[key], String(n));
    local.push(Number(echoed) - sentAt);
  }
  const ddp = DDP.connect(server.url);
  const rtt: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t = performance.now();
    await ddp.callAsync('bench.noSuchMethod').catch(() => undefined);
    rtt.push(performance.now() - t);
  }
  ddp.close();
  console.log(JSON.stringify({ measure: 'type-to-other-browser-ms', ...summary(remote), load: machineLoad() }));
  console.log(JSON.stringify({ measure: 'own-optimistic-echo-ms', ...summary(local) }));
  console.log(JSON.stringify({ measure: 'bare-ddp-method-round-trip-ms', ...summary(rtt.map((v) => Number(v.toFixed(2)))), load: machineLoad() }));
} finally {
  await browser.close();
  await server.stop();
}
