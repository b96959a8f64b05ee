/**
 * 10,000 kept documents in headless Chromium's IndexedDB: the size on disk
 * (navigator.storage.estimate) and the time a page load takes to paint them from the cache
 * (collectionCache.open: read, parse, insert into minimongo), beside the same documents parsed
 * and inserted without IndexedDB in the same page and run; and the time to fill the kept
 * collection one insert at a time (to flushed), beside the same inserts into a collection that
 * is not kept.
 *
 *   npx tsx bench/offline/kept-documents.bench.ts [--count 10000] [--rounds 5]
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { countOption } from '../option';
import { percentiles } from '../percentiles';
import type { KeptRoundResult } from './kept-documents.page';

const count = countOption('count', 10_000);
const rounds = countOption('rounds', 5);

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./kept-documents.page.ts', import.meta.url))],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  conditions: ['browser'],
  minify: true,
  logLevel: 'error',
});
const script = bundle.outputFiles[0]?.text;
if (script === undefined) throw new Error('esbuild produced no output');

// IndexedDB needs a real origin: a page served from 127.0.0.1.
const http = createServer((req, res) => {
  if (req.url === '/bench.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><script src="/bench.js"></script></body></html>');
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
  const load = loadavg();
  const results: KeptRoundResult[] = [];
  for (let round = 0; round < rounds; round++) results.push(await page.evaluate(([n, r]) => window.runKeptRound(n, r), [count, round] as const));
  const loadAfter = loadavg();
  const median = (pick: (r: KeptRoundResult) => number) => percentiles(results.map(pick)).at(50);
  const all = (pick: (r: KeptRoundResult) => number) => results.map((r) => pick(r).toFixed(0)).join(', ');
  console.log(`Kept documents: ${count} chat messages, ${rounds} rounds, Chromium headless`);
  console.log(`machine: ${cpus().length} cores, load average ${load[0]?.toFixed(2)} before / ${loadAfter[0]?.toFixed(2)} after (1 min)`);
  console.log(`painted from the cache: ${results.map((r) => r.painted).join(', ')}`);
  console.log(`size on disk (storage estimate): median ${(median((r) => r.bytes) / 1024 / 1024).toFixed(2)} MiB (${all((r) => r.bytes / 1024)} KiB)`);
  console.log(`written by keep() (insert → flushed): median ${median((r) => r.writeMs).toFixed(0)} ms (${all((r) => r.writeMs)})`);
  console.log(`  of which the inserts alone (before the flush): median ${median((r) => r.keptInsertMs).toFixed(0)} ms (${all((r) => r.keptInsertMs)})`);
  console.log(
    `baseline, the same single inserts into a collection not kept: median ${median((r) => r.fillBaselineMs).toFixed(0)} ms (${all((r) => r.fillBaselineMs)})`,
  );
  console.log(`cache open (read + parse + insert): median ${median((r) => r.openMs).toFixed(0)} ms (${all((r) => r.openMs)})`);
  console.log(`  of which the IndexedDB read alone: median ${median((r) => r.readMs).toFixed(0)} ms (${all((r) => r.readMs)})`);
  console.log(`baseline, parse + insert without IndexedDB: median ${median((r) => r.baselineMs).toFixed(0)} ms (${all((r) => r.baselineMs)})`);
} finally {
  await browser.close();
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}
