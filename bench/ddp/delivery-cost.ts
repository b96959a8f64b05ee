/**
 * Server CPU per delivery without the network: 1,000 sessions on transports that only count
 * bytes, one publication, N inserts fanned out through subscriptions → mergebox → shared frame.
 * Baseline in the same run: the naive path, per client JSON.stringify + Buffer.from of the same
 * DDP frame (what a server pays when it encodes per session). CPU is process user+system time.
 *
 *   node --import tsx bench/ddp/delivery-cost.ts [--clients 1000] [--writes 2000] [--strategy SERVER_MERGE|NO_MERGE_NO_HISTORY]
 */
import { loadavg } from 'node:os';
import { Server, publicationStrategies, type PublicationStrategyName, type Subscription } from '@perseid/ddp-server';
import { TEXT } from './payload';
import { option } from '../option';

const clients = Number(option('clients', '1000'));
const writes = Number(option('writes', '2000'));
const strategy = option('strategy', 'SERVER_MERGE') as PublicationStrategyName;

interface CountingTransport {
  bytes: number;
  frames: number;
  send(frame: { wire: Buffer }): void;
  readonly bufferedAmount: number;
  close(): void;
}

function countingTransport(): CountingTransport {
  return {
    bytes: 0,
    frames: 0,
    send(frame) {
      this.frames += 1;
      this.bytes += frame.wire.length;
    },
    bufferedAmount: 0,
    close() {},
  };
}

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function runOurs(): Promise<{ usPerDelivery: number; frames: number; encoded: number; reused: number }> {
  const server = new Server({ heartbeatInterval: 0 });
  server.setPublicationStrategy('messages', publicationStrategies[strategy]);
  const subs = new Set<Subscription>();
  server.publish('messages', function (this: Subscription) {
    subs.add(this);
    this.ready();
  });
  const transports: CountingTransport[] = [];
  for (let i = 0; i < clients; i += 1) {
    const transport = countingTransport();
    transports.push(transport);
    const session = server.createSession(transport, { version: '1', clientAddress: null, httpHeaders: {} });
    session.receive({ msg: 'sub', id: 's', name: 'messages' });
  }
  await new Promise((resolve) => setImmediate(resolve));
  const window: string[] = [];
  let next = 0;
  const write = () => {
    const id = `m${next++}`;
    const fields = { text: TEXT, t: 1234.5678 };
    for (const sub of subs) sub.added('messages', id, fields);
    // Keep each session's mergebox bounded (a "last 50 messages" subscription).
    window.push(id);
    if (window.length > 50) {
      const old = window.shift() as string;
      for (const sub of subs) sub.removed('messages', old);
    }
  };
  for (let i = 0; i < 200; i += 1) write();
  const before = transports.reduce((sum, t) => sum + t.frames, 0);
  const encodedBefore = server.encoder.encoded;
  const reusedBefore = server.encoder.reused;
  const ms = cpuMs(() => {
    for (let i = 0; i < writes; i += 1) write();
  });
  const frames = transports.reduce((sum, t) => sum + t.frames, 0) - before;
  const encoded = server.encoder.encoded - encodedBefore;
  const reused = server.encoder.reused - reusedBefore;
  await server.close();
  return { usPerDelivery: (ms * 1000) / frames, frames, encoded, reused };
}

function runNaive(): { usPerDelivery: number } {
  const sinks = Array.from({ length: clients }, () => ({ bytes: 0 }));
  let next = 0;
  const write = () => {
    const id = `m${next++}`;
    const fields = { text: TEXT, t: 1234.5678 };
    for (const sink of sinks) {
      const buffer = Buffer.from(JSON.stringify({ msg: 'added', collection: 'messages', id, fields }));
      sink.bytes += buffer.length;
    }
  };
  for (let i = 0; i < 200; i += 1) write();
  const ms = cpuMs(() => {
    for (let i = 0; i < writes; i += 1) write();
  });
  return { usPerDelivery: (ms * 1000) / (writes * clients) };
}

const naive = runNaive();
const ours = await runOurs();
console.log(
  `${clients} sessions, ${writes} writes, ${strategy}: ours ${ours.usPerDelivery.toFixed(3)} µs CPU per delivered frame (${ours.frames} frames, added+removed; ${ours.encoded} encoded, ${ours.reused} shared); ` +
    `baseline per-client JSON.stringify+Buffer.from ${naive.usPerDelivery.toFixed(3)} µs; load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
);
process.exit(0);
