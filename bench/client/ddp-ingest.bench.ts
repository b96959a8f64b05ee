/**
 * How fast the client data path absorbs server data, in Node: `added` then `changed`
 * frames through Connection (parse, batching) → ClientCollection store → minimongo with a
 * live observeChanges, beside a bare baseline that JSON-parses the same frames into a Map.
 *
 *   npx tsx bench/client/ddp-ingest.bench.ts [--docs 10000] [--changes 20000] [--rounds 5]
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Connection, type Transport, type TransportHandlers } from '@perseid/ddp-client';
import { ClientCollection } from '@perseid/mongo';
import { countOption } from '../option';

const docs = countOption('docs', 10_000);
const changes = countOption('changes', 20_000);
const rounds = countOption('rounds', 5);

const idOf = (i: number) => `doc${String(i).padStart(6, '0')}`;
const added = Array.from({ length: docs }, (_, i) =>
  JSON.stringify({
    msg: 'added',
    collection: 'messages',
    id: idOf(i),
    fields: { text: `message ${i}`, channel: `c${i % 20}`, at: { $date: 1_700_000_000_000 + i } },
  }),
);
const changed = Array.from({ length: changes }, (_, i) =>
  JSON.stringify({ msg: 'changed', collection: 'messages', id: idOf((i * 7919) % docs), fields: { text: `edit ${i}` } }),
);

function baseline(): number {
  const start = performance.now();
  const map = new Map<string, Record<string, unknown>>();
  for (const frame of added) {
    const m = JSON.parse(frame) as { id: string; fields: Record<string, unknown> };
    map.set(m.id, { ...m.fields });
  }
  for (const frame of changed) {
    const m = JSON.parse(frame) as { id: string; fields: Record<string, unknown> };
    Object.assign(map.get(m.id) ?? {}, m.fields);
  }
  return performance.now() - start;
}

async function perseid(bufferedWritesInterval: number): Promise<{ ms: number; observed: number }> {
  let handlers!: TransportHandlers;
  const transport: Transport = {
    open(_url, h) {
      handlers = h;
      queueMicrotask(() => h.onOpen());
      return { send() {}, close() {} };
    },
  };
  // Window 0: every frame is applied on its own (worst case). Window 5 (the default): the
  // synchronous burst is applied in batches with observers paused; the clock stops when the
  // last frame is visible in the collection, so the final 5 ms wait is included.
  const connection = new Connection('http://bench.invalid', { transport, heartbeatInterval: 0, bufferedWritesInterval, log: () => {} });
  const messages = new ClientCollection('messages', { connection });
  await new Promise((r) => setTimeout(r, 0));
  handlers.onMessage(JSON.stringify({ msg: 'connected', session: 'bench' }));
  let observed = 0;
  const handle = messages.find({ channel: 'c3' }).observeChanges({ added: () => void observed++, changed: () => void observed++ });
  const start = performance.now();
  for (const frame of added) handlers.onMessage(frame);
  for (const frame of changed) handlers.onMessage(frame);
  const lastId = idOf(((changes - 1) * 7919) % docs);
  while (messages.findOne(lastId, { reactive: false })?.text !== `edit ${changes - 1}`) await new Promise((r) => setTimeout(r, 1));
  const ms = performance.now() - start;
  handle.stop();
  connection.close();
  return { ms, observed };
}

const base: number[] = [];
const unbatched: number[] = [];
const batched: number[] = [];
let observed = 0;
baseline();
await perseid(0);
await perseid(5);
const loadBefore = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  base.push(baseline());
  const one = await perseid(0);
  unbatched.push(one.ms);
  observed = one.observed;
  batched.push((await perseid(5)).ms);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const frames = docs + changes;
console.log(`DDP ingest: ${docs} added + ${changes} changed frames, ${rounds} rounds (median), observer on 1/20 of the docs (${observed} callbacks)`);
console.log(
  `machine: node ${process.version}, ${cpus().length} cores, load average ${loadBefore?.toFixed(2)} before / ${loadavg()[0]?.toFixed(2)} after (1 min)`,
);
for (const [name, ms] of [
  ['baseline: JSON.parse into a Map', median(base)],
  ['Connection → ClientCollection, no batching', median(unbatched)],
  ['Connection → ClientCollection, default 5 ms batching', median(batched)],
] as const) {
  console.log(`  ${name.padEnd(54)} ${ms.toFixed(1)} ms  (${((frames / ms) * 1000).toFixed(0)} frames/s, ${((ms * 1000) / frames).toFixed(2)} µs/frame)`);
}
