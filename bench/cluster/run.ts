/**
 * One bench/cluster run: starts the deployment (cluster-harness), drives the chat load through
 * it, optionally injects a fault, waits for every owed delivery, and prints (and writes, with
 * --out) the figures: deliveries lost and duplicated, latency p50/p99, CPU and RSS of every
 * process, CPU per delivery, the servers' event-loop delay; with --plot, a PNG over time.
 *
 *   node --import tsx bench/cluster/run.ts --servers 3 --clients 1000 --rooms 50 --rate 100 --seconds 60
 *   ... --servers 1 --balancer none            (the one-server baseline)
 *   ... --fault kill|db-restart|slow-reader --fault-at 20
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import { MongoClient } from 'mongodb';
import { cpuShare, loadAverage, sampleProcess, type ProcessSample } from '../chat/server-usage';
import { ChatLoad, ms } from './chat-load';
import { startCluster } from './cluster-harness';
import { startSlowReader, type SlowReader } from './slow-reader';
import { writePlotPng, type Series } from './svg-plot';

const { values: args } = parseArgs({
  options: {
    servers: { type: 'string', default: '3' },
    balancer: { type: 'string', default: 'haproxy' },
    clients: { type: 'string', default: '1000' },
    rooms: { type: 'string', default: '50' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    fault: { type: 'string', default: 'none' },
    'fault-at': { type: 'string', default: '20' },
    'db-down': { type: 'string', default: '10' },
    bucket: { type: 'string', default: '1000' },
    sample: { type: 'string', default: '1000' },
    settle: { type: 'string', default: '60' },
    out: { type: 'string' },
    plot: { type: 'string' },
    label: { type: 'string', default: '' },
    warmup: { type: 'string', default: '60' },
    retain: { type: 'string', default: '0' },
  },
});

const num = (name: keyof typeof args): number => {
  const v = Number(args[name]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number, got ${String(args[name])}`);
  return v;
};
const servers = num('servers');
const seconds = num('seconds');
const fault = String(args.fault);
if (!['none', 'kill', 'db-restart', 'slow-reader'].includes(fault)) throw new Error(`--fault: none, kill, db-restart or slow-reader, got ${fault}`);
const balancer = args.balancer === 'none' ? 'none' : 'haproxy';
const shape = { clients: num('clients'), rooms: num('rooms'), rate: num('rate') };
if (shape.clients % shape.rooms !== 0) throw new Error('--clients must be a multiple of --rooms');
const faultAtMs = num('fault-at') * 1000;
const sampleMs = num('sample');

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const startedAt = new Date().toISOString();
const loadAtStart = loadAverage();
console.log(
  `${startedAt} commit ${commit} load ${loadAtStart}: ${servers} server(s), balancer ${balancer}, ${shape.clients} clients in ${shape.rooms} rooms, ${shape.rate} msg/s for ${seconds} s, fault ${fault}`,
);

const cluster = await startCluster({ servers, balancer, boundMs: (seconds + num('settle') + 240) * 1000, loopReportMs: sampleMs });
const load = new ChatLoad(shape, () => cluster.url, num('bucket'));
const connectStarted = performance.now();
await load.connect();
console.log(`connected and subscribed ${shape.clients} clients in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`);

interface Sample {
  readonly t: number;
  readonly procs: Record<string, ProcessSample | undefined>;
  readonly owed: number;
  readonly oldestMs: number;
  readonly connected: number;
}
const pids = (): Record<string, number | undefined> => ({
  ...Object.fromEntries(cluster.servers.map((s, i) => [`server${i}`, s.isAlive() ? s.child.pid : undefined])),
  database: cluster.db.pid,
  haproxy: cluster.haproxy?.child.pid,
  clients: process.pid,
});
const sampleAll = (): Record<string, ProcessSample | undefined> => {
  const out: Record<string, ProcessSample | undefined> = {};
  for (const [name, pid] of Object.entries(pids())) {
    try {
      out[name] = pid === undefined ? undefined : sampleProcess(pid);
    } catch {
      out[name] = undefined;
    }
  }
  return out;
};

const samples: Sample[] = [];
const markers: { x: number; label: string }[] = [];
load.startSending();
const t0 = load.sendStartedAt;
const takeSample = (): void => {
  const b = load.backlog();
  samples.push({ t: performance.now() - t0, procs: sampleAll(), owed: b.owed, oldestMs: b.oldestMs, connected: load.connectedCount() });
};
takeSample();
const sampler = setInterval(takeSample, sampleMs);
// Oldest owed delivery, every 100 ms: when the backlog clears after the fault.
const backlogTrace: [number, number][] = [];
const backlogTimer = setInterval(() => backlogTrace.push([performance.now() - t0, load.backlog().oldestMs]), 100);

// --retain N: a retention policy, as a chat with bounded history has: every 5 s, delete all but
// the newest N acknowledged messages, so the published data set stops growing (a soak then
// shows growth that is not data).
const retain = num('retain');
let retention: NodeJS.Timeout | undefined;
if (retain > 0) {
  load.keepIds = true;
  const sweeper = new MongoClient(cluster.db.url, { serverSelectionTimeoutMS: 10_000 });
  retention = setInterval(() => {
    const old = load.acknowledgedIds.splice(0, Math.max(0, load.acknowledgedIds.length - retain));
    if (old.length > 0)
      void sweeper
        .db()
        .collection<{ _id: string }>('messages')
        .deleteMany({ _id: { $in: old } })
        .catch((error: unknown) => console.error('retention sweep failed:', error));
  }, 5_000);
  process.once('beforeExit', () => void sweeper.close());
}

let slowReaders: SlowReader[] = [];
let faultAt: number | undefined;
let repairedAt: number | undefined;
const faultRun = (async () => {
  if (fault === 'none') return;
  await new Promise((resolve) => setTimeout(resolve, faultAtMs));
  faultAt = performance.now() - t0;
  if (fault === 'kill') {
    const victim = cluster.servers[1] ?? cluster.servers[0];
    victim?.kill('SIGKILL');
    markers.push({ x: faultAt / 1000, label: 'kill -9 server1' });
    repairedAt = faultAt;
  } else if (fault === 'db-restart') {
    await cluster.db.stop('SIGKILL');
    markers.push({ x: faultAt / 1000, label: 'database killed' });
    await new Promise((resolve) => setTimeout(resolve, num('db-down') * 1000));
    await cluster.db.start();
    repairedAt = performance.now() - t0;
    markers.push({ x: repairedAt / 1000, label: 'database back' });
  } else {
    const rooms = Array.from({ length: shape.rooms }, (_, i) => load.roomOf(i));
    slowReaders = await Promise.all(Array.from({ length: 5 }, () => startSlowReader(cluster.url, rooms)));
    markers.push({ x: faultAt / 1000, label: '5 clients stop reading' });
    repairedAt = faultAt;
  }
})();

await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
load.stopSending();
clearInterval(retention);
await faultRun;
const stoppedAt = performance.now() - t0;
const settleDeadline = performance.now() + num('settle') * 1000;
while (load.backlog().owed > 0 && performance.now() < settleDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
await new Promise((resolve) => setTimeout(resolve, 1000));
clearInterval(sampler);
clearInterval(backlogTimer);
takeSample();

// The database's view: each message stored once.
const mongo = new MongoClient(cluster.db.url, { serverSelectionTimeoutMS: 10_000 });
const docs = await mongo
  .db()
  .collection<{ text: string }>('messages')
  .find({}, { projection: { text: 1 } })
  .toArray();
await mongo.close();
const stored = new Map<string, number>();
for (const d of docs) {
  const seq = d.text.split('|')[0] ?? '';
  stored.set(seq, (stored.get(seq) ?? 0) + 1);
}
const storedTwice = [...stored.values()].filter((n) => n > 1).length;

const owed = load.backlog().owed;
const first = samples[0] as Sample;
const last = samples[samples.length - 1] as Sample;
// CPU over the sending window only (connect and settle excluded): the sample nearest its end.
const sendEnd = samples.reduce((best, s) => (Math.abs(s.t - seconds * 1000) < Math.abs(best.t - seconds * 1000) ? s : best), last);
const usage: Record<string, { cpuShare: number; rssMiB: number; rssMaxMiB: number }> = {};
let serverCpuMs = 0;
for (const name of Object.keys(first.procs)) {
  const a = first.procs[name];
  const series = samples.map((s) => s.procs[name]).filter((p): p is ProcessSample => p !== undefined && Number.isFinite(p.rssBytes));
  const lastAlive = [...samples].reverse().find((s) => s.procs[name] !== undefined && Number.isFinite(s.procs[name]?.rssBytes) && s.t <= sendEnd.t)?.procs[
    name
  ];
  if (a === undefined || lastAlive === undefined) continue;
  usage[name] = { cpuShare: cpuShare(a, lastAlive), rssMiB: lastAlive.rssBytes / 2 ** 20, rssMaxMiB: Math.max(...series.map((p) => p.rssBytes)) / 2 ** 20 };
  if (name.startsWith('server')) serverCpuMs += lastAlive.cpuMs - a.cpuMs;
}
const deliveriesInWindow = load.deliveries;

let faultFigures: Record<string, number> | undefined;
if (faultAt !== undefined) {
  // Converged: after the last moment past the fault at which a delivery had been owed for
  // longer than ever in the 15 s before it (at least 250 ms): every client is back in step.
  const repaired = repairedAt ?? faultAt;
  const normalMs = Math.max(250, ...backlogTrace.filter(([t]) => t >= (faultAt as number) - 15_000 && t < (faultAt as number)).map(([, oldest]) => oldest));
  const late = backlogTrace.filter(([t, oldest]) => t >= (faultAt as number) && oldest > normalMs);
  const convergedAt = late.length === 0 ? (faultAt as number) : (late[late.length - 1] as [number, number])[0] + 100;
  const peakOwedMs = Math.max(0, ...backlogTrace.filter(([t]) => t >= (faultAt as number)).map(([, oldest]) => oldest));
  const during = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 36_000_000, numberOfSignificantValueDigits: 2 });
  const before = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 36_000_000, numberOfSignificantValueDigits: 2 });
  for (const b of load.buckets) {
    if (b.startMs + load.bucketMs > faultAt && b.startMs <= Math.max(convergedAt, repaired + 1000)) during.add(b.histogram);
    if (b.startMs + load.bucketMs <= faultAt && b.startMs >= 5_000) before.add(b.histogram);
  }
  faultFigures = {
    faultAtS: faultAt / 1000,
    repairedAtS: repaired / 1000,
    convergedAfterFaultS: (convergedAt - faultAt) / 1000,
    convergedAfterRepairS: (convergedAt - repaired) / 1000,
    peakOldestOwedMs: peakOwedMs,
    convergenceThresholdMs: normalMs,
    p99DuringMs: during.totalCount > 0 ? ms(during.getValueAtPercentile(99)) : Number.NaN,
    maxDuringMs: during.totalCount > 0 ? ms(during.maxValue) : Number.NaN,
    p99BeforeMs: before.totalCount > 0 ? ms(before.getValueAtPercentile(99)) : Number.NaN,
  };
}

// Memory growth after warm-up: mean RSS over the minute after --warmup against the last minute
// of sending.
const rssGrowth: Record<string, { warmMiB: number; endMiB: number; growthPercent: number }> = {};
const warmFrom = num('warmup') * 1000;
const meanRss = (name: string, from: number, to: number): number => {
  const xs = samples
    .filter((s) => s.t >= from && s.t <= to)
    .map((s) => s.procs[name]?.rssBytes)
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length / 2 ** 20;
};
if (seconds * 1000 >= warmFrom + 120_000) {
  for (const name of Object.keys(first.procs)) {
    const warm = meanRss(name, warmFrom, warmFrom + 60_000);
    const end = meanRss(name, seconds * 1000 - 60_000, seconds * 1000);
    rssGrowth[name] = { warmMiB: warm, endMiB: end, growthPercent: ((end - warm) / warm) * 100 };
  }
}
const loopDelays = cluster.loopDelays.map((reports) => ({
  p99MaxMs: Math.max(0, ...reports.map((r) => r.p99Ms)),
  p50MedianMs: [...reports.map((r) => r.p50Ms)].sort((a, b) => a - b)[Math.floor(reports.length / 2)] ?? Number.NaN,
}));

const result = {
  label: args.label,
  startedAt,
  commit,
  loadAtStart,
  loadAtEnd: loadAverage(),
  command: `node --import tsx bench/cluster/run.ts ${process.argv.slice(2).join(' ')}`,
  servers,
  balancer,
  shape,
  seconds,
  sent: load.sent,
  acknowledged: load.acknowledged,
  failedSends: load.failed,
  failures: Object.fromEntries(load.failures),
  expectedDeliveries: load.acknowledged * (load.roomSize - 1),
  deliveries: load.deliveries,
  lostDeliveries: owed,
  duplicateDeliveries: load.duplicates,
  strayDeliveries: load.strays,
  storedTwice,
  storedMessages: docs.length,
  settledAfterStopS: (performance.now() - t0 - stoppedAt) / 1000,
  latencyMs: { p50: ms(load.all.getValueAtPercentile(50)), p99: ms(load.all.getValueAtPercentile(99)), max: ms(load.all.maxValue) },
  deliveriesPerSecond: load.deliveries / seconds,
  serverCpuMsPerDelivery: serverCpuMs / Math.max(1, deliveriesInWindow),
  usage,
  loopDelays,
  rssGrowth,
  fault: faultFigures === undefined ? fault : { kind: fault, ...faultFigures },
  finalConnected: load.connectedCount(),
};
console.log(JSON.stringify(result, null, 2));
if (args.out !== undefined)
  writeFileSync(
    args.out,
    `${JSON.stringify({ ...result, samples: samples.map((s) => ({ t: s.t, owed: s.owed, oldestMs: s.oldestMs, connected: s.connected, rss: Object.fromEntries(Object.entries(s.procs).map(([k, p]) => [k, p?.rssBytes])) })), loopReports: cluster.loopDelays, backlogTrace }, null, 1)}\n`,
  );

if (args.plot !== undefined) {
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#17becf'];
  const bucketSeries = (name: string, color: string, pick: (h: hdr.Histogram) => number): Series => ({
    name,
    color,
    points: load.buckets.filter((b) => b.histogram.totalCount > 0).map((b) => [b.startMs / 1000, ms(pick(b.histogram))] as const),
  });
  const latencyPanel = {
    title: `Delivery latency by send time (${servers} server(s), ${shape.clients} clients, ${shape.rate} msg/s)`,
    yLabel: 'ms (log scale)',
    log: true,
    series: [
      bucketSeries('p50', colors[0] as string, (h) => h.getValueAtPercentile(50)),
      bucketSeries('p99', colors[1] as string, (h) => h.getValueAtPercentile(99)),
      bucketSeries('max', colors[3] as string, (h) => h.maxValue),
    ],
  };
  const t0Wall = Date.now() - (performance.now() - t0);
  const rssPanel = {
    title: 'Resident memory per process',
    yLabel: 'MiB',
    series: Object.keys(first.procs).map((name, i) => ({
      name,
      color: colors[i % colors.length] as string,
      points: samples.filter((s) => s.procs[name] !== undefined).map((s) => [s.t / 1000, (s.procs[name] as ProcessSample).rssBytes / 2 ** 20] as const),
    })),
  };
  const loopPanel = {
    title: 'Server event-loop delay (p99 over each sample interval)',
    yLabel: 'ms',
    series: cluster.loopDelays.map((reports, i) => ({
      name: `server${i}`,
      color: colors[i % colors.length] as string,
      points: reports.map((r) => [(r.at - t0Wall) / 1000, r.p99Ms] as const),
    })),
  };
  const backlogPanel = {
    title: 'Oldest delivery still owed',
    yLabel: 'ms',
    series: [{ name: 'oldest owed', color: colors[4] as string, points: backlogTrace.filter((_, i) => i % 5 === 0).map(([t, o]) => [t / 1000, o] as const) }],
  };
  const panels = fault === 'none' ? [latencyPanel, rssPanel, loopPanel] : [latencyPanel, backlogPanel, loopPanel];
  await writePlotPng(
    { title: `${args.label} — ${startedAt.slice(0, 16)} UTC, commit ${commit}`, xLabel: 'seconds since sending started', panels, markers },
    args.plot,
  );
  console.log(`plot: ${args.plot}`);
}

for (const r of slowReaders) r.close();
load.close();
await cluster.stop();
process.exit(0);
