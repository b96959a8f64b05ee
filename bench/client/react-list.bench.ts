/**
 * React list of 1,000 messages receiving 100 edits/s, in headless Chromium: the Perseid
 * client path (DDP frames → Connection → ClientCollection → useFind) beside a plain array
 * in React state, measured in the same page and run, alternating order across rounds.
 *
 *   npx tsx bench/client/react-list.bench.ts [--edits 500] [--rounds 3]
 *
 * A second pair appends up to 200 new messages at 20/s: a method stub inserting into the
 * ClientCollection (the server never answers, so this is the optimistic path alone) beside
 * appending to the plain array.
 *
 * Reports per variant: edit→commit latency (performance marks; the DDP path includes its
 * 5 ms write-batching window by design) and React render work per commit (Profiler
 * actualDuration), as median / p95 / max.
 */
import { build } from 'esbuild';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { VariantResult } from './react-list.page';
import { percentiles } from '../percentiles';
import { countOption } from '../option';

function stats(values: number[]): string {
  if (values.length === 0) return 'n/a';
  const summary = percentiles(values);
  return `median ${summary.at(50).toFixed(2)} ms, p95 ${summary.at(95).toFixed(2)} ms, max ${summary.max.toFixed(2)} ms`;
}

const edits = countOption('edits', 500);
const rounds = countOption('rounds', 3);
const count = 1000;
const intervalMs = 10;

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./react-list.page.tsx', import.meta.url))],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  conditions: ['browser'],
  jsx: 'automatic',
  minify: true,
  alias: { 'react-dom/client': 'react-dom/profiling' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
});
const script = bundle.outputFiles[0]?.text;
if (script === undefined) throw new Error('esbuild produced no output');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: script });
  const all = new Map<string, VariantResult[]>();
  const load = loadavg();
  for (let round = 0; round < rounds; round++) {
    const variants = ['baseline', 'ddp', 'ddp-unbatched', 'insert-baseline', 'insert-optimistic'];
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    const results = await page.evaluate((options) => window.runReactListBench(options), { count, edits, intervalMs, order });
    for (const r of results) all.set(r.variant, [...(all.get(r.variant) ?? []), r]);
  }
  const loadAfter = loadavg();
  console.log(
    `React list: ${count} messages, ${edits} edits at ${1000 / intervalMs}/s, ${rounds} rounds (order reversed every other round), Chromium headless, React production build`,
  );
  console.log(`machine: ${cpus().length} cores, load average ${load[0]?.toFixed(2)} before / ${loadAfter[0]?.toFixed(2)} after (1 min)`);
  for (const [variant, runs] of all) {
    const latencies = runs.flatMap((r) => r.latencies);
    const work = runs.flatMap((r) => r.renderWork);
    const commits = runs.reduce((n, r) => n + r.commits, 0);
    const missed = runs.reduce((n, r) => n + r.missed, 0);
    console.log(`\n${variant}`);
    console.log(`  edit → commit: ${stats(latencies)}  (${latencies.length} edits measured, ${missed} not seen)`);
    console.log(`  render work per commit: ${stats(work)}  (${commits} commits)`);
  }
} finally {
  await browser.close();
}
