/**
 * Replay of queued calls on reconnect: N calls kept offline in a durable outbox, then a new page
 * load (new Connection, same storage) replays them to the real DDP server over a real WebSocket;
 * time from the outbox opening to every call answered. Baseline, same run: the same N calls made
 * online on a connected Connection, time to every call answered. And the replay of N calls the
 * server already ran (answered from its replay log).
 *
 *   node --import tsx bench/offline/outbox-replay.ts [calls=500] [rounds=5]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { WebSocket } from 'ws';
import { Connection, DurableOutbox, memoryOutboxStorage, WebSocketTransport, type WebSocketConstructor } from '@perseid/ddp-client';
import { Server, type MethodInvocation } from '@perseid/ddp-server';

const calls = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 5);

const server = new Server({ log: () => {}, inboundMessagesPerSecond: 1e9, inboundBurst: 1e9 });
let runs = 0;
server.methods({
  async login(this: MethodInvocation, userId: string) {
    await this.setUserId(userId);
  },
  post(this: MethodInvocation, text: string) {
    runs += 1;
    return text.length;
  },
});
const http = createServer((_req, res) => res.end());
const stream = server.attach(http);
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const port = (http.address() as AddressInfo).port;
const free = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const p = (probe.address() as AddressInfo).port;
    probe.close(() => resolve(p));
  });
});

function page(target: number, user: string): Connection {
  const connection = new Connection(`http://127.0.0.1:${target}`, {
    transport: new WebSocketTransport(WebSocket as unknown as WebSocketConstructor),
    log: () => {},
    retry: { baseTimeout: 20, maxTimeout: 50, minCount: 0 },
    heartbeatInterval: 0,
  });
  connection.applyAsync('login', [user], { wait: true }).catch(() => {});
  return connection;
}

async function settled(outbox: DurableOutbox): Promise<void> {
  while (outbox.pendingCount() > 0) await new Promise((resolve) => setTimeout(resolve, 1));
}

const online: number[] = [];
const replayed: number[] = [];
const replayedKnown: number[] = [];
for (let round = 0; round < rounds; round++) {
  const user = `u${round}`;
  // Baseline: online, connected.
  const live = page(port, `${user}-online`);
  await live.applyAsync('post', ['warm-up'], {});
  let t = performance.now();
  await Promise.all(Array.from({ length: calls }, (_, i) => live.applyAsync('post', [`m${i}`], {})));
  online.push(performance.now() - t);
  live.close();

  // Queued offline, then replayed by a new page load.
  const storage = memoryOutboxStorage();
  const offline = page(free, user);
  await DurableOutbox.open({ connection: offline, storage, methods: ['post'] });
  for (let i = 0; i < calls; i++) void offline.applyAsync('post', [`m${i}`], {}).catch(() => {});
  while ((await storage.load()).length < calls) await new Promise((resolve) => setTimeout(resolve, 1));
  offline.close();
  const before = runs;
  const reload = page(port, user);
  t = performance.now();
  const outbox = await DurableOutbox.open({ connection: reload, storage, methods: ['post'] });
  await settled(outbox);
  replayed.push(performance.now() - t);
  if (runs - before !== calls) throw new Error(`expected ${calls} runs, got ${runs - before}`);

  // The same calls replayed again (their answers lost): answered from the server's replay log.
  const kept = await (async () => {
    const s = memoryOutboxStorage();
    const first = page(free, user);
    await DurableOutbox.open({ connection: first, storage: s, methods: ['post'] });
    for (let i = 0; i < calls; i++) void first.applyAsync('post', [`again${i}`], {}).catch(() => {});
    while ((await s.load()).length < calls) await new Promise((resolve) => setTimeout(resolve, 1));
    first.close();
    return s;
  })();
  const runOnce = page(port, user);
  const o1 = await DurableOutbox.open({ connection: runOnce, storage: await copy(kept), methods: ['post'] });
  await settled(o1);
  runOnce.close();
  const beforeKnown = runs;
  const replay = page(port, user);
  t = performance.now();
  const o2 = await DurableOutbox.open({ connection: replay, storage: kept, methods: ['post'] });
  await settled(o2);
  replayedKnown.push(performance.now() - t);
  if (runs !== beforeKnown) throw new Error('a known call ran again');
  replay.close();
  reload.close();
}

async function copy(source: ReturnType<typeof memoryOutboxStorage>) {
  const target = memoryOutboxStorage();
  for (const record of await source.load()) await target.put(record);
  return target;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
} catch {
  // not a checkout
}
console.log(`date ${new Date().toISOString()} commit ${commit} load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
console.log(`${calls} calls, ${rounds} rounds, median ms (all rounds)`);
console.log(`online, connected (baseline): ${median(online).toFixed(1)}  [${online.map((v) => v.toFixed(0)).join(', ')}]`);
console.log(`replayed after a reload:       ${median(replayed).toFixed(1)}  [${replayed.map((v) => v.toFixed(0)).join(', ')}]`);
console.log(`replayed, already run (log):   ${median(replayedKnown).toFixed(1)}  [${replayedKnown.map((v) => v.toFixed(0)).join(', ')}]`);
await server.close();
await stream.close();
http.closeAllConnections();
http.close();
process.exit(0);
