/**
 * Method round trips against @perseid/ddp-server on loopback, in Node: `Connection.callAsync`
 * (our client: EJSON frames, method blocks, waits for `result` and `updated`) beside a bare
 * `ws` client that writes the same `method` frame and waits for the same two replies.
 *
 *   npx tsx bench/client/method-roundtrip.bench.ts [--calls 2000] [--rounds 3]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { DDP } from '@perseid/ddp-client';
import { Server } from '@perseid/ddp-server';
import { BENCH_CONNECTION_LIMITS } from '../connection-limits';
import { percentiles } from '../percentiles';
import { countOption } from '../option';

const calls = countOption('calls', 2000);
const rounds = countOption('rounds', 3);

const server = new Server({ ...BENCH_CONNECTION_LIMITS, log: () => {} });
server.methods({ echo: (value: unknown) => value });
const http = createServer((_req, res) => res.end());
const stream = server.attach(http);
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const port = (http.address() as AddressInfo).port;
const payload = { text: 'hello there', n: 42 };

async function bare(): Promise<number[]> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/websocket`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let waiting: { id: string; result: boolean; updated: boolean; done: () => void } | undefined;
  const connected = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { msg?: string; id?: string; methods?: string[] };
      if (msg.msg === 'connected') resolve();
      if (msg.msg === 'ping') ws.send(JSON.stringify({ msg: 'pong' }));
      if (waiting === undefined) return;
      if (msg.msg === 'result' && msg.id === waiting.id) waiting.result = true;
      if (msg.msg === 'updated' && msg.methods?.includes(waiting.id)) waiting.updated = true;
      if (waiting.result && waiting.updated) waiting.done();
    });
  });
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
  await connected;
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const id = String(i + 1);
    const start = performance.now();
    await new Promise<void>((resolve) => {
      waiting = { id, result: false, updated: false, done: resolve };
      ws.send(JSON.stringify({ msg: 'method', id, method: 'echo', params: [payload] }));
    });
    times.push(performance.now() - start);
  }
  ws.close();
  return times;
}

async function perseid(): Promise<number[]> {
  const connection = DDP.connect(`http://127.0.0.1:${port}`, { log: () => {} });
  await connection.callAsync('echo', 0);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await connection.callAsync('echo', payload);
    times.push(performance.now() - start);
  }
  connection.close();
  return times;
}

function stats(values: number[]): string {
  const summary = percentiles(values);
  return `median ${summary.at(50).toFixed(3)} ms, p95 ${summary.at(95).toFixed(3)} ms, ${(1000 / summary.mean).toFixed(0)} calls/s sequential`;
}

try {
  await bare();
  await perseid();
  const loadBefore = loadavg()[0];
  const bareTimes: number[] = [];
  const ourTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      bareTimes.push(...(await bare()));
      ourTimes.push(...(await perseid()));
    } else {
      ourTimes.push(...(await perseid()));
      bareTimes.push(...(await bare()));
    }
  }
  console.log(`Method round trips to @perseid/ddp-server on 127.0.0.1: ${calls} sequential calls × ${rounds} rounds per variant (order alternating)`);
  console.log(
    `machine: node ${process.version}, ${cpus().length} cores, load average ${loadBefore?.toFixed(2)} before / ${loadavg()[0]?.toFixed(2)} after (1 min)`,
  );
  console.log(`  baseline: bare ws client, hand-written frames     ${stats(bareTimes)}`);
  console.log(`  Connection.callAsync (our client)                 ${stats(ourTimes)}`);
} finally {
  await server.close();
  await stream.close();
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}
