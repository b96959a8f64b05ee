/**
 * Start-up time of a journaled minimongod holding one million small documents: once recovering
 * from the journal alone, once from a compacted snapshot. Baseline: start-up of an empty dbPath.
 *
 *   npx tsx bench/minimongod/startup-bench.ts [documents=1000000]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startMinimongod } from '@perseid/minimongod';
import { spawnServer } from './spawn-server';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const total = Number(process.argv[2] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-startup-'));
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** Each start-up is measured in a fresh process, so heaps of earlier phases do not weigh on GC. */
function probe(dbPath: string, compactAfter: boolean): { ms: number; rssMiB: number } {
  const out = execFileSync(
    process.execPath,
    ['--import', require.resolve('tsx'), path.join(here, 'startup-probe.ts'), dbPath, ...(compactAfter ? ['compact'] : [])],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop() as string) as { ms: number; rssMiB: number };
}

async function timedStart(dbPath: string, extra: { compactBytes?: number; ttlIntervalMs?: number } = {}) {
  const t0 = performance.now();
  const handle = await startMinimongod({ quiet: true, dbPath, ...extra });
  return { handle, ms: performance.now() - t0 };
}

try {
  console.log(
    `start-up benchmark — ${new Date().toISOString()} — ${total} documents, loadavg ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const empty = await timedStart(path.join(dir, 'empty'));
  await empty.handle.stop();
  console.log(`baseline: empty dbPath start-up ${empty.ms.toFixed(1)} ms`);

  const dbPath = path.join(dir, 'db');
  // The load runs against a server in a child process (so this process starts with an empty
  // heap) that never compacts, so the first restart replays the whole journal.
  const loader = await spawnServer(dbPath, { neverCompact: true });
  const client = new MongoClient(loader.url);
  const coll = client.db('bench').collection('messages');
  const t0 = performance.now();
  const batch = 10_000;
  for (let i = 0; i < total; i += batch) {
    await coll.insertMany(
      Array.from({ length: Math.min(batch, total - i) }, (_, j) => ({ _id: i + j, room: `r${(i + j) % 100}`, text: 'hi there' })) as never[],
    );
  }
  const loadMs = performance.now() - t0;
  await client.close();
  await loader.stop();
  const journalBytes = fs.statSync(path.join(dbPath, 'journal.wal')).size;
  console.log(`loaded ${total} docs through the driver in ${(loadMs / 1000).toFixed(1)} s; journal ${mb(journalBytes)} MiB`);

  const fromJournal = probe(dbPath, true);
  console.log(`start-up replaying the journal: ${fromJournal.ms.toFixed(0)} ms (RSS +${fromJournal.rssMiB.toFixed(0)} MiB)`);
  console.log(`snapshot ${mb(fs.statSync(path.join(dbPath, 'snapshot.bson')).size)} MiB`);
  const fromSnapshotProbe = probe(dbPath, false);
  console.log(`start-up from the snapshot: ${fromSnapshotProbe.ms.toFixed(0)} ms (RSS +${fromSnapshotProbe.rssMiB.toFixed(0)} MiB)`);
  const fromSnapshot = await timedStart(dbPath);
  const check = new MongoClient(fromSnapshot.handle.url);
  const count = await check.db('bench').collection('messages').estimatedDocumentCount();
  await check.close();
  await fromSnapshot.handle.stop();
  if (count !== total) throw new Error(`expected ${total} documents after restart, found ${count}`);
  console.log(
    `verified ${count} documents after restart; loadavg ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
