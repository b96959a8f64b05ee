/**
 * What a snapshot compaction costs the clients of a journaled minimongod holding N documents:
 * a client inserts at a steady rate while the server compacts; the insert latency (from the
 * moment each insert was due, so a stalled loop is not hidden by late sends) and the longest
 * event-loop stall are reported for the compaction window beside the same run's window
 * without compaction (the baseline). Server and client share one process, so a stall of the
 * server's loop is a stall of the client too.
 *
 *   npx tsx bench/minimongod/compaction-stall.ts [documents=100000] [--root <repo>]
 *
 * `--root` loads minimongod from another checkout (e.g. the code before a change, extracted
 * with `git archive`), so before and after run the same script.
 *
 * Phases: (1) load N documents `{_id: n, room, text}` through the driver into a server that
 * never compacts, stop it; (2) start a server on that dbPath with `compactBytes: 1` and a
 * 3 s TTL tick, so its first tick (3 s after start) starts a compaction of the whole data
 * set; the baseline window is 0.5–2.9 s after start, the compaction window from the tick to
 * 0.2 s after the "compacted" log line.
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { percentiles } from '../percentiles';

type Start = (options: Record<string, unknown>) => Promise<{ url: string; stop(): Promise<void> }>;

const here = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { root: { type: 'string' } }, allowPositionals: true });
const root = values.root !== undefined ? path.resolve(values.root) : path.resolve(here, '..', '..');
const total = Number(positionals[0] ?? 100_000);
const TICK_MS = 3000;
const INSERT_EVERY_MS = 4;

const { startMinimongod } = (await import(pathToFileURL(path.join(root, 'packages/minimongod/src/index.ts')).href)) as { startMinimongod: Start };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-compaction-'));
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Stall {
  readonly at: number;
  readonly gap: number;
  /** CPU ms (all threads of this process) during the gap. */
  readonly cpu: number;
}

interface Sample {
  readonly due: number;
  readonly latency: number;
}

function summarise(label: string, samples: Sample[], from: number, to: number, stalls: Stall[]): void {
  const lat = percentiles(samples.filter((s) => s.due >= from && s.due < to).map((s) => s.latency));
  const stall = stalls.filter((s) => s.at >= from && s.at - s.gap < to).reduce((m, s) => Math.max(m, s.gap), 0);
  console.log(
    `${label.padEnd(28)} inserts ${String(lat.n).padStart(5)}  p50 ${lat.at(50).toFixed(2).padStart(8)} ms  p99 ${lat.at(99).toFixed(2).padStart(8)} ms  max ${lat.max.toFixed(2).padStart(8)} ms  longest loop stall ${stall.toFixed(1).padStart(7)} ms`,
  );
}

try {
  console.log(`compaction-stall — ${new Date().toISOString()} — ${total} documents — minimongod from ${root} — loadavg ${load()}`);
  const dbPath = path.join(dir, 'db');
  const loader = await startMinimongod({ quiet: true, dbPath, compactBytes: Number.MAX_SAFE_INTEGER });
  const loadClient = new MongoClient(loader.url);
  const coll = loadClient.db('bench').collection('messages');
  for (let i = 0; i < total; i += 10_000) {
    await coll.insertMany(
      Array.from({ length: Math.min(10_000, total - i) }, (_, j) => ({ _id: i + j, room: `r${(i + j) % 100}`, text: 'hi there' })) as never[],
    );
  }
  await loadClient.close();
  await loader.stop();
  console.log(`loaded; journal ${(fs.statSync(path.join(dbPath, 'journal.wal')).size / 2 ** 20).toFixed(0)} MiB`);

  // Loop-stall probe: every timer callback records the gap since the previous one, and the
  // CPU time this process used meanwhile (a gap with little CPU is the shared machine
  // running someone else, not our loop being busy).
  const stalls: Stall[] = [];
  let lastProbe = performance.now();
  let lastCpu = process.cpuUsage();
  const probe = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    stalls.push({ at: now, gap: now - lastProbe, cpu: (cpu.user + cpu.system) / 1000 });
    lastProbe = now;
    lastCpu = process.cpuUsage();
  }, 1);

  let compactionStarted = Number.NaN;
  let compactionEnded = Number.NaN;
  let endedResolve: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    endedResolve = resolve;
  });
  const log = (line: string): void => {
    if (/compaction started/.test(line) && Number.isNaN(compactionStarted)) compactionStarted = performance.now();
    if (/compaction/.test(line))
      console.log(`server at ${(performance.now() - (Number.isNaN(compactionStarted) ? performance.now() : compactionStarted)).toFixed(0)} ms: ${line}`);
    if (/compacted the journal/.test(line) && Number.isNaN(compactionEnded)) {
      compactionEnded = performance.now();
      // Synchronous compaction: it began when the loop last ran a probe.
      if (Number.isNaN(compactionStarted)) compactionStarted = lastProbe;
      endedResolve();
    }
  };
  const restart = performance.now();
  const server = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: TICK_MS, log });
  const t0 = performance.now();
  console.log(`restarted (journal replay included) in ${(t0 - restart).toFixed(0)} ms`);
  const client = new MongoClient(server.url);
  const live = client.db('bench').collection('messages');
  await live.findOne({ _id: 0 as never });

  const samples: Sample[] = [];
  let sent = 0;
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const pump = (): void => {
    if (!running) return;
    const now = performance.now();
    while (t0 + sent * INSERT_EVERY_MS <= now) {
      const due = t0 + sent * INSERT_EVERY_MS;
      const id = `live-${sent}`;
      sent += 1;
      const p: Promise<void> = live.insertOne({ _id: id as never, room: 'r1', text: 'hi there' }).then(() => {
        samples.push({ due, latency: performance.now() - due });
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    setTimeout(pump, 1);
  };
  pump();
  await ended;
  await new Promise((resolve) => setTimeout(resolve, 200));
  running = false;
  await Promise.all(inFlight);
  clearInterval(probe);
  const windowEnd = compactionEnded + 200;

  summarise('baseline (no compaction)', samples, t0 + 500, t0 + TICK_MS - 100, stalls);
  summarise('during compaction', samples, compactionStarted, windowEnd, stalls);
  const top = stalls
    .filter((s) => s.at >= compactionStarted && s.at < windowEnd)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, 5);
  console.log(
    `longest stalls in the compaction window: ${top.map((s) => `${s.gap.toFixed(1)} ms (CPU ${s.cpu.toFixed(1)} ms) ending at +${(s.at - compactionStarted).toFixed(0)} ms`).join(', ')}`,
  );
  const slow = samples
    .filter((x) => x.due >= compactionStarted && x.due < windowEnd)
    .sort((x, y) => y.latency - x.latency)
    .slice(0, 5);
  console.log(
    `slowest inserts in the compaction window: ${slow.map((x) => `${x.latency.toFixed(1)} ms due at +${(x.due - compactionStarted).toFixed(0)} ms`).join(', ')}`,
  );
  console.log(
    `compaction: ${(compactionEnded - compactionStarted).toFixed(0)} ms from start to the snapshot in place (started ${(compactionStarted - t0).toFixed(0)} ms after start-up)`,
  );
  console.log(`snapshot ${(fs.statSync(path.join(dbPath, 'snapshot.bson')).size / 2 ** 20).toFixed(0)} MiB; loadavg at end ${load()}`);
  await client.close();
  await server.stop();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
