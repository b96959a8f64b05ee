/**
 * What sharing one multiplexer saves: N observers of the SAME query (one driver, N handles)
 * against N observers of N different queries that all match the write (N drivers), CPU per
 * write in this process. Baseline in the same run: one observer.
 *
 *   node --import tsx bench/mongo/multiplexer-sharing.ts [writes] [observers]
 */
import { WriteFence, currentWriteFence } from '@perseid/ddp-server';
import { Mongo, RemoteCollectionDriver, type ObserveHandle } from '@perseid/mongo';
import { loadLine, startDatabaseProcess } from './database-process';

const WRITES = Number(process.argv[2] ?? 500);
const OBSERVERS = Number(process.argv[3] ?? 500);

type Msg = { _id: string; channelId: string; n: number };

async function measure(c: Mongo.Collection<Msg>, observe: (i: number) => Promise<ObserveHandle>, count: number): Promise<number> {
  const handles: ObserveHandle[] = [];
  for (let i = 0; i < count; i++) handles.push(await observe(i));
  const write = async (i: number) => {
    const fence = new WriteFence();
    await currentWriteFence.withValue(fence, () => c.insertAsync({ channelId: 'c0', n: i }));
    await fence.armAndWait();
  };
  for (let i = 0; i < Math.floor(WRITES / 2); i++) await write(i);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < WRITES; i++) await write(i);
  const cpu = process.cpuUsage(cpu0);
  for (const h of handles) h.stop();
  return (cpu.user + cpu.system) / WRITES;
}

async function main(): Promise<void> {
  const db = await startDatabaseProcess();
  const driver = new RemoteCollectionDriver(db.url, { log: () => undefined });
  const noop = { added: () => undefined };
  const one = await measure(new Mongo.Collection<Msg>('mux_one', { _driver: driver }), (_i) => oneCursor(driver).observeChangesAsync(noop), 1);
  const shared = await measure(new Mongo.Collection<Msg>('mux_shared', { _driver: driver }), () => sharedCursor(driver).observeChangesAsync(noop), OBSERVERS);
  const distinct = await measure(
    new Mongo.Collection<Msg>('mux_distinct', { _driver: driver }),
    (i) => distinctCursor(driver, i).observeChangesAsync(noop),
    OBSERVERS,
  );
  // The baseline again, last, so JIT warm-up cannot flatter the shared case.
  const oneAgain = await measure(new Mongo.Collection<Msg>('mux_one', { _driver: driver }), (_i) => oneCursor(driver).observeChangesAsync(noop), 1);
  console.log(`# multiplexer sharing, ${WRITES} fenced inserts, ${loadLine()}`);
  console.log(`baseline: 1 observer (first / last run)      ${one.toFixed(0)} / ${oneAgain.toFixed(0)} µs CPU/write`);
  console.log(`${OBSERVERS} handles on one identical query (1 driver)  ${shared.toFixed(0)} µs CPU/write`);
  console.log(`${OBSERVERS} distinct queries all matching (${OBSERVERS} drivers) ${distinct.toFixed(0)} µs CPU/write`);
  await driver.close();
  await db.stop();
}

const oneCursor = (driver: RemoteCollectionDriver) =>
  new Mongo.Collection<Msg>('mux_one', { _driver: driver, defineMutationMethods: false }).find({ channelId: 'c0' });
const sharedCursor = (driver: RemoteCollectionDriver) =>
  new Mongo.Collection<Msg>('mux_shared', { _driver: driver, defineMutationMethods: false }).find({ channelId: 'c0' });
// Each query differs (its own multiplexer and driver) yet matches every write.
const distinctCursor = (driver: RemoteCollectionDriver, i: number) =>
  new Mongo.Collection<Msg>('mux_distinct', { _driver: driver, defineMutationMethods: false }).find({ channelId: 'c0', n: { $gte: -1 - i } });

await main();
