import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type ResumeToken } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '../src/index';
import { startChildServer } from './child-process-server';

/**
 * A compaction turn the test can hold: while held, the compaction waits before its next slice,
 * so the test sees (and copies) the directory mid-compaction, deterministically.
 */
class TurnGate {
  #holding = true;
  #waiting: Array<() => void> = [];
  #onHeld: (() => void) | null = null;
  readonly turn = (): Promise<void> => {
    if (!this.#holding) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#onHeld?.();
      this.#onHeld = null;
    });
  };

  /** Resolves once a compaction is waiting at the gate. */
  held(): Promise<void> {
    if (this.#waiting.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onHeld = resolve;
    });
  }

  hold(): void {
    this.#holding = true;
  }

  release(): void {
    this.#holding = false;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}

/** Resolves when a log line matching `pattern` has been written (now or later). */
function logWatcher(): { log: (line: string) => void; lines: string[]; waitFor: (pattern: RegExp, count?: number) => Promise<void> } {
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; count: number; resolve: () => void }> = [];
  const matches = (pattern: RegExp): number => lines.filter((l) => pattern.test(l)).length;
  return {
    lines,
    log(line) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (matches(w.pattern) >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    waitFor(pattern, count = 1) {
      if (matches(pattern) >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pattern, count, resolve }));
    },
  };
}

const ids = async (url: string, db: string): Promise<Map<unknown, unknown>> => {
  const client = new MongoClient(url);
  try {
    const docs = await client.db(db).collection('c').find({}).toArray();
    return new Map(docs.map((d) => [d._id, d['v']]));
  } finally {
    await client.close();
  }
};

