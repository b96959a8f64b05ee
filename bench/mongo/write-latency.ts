/**
 * Write → observer latency, without a method: the time from starting `insertAsync` to the
 * observer's `added` callback for that document, next to the bare driver round trip
 * (`rawCollection().insertOne`) measured in the same run against the same minimongod process.
 * Also reported: a method-style fenced write (insert, then the write fence fires once every
 * observer has the document), the server half of a method's `updated`.
 *
 *   node --import tsx bench/mongo/write-latency.ts [samples]
 */
import { WriteFence, currentWriteFence } from '@perseid/ddp-server';
import { Mongo, RemoteCollectionDriver, type ReactivityMechanism } from '@perseid/mongo';
import { loadLine, startDatabaseProcess } from './database-process';
import { percentiles } from '../percentiles';

const SAMPLES = Number(process.argv[2] ?? 2000);
const mechanism = (process.env['BENCH_REACTIVITY'] ?? 'changeStreams') as ReactivityMechanism;

function summary(label: string, samples: number[]): string {
  const latency = percentiles(samples);
  const f = (n: number) => n.toFixed(3);
  return `${label.padEnd(38)} p50 ${f(latency.at(50))} ms  p99 ${f(latency.at(99))} ms  max ${f(latency.max)} ms`;
}

async function main(): Promise<void> {
  const db = await startDatabaseProcess();
  const driver = new RemoteCollectionDriver(db.url, { reactivity: [mechanism], log: () => undefined });
  type Msg = { _id: string; channelId: string; seq: number };
  const observed = new Mongo.Collection<Msg>('lat_observed', { _driver: driver });
  const bare = new Mongo.Collection<Msg>('lat_bare', { _driver: driver });

  const waiting = new Map<unknown, (t: bigint) => void>();
  const handle = await observed.find({ channelId: 'c0' }).observeChangesAsync({
    added: (id) => {
      const now = process.hrtime.bigint();
      waiting.get(id)?.(now);
    },
  });
  const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;

  const bareRtt: number[] = [];
  const toObserver: number[] = [];
  const fenced: number[] = [];
  const raw = driver.db.collection<Msg>(bare._name);
  for (let round = 0; round < 2; round++) {
    // round 0 warms up; round 1 is measured. Interleaved so load changes hit all three alike.
    const n = round === 0 ? Math.min(300, SAMPLES) : SAMPLES;
    for (let i = 0; i < n; i++) {
      let t0 = process.hrtime.bigint();
      await raw.insertOne({ _id: `b${round}_${i}`, channelId: 'c0', seq: i });
      if (round === 1) bareRtt.push(ms(t0, process.hrtime.bigint()));

      const id = `o${round}_${i}`;
      const seen = new Promise<bigint>((resolve) => waiting.set(id, resolve));
      t0 = process.hrtime.bigint();
      await observed.insertAsync({ _id: id, channelId: 'c0', seq: i });
      const t1 = await seen;
      waiting.delete(id);
      if (round === 1) toObserver.push(ms(t0, t1));

      const fence = new WriteFence();
      t0 = process.hrtime.bigint();
      await currentWriteFence.withValue(fence, () => observed.insertAsync({ _id: `f${round}_${i}`, channelId: 'c0', seq: i }));
      await fence.armAndWait();
      if (round === 1) fenced.push(ms(t0, process.hrtime.bigint()));
    }
  }
  handle.stop();
  console.log(`# write latency (${mechanism}), ${SAMPLES} samples each, sequential, ${loadLine()}`);
  console.log(summary('baseline: bare driver insertOne RTT', bareRtt));
  console.log(summary('insertAsync → observer added', toObserver));
  console.log(summary('fenced insert → fence fired', fenced));
  const p50 = (s: number[]) => percentiles(s).at(50);
  console.log(`ratio p50 observer/bare ${(p50(toObserver) / p50(bareRtt)).toFixed(2)}×, fenced/bare ${(p50(fenced) / p50(bareRtt)).toFixed(2)}×`);
  await driver.close();
  await db.stop();
}

await main();
