/**
 * minimongod through the official driver, each figure beside a `ping` round trip measured in
 * the same run (the wire path's limit). Server in a child process; in-memory and journaled.
 *
 *   npx tsx bench/minimongod/driver-bench.ts [--quick] [--only-delivery]
 *
 * --only-delivery skips the CRUD table and the existing delivery figures and runs only the
 * change-stream delivery breakdown (watcher placement × closed loop / offered rates).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { measureDelivery, type DeliveryFigures, type WriteLoad } from './change-stream-delivery';
import { fmt, runLoad, summariseLatencies, type Summary } from './measure';
import { spawnServer, type SpawnedServer } from './spawn-server';
import { flagOption } from '../option';

const quick = flagOption('quick');
const onlyDelivery = flagOption('only-delivery');
const scale = quick ? 0.2 : 1;
const n = (count: number): number => Math.max(10, Math.round(count * scale));

/** One concurrency level: the operation and a ping run right before it, paired. */
interface Paired {
  readonly op: Summary;
  readonly ping: Summary;
  readonly ratio: number;
}

interface Row {
  readonly name: string;
  readonly c1: Paired;
  readonly c32: Paired;
}

const ROUNDS = 3;

function fsyncCost(dir: string): { p50: number; mean: number } {
  const file = path.join(dir, 'fsync-probe');
  const fd = fs.openSync(file, 'a');
  const samples: number[] = [];
  const record = Buffer.alloc(200, 1);
  for (let i = 0; i < n(300); i += 1) {
    const t0 = performance.now();
    fs.writeSync(fd, record);
    fs.fdatasyncSync(fd);
    samples.push(performance.now() - t0);
  }
  fs.closeSync(fd);
  fs.unlinkSync(file);
  const { p50 } = summariseLatencies(samples);
  return { p50, mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/**
 * The journal's two ways to make a flush durable, as it runs them (through the thread pool):
 * write then fdatasync (two round trips), or one write on an O_DSYNC file. Interleaved so
 * both see the same disk and load.
 */
async function durableWriteCost(dir: string): Promise<{ writeThenSync: number; dsyncWrite: number }> {
  const plainFd = fs.openSync(path.join(dir, 'probe-plain'), 'a');
  const { O_APPEND, O_CREAT, O_WRONLY, O_DSYNC } = fs.constants;
  const dsyncFd = fs.openSync(path.join(dir, 'probe-dsync'), O_APPEND | O_CREAT | O_WRONLY | O_DSYNC, 0o666);
  const record = Buffer.alloc(200, 1);
  const write = (fd: number): Promise<void> => new Promise((resolve, reject) => fs.write(fd, record, (e) => (e ? reject(e) : resolve())));
  const datasync = (fd: number): Promise<void> => new Promise((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  const plain: number[] = [];
  const dsync: number[] = [];
  for (let i = 0; i < n(300); i += 1) {
    let t0 = performance.now();
    await write(plainFd);
    await datasync(plainFd);
    plain.push(performance.now() - t0);
    t0 = performance.now();
    await write(dsyncFd);
    dsync.push(performance.now() - t0);
  }
  fs.closeSync(plainFd);
  fs.closeSync(dsyncFd);
  return { writeThenSync: summariseLatencies(plain).p50, dsyncWrite: summariseLatencies(dsync).p50 };
}

interface Delivery {
  readonly fromCall: { p50: number; p99: number; n: number };
  /** Event time minus the insert's acknowledgement time (negative: the event came first). */
  readonly fromAck: { p50: number; p99: number; n: number };
}

async function changeStreamLatency(coll: Collection<Document>, total: number, concurrency: number): Promise<Delivery> {
  const stream = coll.watch([], { maxAwaitTimeMS: 1000 });
  const sentAt = new Map<number, number>();
  const ackedAt = new Map<number, number>();
  const seenAt = new Map<number, number>();
  const latencies: number[] = [];
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  stream.on('change', (event) => {
    if (event.operationType !== 'insert') return;
    const id = event.fullDocument['seq'] as number;
    const t0 = sentAt.get(id);
    const now = performance.now();
    seenAt.set(id, now);
    if (t0 !== undefined) latencies.push(now - t0);
    if (latencies.length === total) resolveAll();
  });
  // Let the stream's aggregate reach the server before the first write.
  await new Promise((r) => setTimeout(r, 200));
  await runLoad(total, concurrency, async (i) => {
    sentAt.set(i, performance.now());
    await coll.insertOne({ seq: i, body: 'hello' });
    ackedAt.set(i, performance.now());
  });
  await all;
  await stream.close();
  const afterAck = [...seenAt].map(([id, t]) => t - (ackedAt.get(id) ?? t));
  return { fromCall: summariseLatencies(latencies), fromAck: summariseLatencies(afterAck) };
}

/** One writer, `watchers` streams on the collection: time until the last stream has the event. */
async function changeStreamFanout(coll: Collection<Document>, total: number, watchers: number): Promise<{ p50: number; p99: number; n: number }> {
  const streams = Array.from({ length: watchers }, () => coll.watch([], { maxAwaitTimeMS: 1000 }));
  const sentAt = new Map<number, number>();
  const seenBy = new Map<number, number>();
  const latencies: number[] = [];
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  for (const stream of streams) {
    stream.on('change', (event) => {
      if (event.operationType !== 'insert') return;
      const id = event.fullDocument['seq'] as number;
      const seen = (seenBy.get(id) ?? 0) + 1;
      seenBy.set(id, seen);
      if (seen === watchers) {
        latencies.push(performance.now() - (sentAt.get(id) ?? 0));
        if (latencies.length === total) resolveAll();
      }
    });
  }
  await new Promise((r) => setTimeout(r, 300));
  await runLoad(total, 1, async (i) => {
    sentAt.set(i, performance.now());
    await coll.insertOne({ seq: i });
  });
  await all;
  await Promise.all(streams.map((s) => s.close()));
  return summariseLatencies(latencies);
}

/** Offered rates for the open-loop delivery runs, as fractions of the closed-loop insert rate. */
const RATE_FRACTIONS = [0.25, 0.5, 0.75] as const;

/**
 * Delivery at 32 callers measured several ways: closed loop and at offered rates below the
 * closed-loop insert capacity measured just before, with the watcher beside the writers and in
 * its own process.
 */
async function deliveryBreakdown(server: SpawnedServer, db: ReturnType<MongoClient['db']>, ping: () => Promise<void>): Promise<void> {
  const capacityColl = db.collection('capacity');
  await runLoad(n(2000), 32, async (i) => {
    await capacityColl.insertOne({ seq: -i - 1, body: 'warm-up' });
  });
  const pingRun = await runLoad(n(3000), 32, ping);
  const serverCpu0 = server.cpuMs();
  const benchCpu0 = process.cpuUsage();
  const capacity = await runLoad(n(8000), 32, async (i) => {
    await capacityColl.insertOne({ seq: i, body: 'hello' });
  });
  const benchCpu = process.cpuUsage(benchCpu0);
  const perInsert = (ms: number): string => fmt((ms / capacity.ops) * 1000, 0);
  console.log(
    `\nchange-stream delivery breakdown, 32 callers: closed-loop insertOne capacity ${fmt(capacity.opsPerSec, 0)} ops/s (p50 ${fmt(capacity.p50)} ms), paired ping ${fmt(pingRun.opsPerSec, 0)} ops/s (p50 ${fmt(pingRun.p50)} ms), no watcher open`,
  );
  console.log(
    `  CPU per insert in that run: server process ${perInsert(server.cpuMs() - serverCpu0)} µs, bench (driver) process ${perInsert((benchCpu.user + benchCpu.system) / 1000)} µs`,
  );
  console.log(
    '| writes | watcher | inserts/s achieved | call after due p50 / p99 ms (waited for a caller) | insert p50 / p99 ms | delivery from due p50 / p99 ms | from call p50 / p99 ms | from ack p50 / p99 ms |',
  );
  console.log('|---|---|---:|---|---|---|---|---|');
  const loads: WriteLoad[] = [
    { kind: 'closed-loop' },
    ...RATE_FRACTIONS.map((f): WriteLoad => ({ kind: 'at-rate', perSec: Math.round(capacity.opsPerSec * f) })),
  ];
  let run = 0;
  for (const load of loads) {
    for (const placement of ['writers-process', 'own-process'] as const) {
      run += 1;
      const figures: DeliveryFigures = await measureDelivery(server.url, db.collection(`delivery${run}`), { placement, load, total: n(3000), concurrency: 32 });
      const loadLabel = load.kind === 'closed-loop' ? 'closed loop' : `at ${fmt(load.perSec, 0)}/s (${fmt((100 * load.perSec) / capacity.opsPerSec, 0)} %)`;
      const q = (x: { p50: number; p99: number }): string => `${fmt(x.p50)} / ${fmt(x.p99)}`;
      const late = load.kind === 'closed-loop' ? 'n/a' : `${q(figures.callLate)} (${figures.startedLate})`;
      const due = load.kind === 'closed-loop' ? 'n/a' : q(figures.fromDue);
      console.log(
        `| ${loadLabel} | ${placement} | ${fmt(figures.achievedPerSec, 0)} | ${late} | ${q(figures.insert)} | ${due} | ${q(figures.fromCall)} | ${q(figures.fromAck)} |`,
      );
    }
  }
}

async function benchMode(label: string, dbPath: string | undefined): Promise<void> {
  const server = await spawnServer(dbPath);
  const client = new MongoClient(server.url, { maxPoolSize: 100 });
  await client.connect();
  const db = client.db('bench');
  const admin = client.db('admin');
  try {
    const ping = (): Promise<void> => admin.command({ ping: 1 }).then(() => undefined);
    await runLoad(n(500), 8, ping); // warm-up: pool connections, JIT
    const rows: Row[] = [];
    // The machine is shared and its load drifts, so each operation is paired with a ping run
    // just before it, over ROUNDS rounds; the round with the median ratio is reported.
    const paired = async (total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Paired> => {
      const rounds: Paired[] = [];
      for (let r = 0; r < ROUNDS; r += 1) {
        const pingRun = await runLoad(Math.max(10, Math.round(total / ROUNDS)), concurrency, ping);
        const opRun = await runLoad(Math.max(10, Math.round(total / ROUNDS)), concurrency, op);
        rounds.push({ op: opRun, ping: pingRun, ratio: opRun.opsPerSec / pingRun.opsPerSec });
      }
      rounds.sort((a, b) => a.ratio - b.ratio);
      return rounds[Math.floor(ROUNDS / 2)] as Paired;
    };
    const both = async (name: string, total1: number, total32: number, op: (i: number) => Promise<void>): Promise<void> => {
      const c1 = await paired(total1, 1, op);
      const c32 = await paired(total32, 32, op);
      rows.push({ name, c1, c32 });
    };
    if (onlyDelivery) {
      await deliveryBreakdown(server, db, ping);
      return;
    }
    const pingBase = await runLoad(n(3000), 1, ping);
    const inserts = db.collection('inserts');
    let seq = 0;
    await both('insertOne', n(2000), n(8000), async () => {
      await inserts.insertOne({ seq: seq++, body: 'a small chat message' });
    });
    const batch = Array.from({ length: 1000 }, (_, i) => ({ i, body: 'bulk' }));
    const many = db.collection('many');
    await both('insertMany (1,000 docs)', n(30), n(96), async () => {
      await many.insertMany(batch.map((d) => ({ ...d })));
    });
    const data = db.collection('data');
    await data.createIndex({ key: 1 });
    const docs = 10_000;
    for (let i = 0; i < docs; i += 1000) {
      await data.insertMany(Array.from({ length: 1000 }, (_, j) => ({ _id: i + j, key: `k${i + j}`, n: 0 })) as never[]);
    }
    await both('find by _id', n(3000), n(10000), async (i) => {
      await data.findOne({ _id: (i * 7919) % docs } as never);
    });
    await both('find by indexed field', n(3000), n(10000), async (i) => {
      await data.findOne({ key: `k${(i * 7919) % docs}` });
    });
    await both('updateOne by _id', n(2000), n(8000), async (i) => {
      await data.updateOne({ _id: (i * 7919) % docs } as never, { $inc: { n: 1 } });
    });
    const cs1 = await changeStreamLatency(db.collection('stream1'), n(500), 1);
    const cs32 = await changeStreamLatency(db.collection('stream32'), n(2000), 32);
    const fan = await changeStreamFanout(db.collection('fanout'), n(300), 10);

    console.log(`\n### ${label}\n`);
    console.log(
      '| operation | 1 caller: ops/s | p50 ms | p99 ms | paired ping ops/s | ×ping | 32 callers: ops/s | p50 ms | p99 ms | paired ping ops/s | ×ping |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      const cells = (p: Paired): string => `${fmt(p.op.opsPerSec, 0)} | ${fmt(p.op.p50)} | ${fmt(p.op.p99)} | ${fmt(p.ping.opsPerSec, 0)} | ${fmt(p.ratio)}`;
      console.log(`| ${row.name} | ${cells(row.c1)} | ${cells(row.c32)} |`);
    }
    console.log(
      `\nchange-stream delivery (insertOne call → watch() sees the event): 1 writer p50 ${fmt(cs1.fromCall.p50)} ms, p99 ${fmt(cs1.fromCall.p99)} ms (n=${cs1.fromCall.n}); 32 writers p50 ${fmt(cs32.fromCall.p50)} ms, p99 ${fmt(cs32.fromCall.p99)} ms (n=${cs32.fromCall.n}); 1-caller ping p50 in the same run ${fmt(pingBase.p50)} ms, p99 ${fmt(pingBase.p99)} ms`,
    );
    console.log(
      `  measured from the insert's acknowledgement instead: 1 writer p50 ${fmt(cs1.fromAck.p50)} ms, p99 ${fmt(cs1.fromAck.p99)} ms; 32 writers p50 ${fmt(cs32.fromAck.p50)} ms, p99 ${fmt(cs32.fromAck.p99)} ms (negative = event before ack)`,
    );
    console.log(`  1 writer, 10 watchers, until the last watcher has the event: p50 ${fmt(fan.p50)} ms, p99 ${fmt(fan.p99)} ms (n=${fan.n})`);
    await deliveryBreakdown(server, db, ping);
  } finally {
    await client.close();
    await server.stop();
  }
  if (dbPath !== undefined) {
    const journal = path.join(dbPath, 'journal.wal');
    console.log(`journal after the run: ${fs.existsSync(journal) ? fs.statSync(journal).size : 0} bytes`);
  }
}

/** The tree is shared while others work: say which commit ran and whether the server had local edits. */
function codeState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const edited = execFileSync('git', ['status', '--porcelain', '--', 'packages/minimongod'], { encoding: 'utf8' }).trim();
    return `HEAD ${head}, packages/minimongod ${
      edited === ''
        ? 'clean'
        : `with uncommitted edits: ${edited
            .split('\n')
            .map((l) => l.trim())
            .join('; ')}`
    }`;
  } catch {
    return 'git state unknown';
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-bench-'));
try {
  console.log(
    `minimongod driver benchmark — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores, loadavg ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}${quick ? ' (quick)' : ''}`,
  );
  console.log(codeState());
  const fsync = fsyncCost(dir);
  console.log(`fsync cost on ${dir}: write(200 B)+fdatasync p50 ${fmt(fsync.p50)} ms, mean ${fmt(fsync.mean)} ms`);
  const durable = await durableWriteCost(dir);
  console.log(
    `  through the thread pool as the journal does it: write then fdatasync p50 ${fmt(durable.writeThenSync)} ms; one write on an O_DSYNC file (the journal's mode on Linux) p50 ${fmt(durable.dsyncWrite)} ms`,
  );
  await benchMode('in memory (no dbPath)', undefined);
  await benchMode('journaled (dbPath, fsync before ack, group commit)', path.join(dir, 'db'));
  console.log(
    `\nloadavg at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
