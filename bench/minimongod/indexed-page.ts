/**
 * The chat's message reads on a channel of 100,000 messages (plus other channels), through the
 * official driver, against two minimongod servers in the same run: the working tree ("after")
 * and a git worktree of an earlier commit ("before"), each in its own process, measured in
 * alternating rounds. Beside them, a `find by _id` on each server as the wire path's baseline.
 *
 * Reads (the app's index `{ channelId: 1, threadId: 1, createdAt: -1 }` is created on both):
 * - latest page: `{ channelId, threadId: null }` sorted `{ createdAt: -1 }`, limit 50 (the
 *   channel publication's first page);
 * - scroll-back page k (k = 1…10): the same plus `createdAt: { $lt: <oldest shown> }`, limit 50;
 * - growing limit k (k = 2…11): the publication as the app re-subscribes it, limit 50·k;
 * - a 1,000-message channel's latest page;
 * - the thread panel's `$or` (parent by _id, replies by channelId + threadId), sorted, limit 1000;
 * - last, inserting one message (the cost of keeping the indexes current).
 *
 *   git worktree add --detach /tmp/q-base <commit> && ln -s "$PWD/node_modules" /tmp/q-base/node_modules
 *   npx tsx bench/minimongod/indexed-page.ts --baseline /tmp/q-base [--samples 20] [--messages 100000]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { fmt, summariseLatencies } from './measure';
import { spawnUrlChild } from './spawn-server';
import { option } from '../option';

const here = path.dirname(fileURLToPath(import.meta.url));

const baselineTree = option('baseline', '/tmp/q-base');
const samples = Number(option('samples', '20'));
const bigCount = Number(option('messages', '100000'));
const otherCount = 20_000;
const smallCount = 1_000;
const PAGE = 50;
const PAGES = 10;

interface Server {
  readonly label: 'before' | 'after';
  readonly client: MongoClient;
  readonly messages: Collection<Document>;
  stop(): Promise<void>;
}

async function startServer(label: Server['label'], tree: string): Promise<Server> {
  const { child, url, exited } = await spawnUrlChild(path.join(here, 'indexed-page-server.ts'), [tree], `${label} server`);
  const client = new MongoClient(url);
  await client.connect();
  return {
    label,
    client,
    messages: client.db('bench').collection('messages'),
    async stop() {
      await client.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const START = Date.UTC(2026, 0, 1);

/** The same documents for both servers: one message a second per channel, some in threads. */
function* seedBatches(): Generator<Document[]> {
  let batch: Document[] = [];
  const push = function* (doc: Document): Generator<Document[]> {
    batch.push(doc);
    if (batch.length >= 5_000) {
      yield batch;
      batch = [];
    }
  };
  for (let i = 0; i < bigCount; i += 1) {
    yield* push({
      _id: `big-${i}`,
      channelId: 'big',
      threadId: i % 20 === 7 ? `big-${i - (i % 400)}` : null,
      userId: `u${i % 13}`,
      text: `message ${i} in the big channel`,
      createdAt: new Date(START + i * 1000),
    });
    if (i < otherCount)
      yield* push({
        _id: `other-${i}`,
        channelId: `c${i % 10}`,
        threadId: null,
        userId: `u${i % 7}`,
        text: `message ${i}`,
        createdAt: new Date(START + i * 1000 + 500),
      });
    if (i < smallCount)
      yield* push({
        _id: `small-${i}`,
        channelId: 'small',
        threadId: null,
        userId: `u${i % 5}`,
        text: `message ${i} in the small channel`,
        createdAt: new Date(START + i * 1000 + 250),
      });
  }
  if (batch.length > 0) yield batch;
}

const latestFilter = (channelId: string): Document => ({ channelId, threadId: null });

interface Read {
  readonly name: string;
  readonly page?: { readonly filter: Document; readonly limit: number };
  run(messages: Collection<Document>, i: number): Promise<number>;
}

function pageRead(name: string, filter: Document, limit: number): Read {
  return {
    name,
    page: { filter, limit },
    async run(messages) {
      const docs = await messages.find(filter, { sort: { createdAt: -1 }, limit }).toArray();
      return docs.length;
    },
  };
}

async function measure(server: Server, read: Read, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    const n = await read.run(server.messages, i);
    out.push(performance.now() - t0);
    if (n === 0) throw new Error(`${read.name} on ${server.label} returned nothing`);
  }
  return out;
}

