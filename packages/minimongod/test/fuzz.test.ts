import assert from 'node:assert/strict';
import { Long } from 'bson';
import { MongoClient } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '../src/index';
import { encodeOpMsgRequest } from '../src/wire-codec';
import { RawWireClient } from './raw-wire-client';

/** Deterministic PRNG so a failing run can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  encodeOpMsgRequest(1, { ping: 1, $db: 'admin' }),
  encodeOpMsgRequest(1, { hello: 1, helloOk: true, $db: 'admin' }),
  encodeOpMsgRequest(1, { insert: 'f', documents: [{ a: 1, s: 'x', arr: [1, { b: 2 }] }], ordered: false, $db: 'fuzz' }),
  encodeOpMsgRequest(1, { insert: 'f', $db: 'fuzz' }, { sequences: { documents: [{ _id: 1 }, { n: Long.fromNumber(3) }] } }),
  encodeOpMsgRequest(1, { find: 'f', filter: { a: { $gte: 1 }, 'arr.b': 2 }, sort: { a: -1 }, projection: { s: 1 }, limit: 3, $db: 'fuzz' }),
  encodeOpMsgRequest(1, { update: 'f', updates: [{ q: { a: 1 }, u: { $inc: { a: 1 }, $push: { arr: 3 } }, multi: true, upsert: true }], $db: 'fuzz' }),
  encodeOpMsgRequest(1, { delete: 'f', deletes: [{ q: { a: { $gt: 5 } }, limit: 0 }], $db: 'fuzz' }),
  encodeOpMsgRequest(1, { aggregate: 'f', pipeline: [{ $match: { a: 1 } }, { $group: { _id: '$s', n: { $sum: 1 } } }], cursor: {}, $db: 'fuzz' }),
  encodeOpMsgRequest(1, { findAndModify: 'f', query: { a: 2 }, update: { $set: { b: 1 } }, new: true, $db: 'fuzz' }),
  encodeOpMsgRequest(1, { getMore: Long.fromNumber(12345), collection: 'f', $db: 'fuzz' }),
  encodeOpMsgRequest(1, { createIndexes: 'f', indexes: [{ key: { s: 1 }, name: 's_1' }], $db: 'fuzz' }),
  encodeOpMsgRequest(1, { distinct: 'f', key: 'a', $db: 'fuzz' }),
  encodeOpMsgRequest(1, { count: 'f', query: { s: 'x' }, $db: 'fuzz' }),
];

/** Mutate a message body but keep its header length honest, so the stream stays framed. */
function mutateBody(seed: Buffer, rand: () => number): Buffer {
  const kind = rand();
  let out: Buffer;
  if (kind < 0.6) {
    out = Buffer.from(seed);
    const flips = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < flips; i += 1) {
      const at = 16 + Math.floor(rand() * (out.length - 16));
      out[at] = Math.floor(rand() * 256);
    }
  } else if (kind < 0.75) {
    out = Buffer.from(seed.subarray(0, 16 + Math.floor(rand() * (seed.length - 16))));
  } else if (kind < 0.9) {
    const extra = Buffer.alloc(1 + Math.floor(rand() * 32));
    for (let i = 0; i < extra.length; i += 1) extra[i] = Math.floor(rand() * 256);
    out = Buffer.concat([seed, extra]);
  } else {
    out = Buffer.alloc(16 + Math.floor(rand() * 64));
    for (let i = 16; i < out.length; i += 1) out[i] = Math.floor(rand() * 256);
    out.writeInt32LE(rand() < 0.5 ? 2013 : 2004, 12);
  }
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(Math.floor(rand() * 2 ** 31), 4);
  // Never ask for moreToCome-less replies we cannot count: the flag byte is fuzzed like the rest.
  return out;
}

/** A header that lies (wrong length, opcode) — sent last in a batch as it may desync the stream. */
function mutateHeader(seed: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(seed);
  const choice = rand();
  if (choice < 0.4) out.writeInt32LE(Math.floor(rand() * 2 ** 31) * (rand() < 0.2 ? -1 : 1), 0);
  else if (choice < 0.7) out.writeInt32LE(Math.floor(rand() * 5000), 12);
  else out.writeInt32LE(out.length + 1 + Math.floor(rand() * 100), 0);
  return out;
}

describe('minimongod fuzz', function () {
  this.timeout(180_000);
  let server: MinimongodHandle;
  before(async () => {
    server = await startMinimongod({ quiet: true });
  });
  after(async () => {
    await server.stop();
  });

  it('survives 100,000 mutated messages and keeps serving other connections', async () => {
    const seed = Number(process.env['MINIMONGOD_FUZZ_SEED'] ?? 20261121);
    const total = Number(process.env['MINIMONGOD_FUZZ_MESSAGES'] ?? 100_000);
    const rand = mulberry32(seed);
    const watcher = new MongoClient(server.url);
    await watcher.connect();
    const batchSize = 1000;
    let sent = 0;
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => {
      errors.push(args);
    };
    try {
      while (sent < total) {
        const client = await RawWireClient.connect(server.port);
        const parts: Buffer[] = [];
        for (let i = 0; i < batchSize - 2 && sent < total; i += 1, sent += 1) {
          parts.push(mutateBody(SEEDS[Math.floor(rand() * SEEDS.length)] as Buffer, rand));
        }
        const sentinel = encodeOpMsgRequest(0x5e5e5e, { ping: 1, $db: 'admin' });
        parts.push(sentinel, mutateHeader(SEEDS[Math.floor(rand() * SEEDS.length)] as Buffer, rand));
        sent += 1;
        client.send(Buffer.concat(parts));
        // Wait until the sentinel is answered (everything before it was handled) or the server hung up.
        for (;;) {
          const reply = await client.nextReply();
          if (reply === null || reply.responseTo === 0x5e5e5e) break;
        }
        client.close();
      }
      // The server is alive and correct for a well-behaved client.
      const db = watcher.db('fuzz-after');
      await db.collection('ok').insertOne({ fine: true });
      assert.equal(await db.collection('ok').countDocuments({ fine: true }), 1);
    } finally {
      console.error = originalError;
      await watcher.close();
    }
    assert.ok(sent >= total);
    assert.deepEqual(errors.slice(0, 3), [], `no unexpected internal errors (seed ${seed})`);
  });
});
