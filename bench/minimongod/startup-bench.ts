/**
 * Start-up time of a journaled minimongod holding one million small documents: once recovering
 * from the journal alone, once from a compacted snapshot. Baseline: start-up of an empty dbPath.
 *
 *   npx tsx bench/minimongod/startup-bench.ts [documents=1000000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startMinimongod } from '@perseid/minimongod';

const total = Number(process.argv[2] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-startup-'));
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

async function timedStart(dbPath: string, extra: { compactBytes?: number; ttlIntervalMs?: number } = {}) {
  const t0 = performance.now();
  const handle = await startMinimongod({ quiet: true, dbPath, ...extra });
  return { handle, ms: performance.now() - t0 };
}

try {
  console.log(`start-up benchmark — ${new Date().toISOString()} — ${total} documents, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const empty = await timedStart(path.join(dir, 'empty'));
  await empty.handle.stop();
  console.log(`baseline: empty dbPath start-up ${empty.ms.toFixed(1)} ms`);

  const dbPath = path.join(dir, 'db');
  // Loading must not compact, so the first restart replays the whole journal.
  const loader = await startMinimongod({ quiet: true, dbPath, compactBytes: Number.MAX_SAFE_INTEGER });
  const client = new MongoClient(loader.url);
  const coll = client.db('bench').collection('messages');
  const t0 = performance.now();
  const batch = 10_000;
  for (let i = 0; i < total; i += batch) {
    await coll.insertMany(Array.from({ length: Math.min(batch, total - i) }, (_, j) => ({ _id: i + j, room: `r${(i + j) % 100}`, text: 'hi there' })) as never[]);
  }
  const loadMs = performance.now() - t0;
  await client.close();
  await loader.stop();
  const journalBytes = fs.statSync(path.join(dbPath, 'journal.wal')).size;
  console.log(`loaded ${total} docs through the driver in ${(loadMs / 1000).toFixed(1)} s; journal ${mb(journalBytes)} MiB`);

  const rssBefore = process.memoryUsage().rss;
  const fromJournal = await timedStart(dbPath, { compactBytes: 0, ttlIntervalMs: 50 });
  console.log(`start-up replaying the journal: ${fromJournal.ms.toFixed(0)} ms (RSS +${mb(process.memoryUsage().rss - rssBefore)} MiB)`);
  // compactBytes 0: the first maintenance tick writes a snapshot and empties the journal.
  while (fs.statSync(path.join(dbPath, 'journal.wal')).size > 0 || !fs.existsSync(path.join(dbPath, 'snapshot.bson'))) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await fromJournal.handle.stop();
  console.log(`snapshot ${mb(fs.statSync(path.join(dbPath, 'snapshot.bson')).size)} MiB`);
  const fromSnapshot = await timedStart(dbPath);
  console.log(`start-up from the snapshot: ${fromSnapshot.ms.toFixed(0)} ms`);
  const check = new MongoClient(fromSnapshot.handle.url);
  const count = await check.db('bench').collection('messages').estimatedDocumentCount();
  await check.close();
  await fromSnapshot.handle.stop();
  if (count !== total) throw new Error(`expected ${total} documents after restart, found ${count}`);
  console.log(`verified ${count} documents after restart; loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
