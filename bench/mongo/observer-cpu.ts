/**
 * 100 channels × 10 observers with distinct queries: CPU per write as unrelated observers grow.
 *
 * Each write inserts a message into channel 0 inside a method-style write fence and waits for
 * the fence (so every observer has processed it). We measure this process's CPU (user+system)
 * per write with 0, 10, 100 and 1000 observers on other channels. Baseline in the same run:
 * the same fenced writes with no observer at all.
 *
 *   node --import tsx bench/mongo/observer-cpu.ts [writesPerStep]
 *   BENCH_REACTIVITY=polling …   (the fallback driver)
 *   BENCH_UNROUTED=1 …           (selectors the stream cannot route: every event tested against each)
 */
import { WriteFence, currentWriteFence } from '@perseid/ddp-server';
import { Mongo, RemoteCollectionDriver, type ObserveHandle, type ReactivityMechanism } from '@perseid/mongo';
import { loadLine, startDatabaseProcess } from './database-process';

const WRITES = Number(process.argv[2] ?? 400);
const WARMUP = Math.max(50, Math.floor(WRITES / 2));
const mechanism = (process.env['BENCH_REACTIVITY'] ?? 'changeStreams') as ReactivityMechanism;
const unrouted = process.env['BENCH_UNROUTED'] === '1';

async function fencedWrite(fn: () => Promise<unknown>): Promise<void> {
  const fence = new WriteFence();
  await currentWriteFence.withValue(fence, fn);
  await fence.armAndWait();
}

async function main(): Promise<void> {
  const db = await startDatabaseProcess();
  const driver = new RemoteCollectionDriver(db.url, { reactivity: [mechanism], log: () => undefined });
  const messages = new Mongo.Collection<{ _id: string; channelId: string; kind: number; text: string }>('bench_messages', { _driver: driver });
  await messages.removeAsync({});
  const handles: ObserveHandle[] = [];
  let delivered = 0;
  // The observer that cares about the writes (channel 0), so every write has a real consumer.
  handles.push(await messages.find({ channelId: 'c0', kind: 0 }).observeChangesAsync({ added: () => void delivered++ }));

  const rows: Array<{ unrelated: number; cpuUsPerWrite: number; wallMsPerWrite: number }> = [];
  // Up then down again, so JIT warm-up cannot masquerade as flat (or growing) cost.
  const steps = [0, 10, 100, 1000, 100, 10, 0];
  let observing = 0;
  for (const target of steps) {
    while (observing > target) {
      (handles.pop() as ObserveHandle).stop();
      observing--;
    }
    while (observing < target) {
      const channel = 1 + Math.floor(observing / 10);
      const kind = observing % 10;
      // BENCH_UNROUTED=1: selectors with no literal field to route on (a range on channelId),
      // so the shared stream must test every event against every one of them.
      const selector = unrouted
        ? { channelId: { $gte: `c${channel}`, $lte: `c${channel}` }, kind: { $gte: kind, $lte: kind } }
        : { channelId: `c${channel}`, kind };
      handles.push(await messages.find(selector, { sort: { text: 1 }, limit: 50 }).observeChangesAsync({ added: () => undefined }));
      observing++;
    }
    // Warm-up, then measure.
    for (let i = 0; i < WARMUP; i++) await fencedWrite(() => messages.insertAsync({ channelId: 'c0', kind: 0, text: `w${i}` }));
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < WRITES; i++) await fencedWrite(() => messages.insertAsync({ channelId: 'c0', kind: 0, text: `m${i}` }));
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    rows.push({ unrelated: target, cpuUsPerWrite: (cpu.user + cpu.system) / WRITES, wallMsPerWrite: wall / WRITES });
  }
  for (const h of handles) h.stop();

  // Baseline: the same fenced writes with no observer on the collection at all.
  const bare = new Mongo.Collection<{ _id: string; channelId: string; kind: number; text: string }>('bench_bare', { _driver: driver });
  for (let i = 0; i < WARMUP; i++) await fencedWrite(() => bare.insertAsync({ channelId: 'c0', kind: 0, text: `w${i}` }));
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < WRITES; i++) await fencedWrite(() => bare.insertAsync({ channelId: 'c0', kind: 0, text: `m${i}` }));
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);

  console.log(`# observer CPU per write (${mechanism}${unrouted ? ', unroutable selectors' : ''}), ${WRITES} writes per step, ${loadLine()}`);
  console.log(`baseline (no observers): ${((cpu.user + cpu.system) / WRITES).toFixed(0)} µs CPU/write, ${(wall / WRITES).toFixed(2)} ms wall/write`);
  for (const r of rows) {
    console.log(
      `1 interested + ${String(r.unrelated).padStart(4)} unrelated observers: ${r.cpuUsPerWrite.toFixed(0)} µs CPU/write, ${r.wallMsPerWrite.toFixed(2)} ms wall/write`,
    );
  }
  console.log(`deliveries to the interested observer: ${delivered}`);
  await driver.close();
  await db.stop();
}

await main();
