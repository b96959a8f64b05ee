/**
 * Server CPU per write as unrelated channels grow: C channels × 10 sessions each (distinct
 * publications, one per channel), every write goes to channel 0 (10 deliveries). The DDP layer
 * must not pay for sessions that do not receive the write. Baseline in the same run: C = 1.
 *
 *   node --import tsx bench/ddp/channel-cost.ts [--writes 5000]
 */
import { loadavg } from 'node:os';
import { Server, type Subscription } from '@perseid/ddp-server';
import { TEXT } from './payload';
import { option } from '../option';

const writes = Number(option('writes', '5000'));
const perChannel = 10;

async function measure(channels: number): Promise<number> {
  const server = new Server({ heartbeatInterval: 0 });
  const subscribers = new Map<string, Set<Subscription>>();
  server.publish('channel', function (this: Subscription, channel: string) {
    let set = subscribers.get(channel);
    if (set === undefined) subscribers.set(channel, (set = new Set()));
    set.add(this);
    this.ready();
  });
  const transport = { send() {}, bufferedAmount: 0, close() {} };
  for (let c = 0; c < channels; c += 1) {
    for (let i = 0; i < perChannel; i += 1) {
      const session = server.createSession(transport, { version: '1', clientAddress: null, httpHeaders: {} });
      session.receive({ msg: 'sub', id: 's', name: 'channel', params: [`c${c}`] });
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
  const window: string[] = [];
  let next = 0;
  const write = () => {
    const id = `m${next++}`;
    const fields = { text: TEXT, t: 1 };
    const subs = subscribers.get('c0') ?? new Set<Subscription>();
    for (const sub of subs) sub.added('messages', id, fields);
    window.push(id);
    if (window.length > 50) {
      const old = window.shift() as string;
      for (const sub of subs) sub.removed('messages', old);
    }
  };
  for (let i = 0; i < 500; i += 1) write();
  const start = process.cpuUsage();
  for (let i = 0; i < writes; i += 1) write();
  const used = process.cpuUsage(start);
  await server.close();
  return (used.user + used.system) / writes;
}

const rows: string[] = [];
for (const channels of [1, 10, 100, 1])
  rows.push(`${channels} channel(s), ${channels * perChannel} sessions: ${(await measure(channels)).toFixed(2)} µs CPU per write to channel 0`);
console.log(rows.join('\n'));
console.log(
  `load average: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
process.exit(0);
