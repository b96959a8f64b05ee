/**
 * What reading one change event costs this process through the official driver, two ways:
 * the driver's ChangeStream (`tryNext`, what the shared change stream uses) and a hand-driven
 * `$changeStream` aggregate + `getMore` commands on one explicit session (`db.command`).
 * Each iteration inserts one document through a second client and reads its event; the
 * baseline in the same run is the insert alone. minimongod runs on core 1; run this on core 0:
 *   taskset -c 0 node --import tsx bench/mongo/driver-read-cost.ts [--count 2000] [--rounds 2]
 * Reported per variant: p50 and mean wall time per iteration, and this process's CPU
 * (user + system) per iteration, which is what the variants differ by.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Document } from 'mongodb';
import { option } from '../option';

const count = Number(option('count', '2000'));
const rounds = Number(option('rounds', '2'));
const cli = fileURLToPath(new URL('../../packages/minimongod/src/cli.ts', import.meta.url));
const database = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', cli, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  createInterface({ input: database.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const match = /ready: (\S+)/.exec(line);
    if (match?.[1]) resolve(match[1]);
  });
  database.once('exit', (code) => reject(new Error(`minimongod exited early (${String(code)})`)));
});

const reader = await MongoClient.connect(url);
const writer = await MongoClient.connect(url);
const written = writer.db().collection('read_cost');
const text = 'x'.repeat(200);

type ReadEvent = () => Promise<unknown>;

async function measure(name: string, readEvent: ReadEvent | null): Promise<void> {
  const iteration = async (): Promise<void> => {
    // The read is parked on the server before the write arrives, as in a running app.
    const event = readEvent?.();
    await written.insertOne({ room: 'r', text });
    await event;
  };
  for (let i = 0; i < 200; i++) await iteration();
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await iteration();
    samples.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const p50 = samples[Math.floor(samples.length / 2)] as number;
  console.log(`${name.padEnd(44)} p50 ${p50.toFixed(3)} ms  mean ${mean.toFixed(3)} ms  CPU ${((cpu.user + cpu.system) / count).toFixed(1)} µs/iteration`);
}

const stream = reader.db().collection('read_cost').watch([], { fullDocument: 'updateLookup', maxAwaitTimeMS: 1000 });
await stream.tryNext();
const changeStreamRead: ReadEvent = async () => {
  for (;;) if ((await stream.tryNext()) !== null) return;
};

const session = reader.startSession();
const db = reader.db();
const opened = await db.command({ aggregate: 'read_cost', pipeline: [{ $changeStream: { fullDocument: 'updateLookup' } }], cursor: {} }, { session });
const cursorId: unknown = (opened['cursor'] as Document)['id'];
const commandRead: ReadEvent = async () => {
  for (;;) {
    const reply = await db.command({ getMore: cursorId, collection: 'read_cost', maxTimeMS: 1000 }, { session });
    if (((reply['cursor'] as Document)['nextBatch'] as unknown[]).length > 0) return;
  }
};

console.log(
  `driver-read-cost: ${count} iterations per variant, ${rounds} rounds, load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
for (let round = 0; round < rounds; round++) {
  await measure('insert only (baseline)', null);
  await measure('insert + ChangeStream.tryNext', changeStreamRead);
  await measure('insert + db.command getMore, one session', commandRead);
}
console.log(
  `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
await stream.close();
await db.command({ killCursors: 'read_cost', cursors: [cursorId] }, { session });
await session.endSession();
await reader.close();
await writer.close();
database.kill('SIGTERM');