describe('minimongod compaction without stopping writes', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const newDir = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-compact-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Fill `d.c` through a server that does not compact. */
  const load = async (dbPath: string, count: number, uniqueK = false): Promise<void> => {
    const server = await startMinimongod({ quiet: true, dbPath });
    const client = new MongoClient(server.url);
    try {
      const c = client.db('d').collection('c');
      if (uniqueK) await c.createIndex({ k: 1 }, { unique: true });
      await c.insertMany(Array.from({ length: count }, (_, i) => ({ _id: i, k: i, v: 0 })) as never[]);
    } finally {
      await client.close();
      await server.stop();
    }
  };

  /** Start a server on `dbPath`, return its documents in db `d` and the replay log, stop it. */
  const recoverFrom = async (dbPath: string): Promise<{ docs: Map<unknown, unknown>; lines: string[] }> => {
    const watcher = logWatcher();
    const server = await startMinimongod({ quiet: true, dbPath, log: watcher.log });
    try {
      return { docs: await ids(server.url, 'd'), lines: watcher.lines };
    } finally {
      await server.stop();
    }
  };

  it('answers inserts and reads while a compaction is still writing its slices, and recovers from every on-disk state it passes through', async () => {
    const dbPath = newDir();
    await load(dbPath, 5000, true);
    const gate = new TurnGate();
    const watcher = logWatcher();
    // The journal is over the threshold from the start: the first tick starts a compaction of all 5000.
    let server: MinimongodHandle | null = await startMinimongod({
      quiet: true,
      dbPath,
      compactBytes: 1,
      ttlIntervalMs: 5,
      compactionTurn: gate.turn,
      log: watcher.log,
    });
    const client = new MongoClient(server.url);
    try {
      const c = client.db('d').collection('c');
      await gate.held();
      // The compaction is between slices: its snapshot is not written, the old journal is sealed.
      assert.ok(!fs.existsSync(path.join(dbPath, 'snapshot.bson')));
      assert.ok(fs.existsSync(path.join(dbPath, 'journal.1.wal')));
      await c.insertOne({ _id: 'during' as never, k: -1, v: 1 });
      await c.updateOne({ _id: 7 as never }, { $set: { v: 2 } });
      await c.deleteOne({ _id: 8 as never });
      // A key freed during the compaction and taken by another document: a snapshot mixing
      // times would hold both and fail its unique index on load.
      await c.updateOne({ _id: 9 as never }, { $set: { k: 'moved' } });
      await c.insertOne({ _id: 'taker' as never, k: 9, v: 3 });
      assert.equal((await c.findOne({ _id: 'during' as never }))?.['v'], 1);
      assert.equal(await c.countDocuments(), 5001);
      assert.equal(watcher.lines.filter((l) => /compacted/.test(l)).length, 0, 'the compaction is still in progress');
      const expected = await ids(server.url, 'd');

      // Every state a crash could leave while the compaction is held: sealed + new segment, no snapshot.
      const midway = newDir();
      fs.cpSync(dbPath, midway, { recursive: true });
      fs.rmSync(path.join(midway, 'minimongod.lock'));

      gate.release();
      await watcher.waitFor(/compacted the journal/);
      assert.ok(fs.existsSync(path.join(dbPath, 'snapshot.bson')));
      assert.ok(!fs.existsSync(path.join(dbPath, 'journal.1.wal')), 'the sealed segment is gone once the snapshot is in place');
      await c.insertOne({ _id: 'after' as never, k: -2, v: 4 });
      expected.set('after', 4);
      await client.close();
      await server.stop();
      server = null;

      const midwayResult = await recoverFrom(midway);
      assert.deepEqual(midwayResult.docs, new Map([...expected].filter(([id]) => id !== 'after')));

      // The compaction had written a torn snapshot.bson.tmp when the crash came.
      const tornTmp = newDir();
      fs.cpSync(midway, tornTmp, { recursive: true });
      const snapshot = fs.readFileSync(path.join(dbPath, 'snapshot.bson'));
      fs.writeFileSync(path.join(tornTmp, 'snapshot.bson.tmp'), snapshot.subarray(0, snapshot.length >> 1));
      assert.deepEqual((await recoverFrom(tornTmp)).docs, midwayResult.docs);
      assert.ok(!fs.existsSync(path.join(tornTmp, 'snapshot.bson.tmp')));

      // The snapshot was renamed into place but the sealed segment not yet deleted: its entries
      // are inside the snapshot and must not be replayed again.
      const renamed = newDir();
      fs.cpSync(dbPath, renamed, { recursive: true });
      fs.copyFileSync(path.join(midway, 'journal.1.wal'), path.join(renamed, 'journal.1.wal'));
      const renamedResult = await recoverFrom(renamed);
      assert.deepEqual(renamedResult.docs, expected);
      assert.deepEqual(
        renamedResult.lines.filter((l) => /skipped/.test(l)),
        [],
        'nothing replayed twice',
      );
      assert.ok(!fs.existsSync(path.join(renamed, 'journal.1.wal')));

      // And the finished directory itself.
      const final = await recoverFrom(dbPath);
      assert.deepEqual(final.docs, expected);
      assert.deepEqual(
        final.lines.filter((l) => /skipped/.test(l)),
        [],
      );
    } finally {
      gate.release();
      await client.close();
      await server?.stop();
    }
  });

  it('writes a snapshot exact as of its seal when writes land while the catalog is still being copied', async () => {
    const dbPath = newDir();
    // More documents than one copy step takes, so the capture spans turns.
    await load(dbPath, 50_000, true);
    const gate = new TurnGate();
    const watcher = logWatcher();
    const server = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: 5, compactionTurn: gate.turn, log: watcher.log });
    const client = new MongoClient(server.url);
    let expected: Map<unknown, unknown>;
    try {
      const c = client.db('d').collection('c');
      await gate.held();
      assert.deepEqual(
        fs.readdirSync(dbPath).filter((n) => /^journal\.\d+\.wal$/.test(n)),
        [],
        'still copying: nothing sealed yet',
      );
      await c.updateOne({ _id: 45_000 as never }, { $set: { v: 1 } });
      await c.updateOne({ _id: 5 as never }, { $set: { v: 1 } });
      await c.deleteOne({ _id: 40_000 as never });
      await c.deleteOne({ _id: 10 as never });
      await c.deleteOne({ _id: 30_000 as never });
      await c.insertOne({ _id: 30_000 as never, k: 'back', v: 2 });
      await c.updateOne({ _id: 9 as never }, { $set: { k: 'moved' } });
      await c.insertOne({ _id: 'taker' as never, k: 9, v: 3 });
      await c.insertOne({ _id: 'new' as never, k: 'new', v: 4 });
      expected = await ids(server.url, 'd');
      gate.release();
      await watcher.waitFor(/compacted the journal/);
      assert.ok(
        watcher.lines.some((l) => /finished its capture in .* \(6 documents re-read\)/.test(l)),
        watcher.lines.join('\n'),
      );
      await c.insertOne({ _id: 'after' as never, k: 'after', v: 5 });
    } finally {
      gate.release();
      await client.close();
      await server.stop();
    }
    // The snapshot alone (the journal after it removed) holds exactly the state at the seal.
    const snapshotOnly = newDir();
    fs.cpSync(dbPath, snapshotOnly, { recursive: true });
    fs.rmSync(path.join(snapshotOnly, 'journal.wal'));
    const fromSnapshot = await recoverFrom(snapshotOnly);
    assert.deepEqual(fromSnapshot.docs, expected);
    assert.ok(
      fromSnapshot.lines.some((l) => /recovered 50000 snapshot documents and 0 journal entries/.test(l)),
      fromSnapshot.lines.join('\n'),
    );
    expected.set('after', 5);
    assert.deepEqual((await recoverFrom(dbPath)).docs, expected);
  });

  it('recovers an older snapshot + a sealed segment with a torn tail + the current journal', async () => {
    const dbPath = newDir();
    await load(dbPath, 3000);
    const gate = new TurnGate();
    gate.release();
    const watcher = logWatcher();
    const server = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: 5, compactionTurn: gate.turn, log: watcher.log });
    const client = new MongoClient(server.url);
    let midway = '';
    try {
      const c = client.db('d').collection('c');
      await watcher.waitFor(/compacted the journal/);
      gate.hold();
      await c.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: 3000 + i, v: 1 })) as never[]);
      await gate.held();
      await c.insertOne({ _id: 'current' as never, v: 2 });
      midway = newDir();
      fs.cpSync(dbPath, midway, { recursive: true });
      fs.rmSync(path.join(midway, 'minimongod.lock'));
    } finally {
      gate.release();
      await client.close();
      await server.stop();
    }
    const sealed = fs.readdirSync(midway).filter((n) => /^journal\.\d+\.wal$/.test(n));
    assert.deepEqual(sealed, ['journal.2.wal'], 'the second compaction sealed the second segment');
    const whole = await recoverFrom(midway);
    assert.equal(whole.docs.size, 6001);

    const torn = newDir();
    fs.cpSync(midway, torn, { recursive: true });
    fs.appendFileSync(path.join(torn, 'journal.2.wal'), Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));
    const result = await recoverFrom(torn);
    assert.deepEqual(result.docs, whole.docs);
    assert.ok(result.lines.some((l) => /torn tail of 7 bytes from journal\.2\.wal/.test(l)));
  });

  it('resumes a change stream across a restart from a token taken after a compaction', async () => {
    const dbPath = newDir();
    await load(dbPath, 2500);
    const gate = new TurnGate();
    gate.release();
    const watcher = logWatcher();
    const server1 = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: 5, compactionTurn: gate.turn, log: watcher.log });
    const client1 = new MongoClient(server1.url);
    const c = client1.db('d').collection('c');
    await watcher.waitFor(/compacted the journal/);
    // A later compaction would absorb the token's event too (resuming from it then gets 286,
    // as the durability suite checks): keep any further one from finishing.
    gate.hold();
    const stream = c.watch([], { maxAwaitTimeMS: 20 });
    await stream.tryNext();
    await c.insertOne({ _id: 'seen' as never });
    const token = (await stream.next())._id as ResumeToken;
    await stream.close();
    await c.insertOne({ _id: 'missed' as never });
    await client1.close();
    const stopped = server1.stop();
    gate.release();
    await stopped;

    const server2 = await startMinimongod({ quiet: true, dbPath });
    const client2 = new MongoClient(server2.url);
    try {
      const resumed = client2.db('d').collection('c').watch([], { resumeAfter: token, maxAwaitTimeMS: 20 });
      const event = await resumed.next();
      assert.equal(event.operationType === 'insert' && event.documentKey._id, 'missed');
      await resumed.close();
      assert.equal(await client2.db('d').collection('c').countDocuments(), 2502);
    } finally {
      await client2.close();
      await server2.stop();
    }
  });

  it('abandons a compaction on stop and finishes the work on the next start', async () => {
    const dbPath = newDir();
    await load(dbPath, 2000);
    const gate = new TurnGate();
    const server1 = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: 5, compactionTurn: gate.turn });
    await gate.held();
    const stopped = server1.stop();
    gate.release();
    await stopped;
    assert.ok(!fs.existsSync(path.join(dbPath, 'snapshot.bson.tmp')));
    assert.ok(!fs.existsSync(path.join(dbPath, 'snapshot.bson')));
    assert.ok(fs.existsSync(path.join(dbPath, 'journal.1.wal')), 'the sealed segment waits for the next compaction');
    const watcher = logWatcher();
    const server2 = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: 5, log: watcher.log });
    try {
      await watcher.waitFor(/compacted the journal into a snapshot \(generation 2\)/);
      assert.ok(!fs.existsSync(path.join(dbPath, 'journal.1.wal')));
      assert.equal((await ids(server2.url, 'd')).size, 2000);
    } finally {
      await server2.stop();
    }
  });

  it('keeps every acknowledged insert when kill -9 lands during compactions', async () => {
    const dbPath = newDir();
    const acknowledged: number[] = [];
    let next = 0;
    let killsDuringCompaction = 0;
    for (let round = 0; round < 4; round += 1) {
      let compacting = false;
      let compactions = 0;
      let killed = false;
      // Kill after a pseudo-random number of further acknowledgements once a compaction has started.
      const afterStart = (round * 37) % 50;
      let ackedSinceStart = -1;
      const server = await startChildServer(dbPath, {
        compactBytes: 32 * 1024,
        ttlIntervalMs: 2,
        onLog: (line) => {
          if (/compaction started/.test(line)) {
            compacting = true;
            compactions += 1;
            if (ackedSinceStart < 0) ackedSinceStart = 0;
          }
          if (/compacted the journal/.test(line)) compacting = false;
        },
      });
      const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 3000, retryWrites: false });
      const coll = client.db('crash').collection('docs');
      // Bulk first, so the compactions the writers then trigger have many slices to write.
      const bulk = Array.from({ length: 5000 }, () => next++);
      await coll.insertMany(bulk.map((id) => ({ _id: id as never, payload: 'x'.repeat(100) })));
      acknowledged.push(...bulk);
      const writer = async (): Promise<void> => {
        while (!killed) {
          const id = next++;
          try {
            await coll.insertOne({ _id: id as never, payload: 'x'.repeat(100) });
            acknowledged.push(id);
          } catch {
            return;
          }
          if (ackedSinceStart >= 0) ackedSinceStart += 1;
          if (!killed && ackedSinceStart >= afterStart && compactions > 0) {
            killed = true;
            if (compacting) killsDuringCompaction += 1;
            server.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, writer));
      await server.exited;
      await client.close(true);
    }
    assert.ok(killsDuringCompaction > 0, 'at least one kill landed while a compaction was writing');
    const last = await startChildServer(dbPath);
    const client = new MongoClient(last.url, { serverSelectionTimeoutMS: 3000 });
    try {
      const stored = new Set(
        (
          await client
            .db('crash')
            .collection('docs')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id as unknown as number),
      );
      assert.deepEqual(
        acknowledged.filter((id) => !stored.has(id)),
        [],
        'every acknowledged insert survives',
      );
    } finally {
      await client.close();
      last.child.kill('SIGTERM');
      await last.exited;
    }
  });
});
