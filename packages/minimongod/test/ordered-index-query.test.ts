import assert from 'node:assert/strict';
import { Double, Int32, Long, ObjectId, type Collection, type Db, type Document } from 'mongodb';
import { openTarget, uniqueDbName, type ConformanceTarget } from './conformance-target';

/**
 * Sorted and range reads that walk an ordered index must return exactly what a collection scan
 * followed by a sort returns (same documents, same order, ties in insertion order), whatever the
 * types, nulls, missing fields or arrays involved; and on a large collection the walk must stop
 * after about skip + limit documents (read from serverStatus, never from timing).
 */

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OIDS = [1, 2, 3, 4].map((n) => new ObjectId(n.toString(16).padStart(24, '0')));
const DATES = [0, 1000, 2000, 2000, 3000, 4000].map((ms) => new Date(Date.UTC(2026, 0, 1) + ms));

/** Values for the sort/range field: mixed numbers, dates, strings, ObjectIds, null, and missing (undefined). */
const T_VALUES: unknown[] = [
  1,
  2.5,
  new Int32(2),
  new Long(3),
  new Double(3),
  -1,
  0,
  7,
  7,
  7,
  ...DATES,
  'a',
  'm',
  'z',
  'm',
  ...OIDS,
  null,
  undefined,
  undefined,
  true,
  false,
];
const A_VALUES: unknown[] = ['c1', 'c1', 'c1', 'c2', 'c2', 'c3', null, undefined, 1, new Long(1)];
const B_VALUES: unknown[] = [null, null, undefined, 'x', 'y'];

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)] as T;
}

function makeDoc(next: () => number, i: number): Document {
  const doc: Document = { _id: `d${i}` };
  const a = pick(next, A_VALUES);
  const b = pick(next, B_VALUES);
  const t = pick(next, T_VALUES);
  if (a !== undefined) doc['a'] = a;
  if (b !== undefined) doc['b'] = b;
  if (t !== undefined) doc['t'] = t;
  doc['n'] = i % 7;
  return doc;
}

const FILTERS: Document[] = [
  {},
  { a: 'c1' },
  { a: 'c1', b: null },
  { a: 'c1', b: 'x' },
  { a: { $eq: 'c2' } },
  { a: null },
  { a: 1 },
  { a: 'c1', b: null, t: { $lt: DATES[3] } },
  { a: 'c1', t: { $gte: DATES[1], $lt: DATES[4] } },
  { a: 'c2', t: { $gt: 2 } },
  { a: 'c2', t: { $lte: 3 } },
  { a: 'c1', t: { $gt: 'b' } },
  { a: 'c1', t: { $gte: OIDS[1] } },
  { a: 'c1', t: { $lt: 7, $ne: 3 } },
  { a: 'c1', t: { $gt: 5, $lt: 2 } },
  { a: 'c1', n: { $gt: 2 } },
  { t: { $gt: 1 } },
  { t: { $lt: DATES[2] } },
  { t: { $gte: null } },
  { a: { $in: ['c1', 'c2'] }, t: { $gt: 0 } },
  { $or: [{ a: 'c1' }, { t: 7 }] },
  {
    $or: [
      { _id: 'd3', a: 'c1' },
      { a: 'c1', b: 'x' },
    ],
  },
  { $or: [{ a: 'c2', b: null }, { a: 'c3', b: 'y', n: 2 }, { _id: { $in: ['d5', 'd6'] } }] },
  { $or: [{ a: 'c1', b: null }, { n: 3 }] },
  { a: 'c1', b: null, n: { $lt: 3 } },
];

/** null: no sort (then only the set of documents is defined, see assertEquivalent). */
const SORTS: Array<Document | null> = [null, { t: -1 }, { t: 1 }, { a: 1, t: -1 }, { t: -1, a: -1 }, { b: 1 }, { n: 1 }, { a: 1, b: 1, t: 1 }];
const WINDOWS: Array<{ skip: number; limit: number }> = [
  { skip: 0, limit: 0 },
  { skip: 0, limit: 1 },
  { skip: 0, limit: 5 },
  { skip: 3, limit: 5 },
  { skip: 2, limit: 0 },
  { skip: 0, limit: 50 },
];

async function ids(coll: Collection, filter: Document, sort: Document | null, window: { skip: number; limit: number }, natural: boolean): Promise<unknown[]> {
  const docs = await coll
    .find(filter, { ...(sort === null ? {} : { sort }), skip: window.skip, limit: window.limit, ...(natural ? { hint: { $natural: 1 } } : {}) })
    .toArray();
  return docs.map((d) => d['_id']);
}

async function scannedObjects(db: Db): Promise<number> {
  const status = await db.admin().command({ serverStatus: 1 });
  return Number(status['metrics']['queryExecutor']['scannedObjects']);
}

