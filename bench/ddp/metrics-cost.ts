/**
 * What the Prometheus metrics cost the hot path. Two DDP servers in one process, identical but
 * for `enableMetrics` on one ("on") and not the other ("off", the baseline), measured in
 * alternating rounds so machine load falls on both alike:
 *
 * 1. server CPU per method call without the network: a session on a transport that only counts,
 *    sequential no-op method calls (`method` in, `result` + `updated` out);
 * 2. method round trip over a loopback WebSocket (raw client, result + updated), p50/p99;
 * 3. what metrics add to each call by themselves: the observer's clock reads and histogram
 *    observation, timed alone over many calls, beside prom-client's own Histogram doing the same;
 * 4. one scrape of the endpoint's text with `--sessions` sessions holding one subscription each.
 *
 *   node --import tsx bench/ddp/metrics-cost.ts [--calls 40000] [--rounds 20] [--rtts 4000] [--sessions 1000]
 */
import { loadavg } from 'node:os';
import { Histogram, Registry } from 'prom-client';
import { WebSocket } from 'ws';
import { enableMetrics, type Server, type Subscription } from '@perseid/ddp-server';
import { startDdpStack, type DdpStack } from '../ddp-stack';
import { option } from '../option';

const calls = Number(option('calls', '40000'));
const rounds = Number(option('rounds', '20'));
const rtts = Number(option('rtts', '4000'));
const sessionCount = Number(option('sessions', '1000'));
const callsPerRound = Math.floor(calls / rounds);

function configure(server: Server): void {
  server.methods({ 'bench.noop': () => 1 });
  server.publish('bench.rooms', function (this: Subscription) {
    this.ready();
  });
}

/** A transport that wakes the caller when an `updated` frame goes out. */
interface WakingTransport {
  readonly bufferedAmount: number;
  onUpdated: () => void;
  send(frame: { text: string }): void;
  close(): void;
}

function countingTransport(): WakingTransport {
  const transport: WakingTransport = {
    bufferedAmount: 0,
    onUpdated: () => undefined,
    send(frame) {
      if (frame.text.startsWith('{"msg":"updated"')) transport.onUpdated();
    },
    close() {},
  };
  return transport;
}

async function cpuPerCall(server: Server, n: number): Promise<number> {
  const transport = countingTransport();
  const session = server.createSession(transport, { version: '1', clientAddress: null, httpHeaders: {} });
  const start = process.cpuUsage();
  for (let i = 0; i < n; i += 1) {
    const done = new Promise<void>((resolve) => {
      transport.onUpdated = resolve;
    });
    session.receive({ msg: 'method', id: String(i), method: 'bench.noop', params: [] });
    await done;
  }
  const used = process.cpuUsage(start);
  session.close();
  return (used.user + used.system) / n;
}

async function roundTrips(url: string, n: number): Promise<number[]> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let wake: (text: string) => void = () => undefined;
  ws.on('message', (data) => wake(String(data)));
  const next = (pattern: string) =>
    new Promise<void>((resolve) => {
      wake = (text) => {
        if (text.includes(pattern)) resolve();
      };
    });
  const connected = next('"connected"');
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
  await connected;
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const updated = next('"updated"');
    ws.send(JSON.stringify({ msg: 'method', id: String(i), method: 'bench.noop', params: [] }));
    await updated;
    times.push(performance.now() - t0);
  }
  ws.close();
  return times;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

const stacks: Record<'on' | 'off', DdpStack> = { on: await startDdpStack({ heartbeatInterval: 0 }), off: await startDdpStack({ heartbeatInterval: 0 }) };
configure(stacks.on.server);
configure(stacks.off.server);
const metrics = enableMetrics(stacks.on.server);
const loadBefore = loadavg()[0] ?? 0;

// Warm-up, then alternating rounds (on first in even rounds, off first in odd ones).
await cpuPerCall(stacks.on.server, 2000);
await cpuPerCall(stacks.off.server, 2000);
const cpu: Record<'on' | 'off', number[]> = { on: [], off: [] };
const rtt: Record<'on' | 'off', number[]> = { on: [], off: [] };
for (let round = 0; round < rounds; round += 1) {
  const order: Array<'on' | 'off'> = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
  for (const which of order) cpu[which].push(await cpuPerCall(stacks[which].server, callsPerRound));
  for (const which of order) rtt[which].push(...(await roundTrips(stacks[which].url, Math.ceil(rtts / rounds))));
}

// The observer alone: what a measured call adds (two clock reads, one histogram observation).
const observerRuns = 1_000_000;
const t0 = performance.now();
for (let i = 0; i < observerRuns; i += 1) {
  const started = metrics.observer.now();
  metrics.observer.finished('bench.noop', metrics.observer.now() - started, 'ok');
}
const observerNs = ((performance.now() - t0) * 1e6) / observerRuns;
// Reference: the same work with prom-client's own Histogram (child bound to its labels once).
const reference = new Histogram({
  name: 'reference_seconds',
  help: 'reference',
  labelNames: ['method', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [new Registry()],
});
const child = reference.labels({ method: 'bench.noop', outcome: 'ok' });
const t1 = performance.now();
for (let i = 0; i < observerRuns; i += 1) {
  const started = performance.now();
  child.observe((performance.now() - started) / 1000);
}
const referenceNs = ((performance.now() - t1) * 1e6) / observerRuns;

// Scrape cost with many sessions, each holding one subscription.
for (let i = 0; i < sessionCount; i += 1) {
  const session = stacks.on.server.createSession(countingTransport(), { version: '1', clientAddress: null, httpHeaders: {} });
  session.receive({ msg: 'sub', id: 's', name: 'bench.rooms' });
}
await new Promise((resolve) => setImmediate(resolve));
const scrapes: number[] = [];
let bytes = 0;
for (let i = 0; i < 20; i += 1) {
  const t0 = performance.now();
  bytes = (await metrics.text()).length;
  scrapes.push(performance.now() - t0);
}

const fmt = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(3)} ms, p99 ${quantile(sorted, 0.99).toFixed(3)} ms`;
};
const paired = cpu.on.map((on, i) => on - (cpu.off[i] ?? Number.NaN));
console.log(
  `server CPU per no-op method call (${rounds} rounds of ${callsPerRound} calls): metrics off median ${median(cpu.off).toFixed(2)} µs, on ${median(cpu.on).toFixed(2)} µs; median of per-round differences (on − off) ${median(paired).toFixed(2)} µs`,
);
console.log(`  per round off: ${cpu.off.map((v) => v.toFixed(2)).join(' ')}  on: ${cpu.on.map((v) => v.toFixed(2)).join(' ')}`);
console.log(`loopback method round trip (${rtt.off.length} calls each): metrics off ${fmt(rtt.off)}; on ${fmt(rtt.on)}`);
console.log(
  `observer alone (clock reads + histogram observe): ${observerNs.toFixed(0)} ns per call; with prom-client's Histogram instead ${referenceNs.toFixed(0)} ns (${observerRuns} calls each)`,
);
console.log(`one scrape, ${sessionCount} sessions × 1 subscription: ${fmt(scrapes)} (${bytes} bytes of text)`);
console.log(`load average (1 min) before ${loadBefore.toFixed(2)}, after ${(loadavg()[0] ?? 0).toFixed(2)}`);
for (const stack of Object.values(stacks)) await stack.close();
process.exit(0);
