import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startMinimongod } from './src/index';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
const total = Number(process.argv[2] ?? 500_000);
{
  const h = await startMinimongod({ quiet: true, dbPath: dir, compactBytes: Number.MAX_SAFE_INTEGER });
  const c = new MongoClient(h.url);
  const coll = c.db('b').collection('m');
  for (let i = 0; i < total; i += 10000) await coll.insertMany(Array.from({ length: 10000 }, (_, j) => ({ _id: i + j, room: `r${j % 100}`, text: 'hi there' })) as never[]);
  await c.close(); await h.stop();
}
const { Session } = await import('node:inspector/promises');
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.start');
const t0 = performance.now();
const h2 = await startMinimongod({ quiet: false, dbPath: dir, log: (l) => console.log(l) });
console.log('startup', (performance.now() - t0).toFixed(0), 'ms', 'heap', (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0));
const { profile } = await session.post('Profiler.stop');
await h2.stop();
fs.rmSync(dir, { recursive: true });
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
for (let i = 0; i < profile.samples.length; i++) { const n: any = byId.get(profile.samples[i]); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0)); }
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