function gitHead(tree: string): string {
  return execFileSync('git', ['-C', tree, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
}

const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();

console.log(
  `indexed-page: ${bigCount} messages in one channel, ${otherCount} in ten others, ${smallCount} in a small one; ${samples} samples per read per server per round`,
);
console.log(`after = working tree ${gitHead(path.join(here, '../..'))} (+ uncommitted), before = ${baselineTree} at ${gitHead(baselineTree)}`);
console.log(`start ${new Date().toISOString()}  ${uptime()}`);

const servers = [await startServer('before', baselineTree), await startServer('after', path.join(here, '../..'))];
try {
  for (const server of servers) {
    await server.messages.createIndex({ channelId: 1, threadId: 1, createdAt: -1 });
    await server.messages.createIndex({ threadId: 1, createdAt: 1 });
    const t0 = performance.now();
    for (const batch of seedBatches()) await server.messages.insertMany(batch);
    console.log(`seeded ${server.label} in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  }

  // Scroll-back cursors: the oldest createdAt shown after k pages of the main timeline.
  // The first sorted read on each server; on "after" it also builds the ordered index (lazily).
  const firsts: string[] = [];
  let timeline: Document[] = [];
  for (const server of servers) {
    const t0 = performance.now();
    timeline = await server.messages.find(latestFilter('big'), { sort: { createdAt: -1 }, limit: PAGE * PAGES, projection: { createdAt: 1 } }).toArray();
    firsts.push(`${server.label} ${fmt(performance.now() - t0)} ms`);
  }
  console.log(`first sorted read after seeding (one sample each): ${firsts.join(', ')}`);
  const reads: Read[] = [
    {
      name: 'find by _id (baseline)',
      async run(messages, i) {
        return (await messages.findOne({ _id: `big-${(i * 7919) % bigCount}` as never })) === null ? 0 : 1;
      },
    },
    pageRead('small channel: latest page', latestFilter('small'), PAGE),
    pageRead('big channel: latest page', latestFilter('big'), PAGE),
  ];
  for (let k = 1; k <= PAGES; k += 1) {
    const oldest = timeline[k * PAGE - 1]?.['createdAt'] as Date;
    reads.push(pageRead(`big channel: scroll-back page ${k} ($lt)`, { ...latestFilter('big'), createdAt: { $lt: oldest } }, PAGE));
  }
  for (let k = 2; k <= PAGES + 1; k += 1) reads.push(pageRead(`big channel: growing limit ${k * PAGE}`, latestFilter('big'), k * PAGE));
  // The thread panel's publication: the parent and its replies (one thread of 20 replies here).
  reads.push({
    name: 'thread: parent + replies ($or, sort createdAt 1, limit 1000)',
    page: {
      filter: {
        $or: [
          { _id: 'big-99600', channelId: 'big' },
          { channelId: 'big', threadId: 'big-99600' },
        ],
      },
      limit: 1000,
    },
    async run(messages) {
      return (
        await messages
          .find(
            {
              $or: [
                { _id: 'big-99600' as never, channelId: 'big' },
                { channelId: 'big', threadId: 'big-99600' },
              ],
            },
            { sort: { createdAt: 1 }, limit: 1000 },
          )
          .toArray()
      ).length;
    },
  });
  // Last: a write, to show what keeping the ordered index current costs (it adds newer messages).
  let written = 0;
  reads.push({
    name: 'insert one message into the big channel',
    async run(messages) {
      written += 1;
      await messages.insertOne({
        _id: `new-${written}` as never,
        channelId: 'big',
        threadId: null,
        userId: 'u1',
        text: 'new',
        createdAt: new Date(START + (bigCount + written) * 1000),
      });
      return 1;
    },
  });

  // Identical answers first (the comparison is only meaningful if both return the same pages).
  for (const read of reads) {
    if (read.page === undefined) continue;
    const { filter, limit } = read.page;
    const got = await Promise.all(
      servers.map(async (s) =>
        (await s.messages.find(filter, { sort: { createdAt: -1 }, limit, projection: { _id: 1 } }).toArray()).map((d) => String(d['_id'])).join(','),
      ),
    );
    if (got[0] !== got[1]) throw new Error(`before and after disagree on ${read.name}`);
  }

  const rounds = 2;
  const latencies = new Map<string, number[]>();
  for (let round = 0; round < rounds; round += 1) {
    for (const read of reads) {
      // Alternate which server goes first, so neither always meets a warmer machine.
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const key = `${read.name}|${server.label}`;
        const list = latencies.get(key) ?? [];
        list.push(...(await measure(server, read, Math.ceil(samples / rounds))));
        latencies.set(key, list);
      }
    }
  }

  console.log('\n| read | before p50 / p99 | after p50 / p99 | before/after (p50) |');
  console.log('|---|---|---|---|');
  for (const read of reads) {
    const b = summariseLatencies(latencies.get(`${read.name}|before`) ?? []);
    const a = summariseLatencies(latencies.get(`${read.name}|after`) ?? []);
    console.log(`| ${read.name} | ${fmt(b.p50)} ms / ${fmt(b.p99)} ms | ${fmt(a.p50)} ms / ${fmt(a.p99)} ms | ${fmt(b.p50 / a.p50, 1)}x |`);
  }
  console.log(`\nsamples per cell: ${summariseLatencies(latencies.get(`${reads[0]?.name}|after`) ?? []).n}; end ${new Date().toISOString()}  load ${load()}`);
  console.log(uptime());
} finally {
  for (const server of servers) await server.stop();
}
