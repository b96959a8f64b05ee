import fs from 'node:fs';
import path from 'node:path';
import { startMinimongod } from '@perseid/minimongod';

// One start-up measured in a fresh process: `startup-probe.ts <dbPath> [compact]`.
// With `compact`, the server then compacts its journal into a snapshot before stopping.
const dbPath = process.argv[2] as string;
const compact = process.argv[3] === 'compact';
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const handle = await startMinimongod({ quiet: true, dbPath, ...(compact ? { compactBytes: 0, ttlIntervalMs: 50 } : {}) });
const ms = performance.now() - t0;
const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
if (compact) {
  const journal = path.join(dbPath, 'journal.wal');
  while (fs.statSync(journal).size > 0 || !fs.existsSync(path.join(dbPath, 'snapshot.bson'))) await new Promise((r) => setTimeout(r, 50));
}
await handle.stop();
process.stdout.write(`${JSON.stringify({ ms, rssMiB })}\n`);
