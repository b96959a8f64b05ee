/**
 * Method round trip vs bare driver insert, sequentially from one client process, the four
 * measurements interleaved (one of each per iteration):
 *  - driver: `insertOne` with the official mongodb driver straight to minimongod (the baseline)
 *  - noop: DDP `method noop` → `result` and `updated`
 *  - unobserved: `insertUnobserved`, an insert into a collection nobody observes
 *  - observed: `insertMessage` → `result` and `updated` both received, while this client is
 *    subscribed to the collection (so `updated` waits for the change stream)
 */
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { WebSocket } from 'ws';
import { TEXT } from './payload';
import { option } from '../option';
import { percentiles } from '../percentiles';

const port = Number(option('port', '0'));
const count = Number(option('count', '300'));
const mongoUrl = option('mongo', '');

function stats(samples: number[]): { p50: number; p99: number; mean: number } {
  const summary = percentiles(samples);
  return { p50: summary.at(50), p99: summary.at(99), mean: summary.mean };
}

type Series = { driver: number[]; noop: number[]; unobserved: number[]; observed: number[] };

/**
 * The four round trips interleaved, one of each per iteration, so a change in the machine's
 * load hits the baseline and the methods alike (the machine is shared).
 */
async function interleavedRtt(): Promise<Series> {
  const mongo = await MongoClient.connect(mongoUrl);
  const collection = mongo.db().collection<{ room: string; text: string }>('bench_rtt_driver');
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
  // Subscribed from the start: every insertMessage fence waits for the change stream.
  ws.send('{"msg":"sub","id":"s","name":"roomAll","params":[]}');
  await subscribed;
  let next = 0;
  const call = async (method: string): Promise<number> => {
    const id = String(next++);
    const start = performance.now();
    await new Promise<void>((resolve) => {
      waiting.set(id, { result: false, updated: false, done: resolve });
      ws.send(JSON.stringify({ msg: 'method', method, params: [TEXT], id, randomSeed: `seed${id}` }));
    });
    waiting.delete(id);
    return performance.now() - start;
  };
  const series: Series = { driver: [], noop: [], unobserved: [], observed: [] };
  for (let i = 0; i < count + 50; i += 1) {
    const start = performance.now();
    await collection.insertOne({ room: 'r', text: TEXT });
    const driver = performance.now() - start;
    const noop = await call('noop');
    const unobserved = await call('insertUnobserved');
    const observed = await call('insertMessage');
    if (i < 50) continue;
    series.driver.push(driver);
    series.noop.push(noop);
    series.unobserved.push(unobserved);
    series.observed.push(observed);
  }
  ws.terminate();
  await mongo.close();
  return series;
}

const series = await interleavedRtt();
const driver = stats(series.driver);
const method = stats(series.observed);
console.log(
  JSON.stringify({
    count,
    driverMs: driver,
    noopMethodMs: stats(series.noop),
    unobservedInsertMethodMs: stats(series.unobserved),
    methodMs: method,
    ratioP50: method.p50 / driver.p50,
  }),
);
process.exit(0);
