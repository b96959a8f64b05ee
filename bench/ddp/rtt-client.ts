/**
 * Method round trip vs bare driver insert, sequentially from one client process:
 *  - driver: `insertOne` with the official mongodb driver straight to minimongod
 *  - method: DDP `method insertMessage` → `result` and `updated` both received, while this
 *    client is subscribed to the collection (so `updated` waits for the change stream)
 */
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { WebSocket } from 'ws';
import { option, TEXT } from './payload';

const port = Number(option('port', '0'));
const count = Number(option('count', '300'));
const mongoUrl = option('mongo', '');

function stats(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
  return { p50: at(50), p99: at(99), mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length };
}

async function driverRtt(): Promise<number[]> {
  const client = await MongoClient.connect(mongoUrl);
  const collection = client.db().collection<{ room: string; text: string }>('bench_rtt_driver');
  const samples: number[] = [];
  for (let i = 0; i < count + 50; i += 1) {
    const start = performance.now();
    await collection.insertOne({ room: 'r', text: TEXT });
    if (i >= 50) samples.push(performance.now() - start);
  }
  await client.close();
  return samples;
}

async function methodRtt(): Promise<{ noop: number[]; unsubscribed: number[]; subscribed: number[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/websocket`, { perMessageDeflate: false });
  const waiting = new Map<string, { result: boolean; updated: boolean; done: () => void }>();
  let ready: () => void = () => {};
  const subscribed = new Promise<void>((resolve) => (ready = resolve));
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { msg?: string; id?: string; methods?: string[] };
    if (message.msg === 'ready') ready();
    else if (message.msg === 'ping') ws.send('{"msg":"pong"}');
    else if (message.msg === 'result' && message.id) {
      const entry = waiting.get(message.id);
      if (entry) {
        entry.result = true;
        if (entry.updated) entry.done();
      }
    } else if (message.msg === 'updated') {
      for (const id of message.methods ?? []) {
        const entry = waiting.get(id);
        if (entry) {
          entry.updated = true;
          if (entry.result) entry.done();
        }
      }
    }
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send('{"msg":"connect","version":"1","support":["1"]}');
  let next = 0;
  const run = async (method: string): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; i < count + 50; i += 1) {
      const id = String(next++);
      const start = performance.now();
      await new Promise<void>((resolve) => {
        waiting.set(id, { result: false, updated: false, done: resolve });
        ws.send(JSON.stringify({ msg: 'method', method, params: [TEXT], id, randomSeed: `seed${id}` }));
      });
      waiting.delete(id);
      if (i >= 50) samples.push(performance.now() - start);
    }
    return samples;
  };
  const noop = await run('noop');
  const unsubscribed = await run('insertMessage');
  ws.send('{"msg":"sub","id":"s","name":"roomAll","params":[]}');
  await subscribed;
  const subscribed_ = await run('insertMessage');
  ws.terminate();
  return { noop, unsubscribed, subscribed: subscribed_ };
}

const driver = stats(await driverRtt());
const methods = await methodRtt();
const method = stats(methods.subscribed);
console.log(
  JSON.stringify({
    count,
    driverMs: driver,
    noopMethodMs: stats(methods.noop),
    unobservedInsertMethodMs: stats(methods.unsubscribed),
    methodMs: method,
    ratioP50: method.p50 / driver.p50,
  }),
);
process.exit(0);