describe('minimongod: index-backed sorted and range reads', function () {
  this.timeout(120_000);
  let target: ConformanceTarget;
  let db: Db;

  before(async () => {
    target = await openTarget();
    db = target.client.db(uniqueDbName('ordered'));
  });
  after(async () => {
    await db.dropDatabase();
    await target.close();
  });

  /** Every combination on `indexed` equals the same read forced to scan, and the same read on `plain`. */
  async function assertEquivalent(indexed: Collection, plain: Collection): Promise<{ compared: number; examinedByIndex: number; examinedByScan: number }> {
    let compared = 0;
    let examinedByIndex = 0;
    let examinedByScan = 0;
    for (const filter of FILTERS) {
      for (const sort of SORTS) {
        for (const window of WINDOWS) {
          const expected = await ids(plain, filter, sort, window, false);
          const beforeWalk = await scannedObjects(db);
          const walked = await ids(indexed, filter, sort, window, false);
          const beforeScan = await scannedObjects(db);
          const scanned = await ids(indexed, filter, sort, window, true);
          examinedByIndex += beforeScan - beforeWalk;
          examinedByScan += (await scannedObjects(db)) - beforeScan;
          const label = JSON.stringify({ filter, sort, window });
          assert.deepEqual(scanned, expected, `scan differs from the unindexed collection: ${label}`);
          if (sort === null) {
            // Unsorted, an index may return another order (as MongoDB's does): same size, and
            // only documents of the full answer.
            const all = new Set((await ids(plain, filter, null, { skip: 0, limit: 0 }, false)).map(String));
            assert.equal(walked.length, expected.length, `index read has another size: ${label}`);
            for (const id of walked) assert.ok(all.has(String(id)), `index read returned ${String(id)}, which does not match: ${label}`);
          } else {
            assert.deepEqual(walked, expected, `index read differs from the scan: ${label}`);
          }
          compared += 1;
        }
      }
    }
    return { compared, examinedByIndex, examinedByScan };
  }

  async function seed(indexes: Document[], options: { docs: number; seed: number; arrays: boolean }): Promise<{ indexed: Collection; plain: Collection }> {
    const indexed = db.collection(`indexed_${options.seed}`);
    const plain = db.collection(`plain_${options.seed}`);
    for (const key of indexes) await indexed.createIndex(key);
    const next = random(options.seed);
    const docs: Document[] = [];
    for (let i = 0; i < options.docs; i += 1) docs.push(makeDoc(next, i));
    if (options.arrays) docs.push({ _id: 'arr1', a: 'c1', b: null, t: [5, DATES[2], 'q'] }, { _id: 'arr2', a: ['c1', 'c2'], t: 3 });
    await indexed.insertMany(docs);
    await plain.insertMany(docs);
    return { indexed, plain };
  }

  /** The same edits on both: replacements that move keys, deletions, late inserts. */
  async function mutate(indexed: Collection, plain: Collection, seedValue: number): Promise<void> {
    const next = random(seedValue);
    for (let i = 0; i < 40; i += 1) {
      const id = `d${Math.floor(next() * 200)}`;
      const replacement = makeDoc(next, 10_000 + i);
      delete replacement['_id'];
      for (const coll of [indexed, plain]) await coll.replaceOne({ _id: id as never }, replacement);
    }
    for (let i = 0; i < 20; i += 1) {
      const id = `d${Math.floor(next() * 200)}`;
      for (const coll of [indexed, plain]) await coll.deleteOne({ _id: id as never });
    }
    const late: Document[] = [];
    for (let i = 0; i < 30; i += 1) late.push(makeDoc(next, 20_000 + i));
    for (const coll of [indexed, plain]) await coll.insertMany(late.map((d) => ({ ...d })));
    for (let i = 0; i < 10; i += 1) {
      const id = `d${Math.floor(next() * 200)}`;
      const t = pick(next, DATES);
      for (const coll of [indexed, plain]) await coll.updateOne({ _id: id as never }, { $set: { t } });
    }
  }

  it('compound and single-field indexes in both directions give the scan result, before and after edits', async () => {
    const { indexed, plain } = await seed([{ a: 1, b: 1, t: -1 }, { t: 1 }, { a: -1, t: 1 }], { docs: 240, seed: 1, arrays: false });
    const first = await assertEquivalent(indexed, plain);
    assert.ok(first.compared > 800);
    // The index walks did happen (they examine fewer documents than the forced scans).
    assert.ok(first.examinedByIndex < first.examinedByScan / 2, JSON.stringify(first));
    await mutate(indexed, plain, 2);
    const second = await assertEquivalent(indexed, plain);
    assert.ok(second.examinedByIndex < second.examinedByScan / 2, JSON.stringify(second));
  });

  it('falls back to the scan while an indexed field holds an array (multikey), and resumes when it is gone', async () => {
    const { indexed, plain } = await seed([{ a: 1, t: -1 }, { t: -1 }], { docs: 200, seed: 3, arrays: true });
    const withArrays = await assertEquivalent(indexed, plain);
    for (const coll of [indexed, plain]) await coll.deleteMany({ _id: { $in: ['arr1', 'arr2'] as never[] } });
    const without = await assertEquivalent(indexed, plain);
    assert.ok(without.examinedByIndex < withArrays.examinedByIndex, JSON.stringify({ withArrays, without }));
  });

  it('sparse and partial indexes give the scan result', async () => {
    const { indexed, plain } = await seed([{ a: 1, t: 1 }], { docs: 150, seed: 4, arrays: false });
    await indexed.createIndex({ t: -1 }, { sparse: true });
    await indexed.createIndex({ a: 1, b: 1, t: 1 }, { partialFilterExpression: { b: 'x' } });
    await indexed.dropIndex('a_1_t_1');
    await assertEquivalent(indexed, plain);
  });

  it('reads the latest page and pages back by examining about limit documents of a 100,000-document channel', async () => {
    const messages = db.collection('messages');
    await messages.createIndex({ channelId: 1, threadId: 1, createdAt: -1 });
    const start = Date.UTC(2026, 0, 1);
    const batch: Document[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      batch.push({ _id: `big${i}`, channelId: 'big', threadId: i % 10 === 0 ? 'big0' : null, createdAt: new Date(start + i * 1000), text: `m${i}` });
      if (i % 3 === 0) batch.push({ _id: `other${i}`, channelId: `c${i % 5}`, threadId: null, createdAt: new Date(start + i * 1000), text: 'x' });
      if (batch.length >= 10_000) await messages.insertMany(batch.splice(0));
    }
    if (batch.length > 0) await messages.insertMany(batch.splice(0));

    const before = await scannedObjects(db);
    const latest = await messages.find({ channelId: 'big', threadId: null }, { sort: { createdAt: -1 }, limit: 50 }).toArray();
    const afterLatest = await scannedObjects(db);
    assert.equal(latest.length, 50);
    assert.equal(latest[0]?.['_id'], 'big99999');
    assert.ok(afterLatest - before <= 60, `latest page examined ${afterLatest - before} documents`);

    const oldest = latest[latest.length - 1]?.['createdAt'] as Date;
    const page = await messages.find({ channelId: 'big', threadId: null, createdAt: { $lt: oldest } }, { sort: { createdAt: -1 }, limit: 50 }).toArray();
    const afterPage = await scannedObjects(db);
    assert.equal(page.length, 50);
    assert.ok(((page[0]?.['createdAt'] as Date | undefined)?.getTime() ?? Number.POSITIVE_INFINITY) < oldest.getTime());
    assert.ok(afterPage - afterLatest <= 60, `scroll-back page examined ${afterPage - afterLatest} documents`);

    const natural = await messages
      .find({ channelId: 'big', threadId: null, createdAt: { $lt: oldest } }, { sort: { createdAt: -1 }, limit: 50, hint: { $natural: 1 } })
      .toArray();
    assert.deepEqual(
      natural.map((d) => d['_id']),
      page.map((d) => d['_id']),
    );
    const afterNatural = await scannedObjects(db);
    assert.ok(afterNatural - afterPage > 100_000, 'the $natural hint scans');

    // The thread panel's query: an $or whose branches each fix an index prefix reads the thread only.
    const thread: Document = {
      $or: [
        { _id: 'big0', channelId: 'big' },
        { channelId: 'big', threadId: 'big0' },
      ],
    };
    const replies = await messages.find(thread, { sort: { createdAt: 1 }, limit: 1000 }).toArray();
    const afterThread = await scannedObjects(db);
    assert.ok(afterThread - afterNatural <= 10_001, `thread read examined ${afterThread - afterNatural} documents`);
    const scannedReplies = await messages.find(thread, { sort: { createdAt: 1 }, limit: 1000, hint: { $natural: 1 } }).toArray();
    assert.deepEqual(
      replies.map((d) => d['_id']),
      scannedReplies.map((d) => d['_id']),
    );
    assert.equal(replies[0]?.['_id'], 'big0');
  });

  it('a sort on a field no index covers, or one the index cannot order, still works', async () => {
    const coll = db.collection<{ _id: string; k: string; v: number; w: string }>('unindexed_sort');
    await coll.createIndex({ k: 1, v: 1 });
    await coll.insertMany([
      { _id: 'i1', k: 'a', v: 2, w: 'b' },
      { _id: 'i2', k: 'a', v: 1, w: 'a' },
      { _id: 'i3', k: 'a', v: 3, w: 'c' },
    ]);
    assert.deepEqual(
      (await coll.find({ k: 'a' }, { sort: { w: -1 }, limit: 2 }).toArray()).map((d) => d['_id']),
      ['i3', 'i1'],
    );
    assert.deepEqual(
      (await coll.find({ k: 'a' }, { sort: { v: 1, w: 1 } }).toArray()).map((d) => d['_id']),
      ['i2', 'i1', 'i3'],
    );
    assert.deepEqual(
      (await coll.find({ k: 'a' }, { sort: { v: -1 }, limit: 1 }).toArray()).map((d) => d['_id']),
      ['i3'],
    );
  });
});
