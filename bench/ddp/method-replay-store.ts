/**
 * What the method replay log costs a call: a signed-in client's method round trip (`result` and
 * `updated`, a fresh `randomSeed` each call) with the log in this process's memory vs in the
 * app's MongoDB (MongoMethodReplayStore: one insert on claim, one update when answered), plus a
 * replay of an answered call from the database. One server, one client; the stores are swapped
 * every iteration so the machine's load hits both alike.
 *
 *   node --import tsx bench/ddp/method-replay-store.ts --count 500
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { MethodInvocation } from '@perseid/ddp-server';
import { MongoMethodReplayStore } from '@perseid/mongo';
import { startDdpStack } from '../ddp-stack';
import { option } from '../option';
import { percentiles } from '../percentiles';

const count = Number(option('count', '500'));

const stack = await startDdpStack();
const memory = stack.server.methodReplays;
const database = new MongoMethodReplayStore(stack.driver, { log: () => undefined });
stack.server.methods({
  async login(this: MethodInvocation, userId: string) {
    await this.setUserId(userId);
  },
  touch(text: string) {
    return { text };
  },
});

const ws = new WebSocket(stack.url, { perMessageDeflate: false });
const waiting = new Map<string, () => void>();
ws.on('message', (data) => {
  const message = JSON.parse(String(data)) as { msg?: string; methods?: string[] };
  if (message.msg === 'ping') ws.send('{"msg":"pong"}');
  // `updated` follows `result` for every call: it is the end of the round trip.
  if (message.msg === 'updated') for (const id of message.methods ?? []) waiting.get(id)?.();
  if (message.msg === 'connected') waiting.get('connect')?.();
});
await new Promise<void>((resolve) => ws.once('open', () => resolve()));
const roundTrip = (id: string, method: string, params: unknown[], randomSeed?: string): Promise<number> => {
  const started = performance.now();
  return new Promise<number>((resolve) => {
    waiting.set(id, () => {
      waiting.delete(id);
      resolve(performance.now() - started);
    });
    ws.send(JSON.stringify({ msg: 'method', id, method, params, ...(randomSeed === undefined ? {} : { randomSeed }) }));
  });
};
await new Promise<void>((resolve) => {
  waiting.set('connect', resolve);
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
});
await roundTrip('login', 'login', ['bench-user']);

const series = { memory: [] as number[], database: [] as number[], databaseReplay: [] as number[] };
for (let i = -50; i < count; i++) {
  stack.server.setMethodReplayStore(memory);
  const m = await roundTrip(`m${i}`, 'touch', ['x'], `mem-${i}`);
  stack.server.setMethodReplayStore(database);
  const d = await roundTrip(`d${i}`, 'touch', ['x'], `db-${i}`);
  const r = await roundTrip(`r${i}`, 'touch', ['x'], `db-${i}`);
  // The first 50 warm up the connection, the JIT and the collection's index.
  if (i < 0) continue;
  series.memory.push(m);
  series.database.push(d);
  series.databaseReplay.push(r);
}
for (const [name, samples] of Object.entries(series)) {
  const summary = percentiles(samples);
  console.log(`${name.padEnd(15)} n=${summary.n} p50=${summary.at(50).toFixed(3)} ms p99=${summary.at(99).toFixed(3)} ms mean=${summary.mean.toFixed(3)} ms`);
}
console.log(`fallbacks=${database.fallbacks}`);
ws.close();
database.stop();
await stack.close();
