/**
 * Type → the other browser shows it: two people in two Chromium contexts; one presses Enter,
 * the other's page records when the message appears (same machine clock). Reported beside a
 * minimal app method round trip (channels.markRead) from a Node DDP client, and
 * the sender's own optimistic echo. Run: npx tsx bench/chat/type-to-screen.bench.ts [messages]
 */
import { launchChromium, signUpInBrowser } from '../../tests/e2e/browser';
import { machineLoad, signUpClient, summary } from './bench-support';
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
  // Baseline first: a minimal app method (channels.markRead: one read, one update) from a Node
  // DDP client. (An unknown method would be barer, but ddp-server sends no `updated` for it, so
  // the call never settles; reported to the ddp-server owner.)
  const { connection: ddp } = await signUpClient(server.url, `rtt${tag}`);
  const rtt: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t = performance.now();
    await ddp.callAsync('channels.markRead', { channelId: 'general' });
    rtt.push(performance.now() - t);
  }
  ddp.close();
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
    if ((n + 1) % 20 === 0) console.error(`${n + 1}/${COUNT} last ${remote[remote.length - 1]} ms`);
  }
  console.log(JSON.stringify({ measure: 'type-to-other-browser-ms', ...summary(remote), load: machineLoad() }));
  console.log(JSON.stringify({ measure: 'own-optimistic-echo-ms', ...summary(local) }));
  console.log(JSON.stringify({ measure: 'app-method-round-trip-ms (channels.markRead, Node DDP client)', ...summary(rtt.map((v) => Number(v.toFixed(2)))), load: machineLoad() }));
} finally {
  await browser.close();
  await server.stop();
}
