import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MongoClient, type ResumeToken } from 'mongodb';
import { startMinimongod } from '../src/index';
import { startChildServer } from './child-process-server';

const require = createRequire(import.meta.url);
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'child-server.ts');

/**
 * A server whose parent never reaps it (a shell that execs into `sleep`): once killed it stays a
 * zombie, its pid still answering kill(pid, 0), as while a supervisor has not yet collected it.
 */
async function startUnreapedServer(dbPath: string): Promise<{ readonly url: string; readonly pid: number; readonly parent: ChildProcess }> {
  const script = '"$0" "$@" & exec sleep 60';
  const parent = spawn('sh', ['-c', script, process.execPath, '--import', require.resolve('tsx'), fixture, dbPath, '{}'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    parent.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    parent.once('exit', (code) => reject(new Error(`server wrapper exited with ${String(code)}`)));
  });
  const { url, pid } = JSON.parse(line) as { url: string; pid: number };
  return { url, pid, parent };
}

function processState(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-test-'));
}

describe('minimongod durability', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const newDir = (): string => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged insert after kill -9 mid-stream', async () => {
    const dbPath = newDir();
    const first = await startChildServer(dbPath);
    const client = new MongoClient(first.url, { serverSelectionTimeoutMS: 3000, retryWrites: false });
    const coll = client.db('crash').collection('docs');
    const acknowledged: number[] = [];
    let next = 0;
    let killed = false;
    // 8 concurrent writers keep inserts in flight when the kill lands.
    const writer = async (): Promise<void> => {
      while (!killed) {
        const id = next++;
        try {
          await coll.insertOne({ _id: id as never, payload: 'x'.repeat(100) });
          acknowledged.push(id);
        } catch {
          return;
        }
        if (acknowledged.length >= 400 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    await first.exited;
    await client.close(true);
    assert.ok(acknowledged.length >= 400);
    const second = await startChildServer(dbPath);
    const client2 = new MongoClient(second.url, { serverSelectionTimeoutMS: 3000 });
    try {
      const stored = new Set(
        (
          await client2
            .db('crash')
            .collection('docs')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id as unknown as number),
      );
      const missing = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(missing, [], 'every acknowledged insert survives');
      // the server keeps working on the recovered data
      await client2
        .db('crash')
        .collection('docs')
        .insertOne({ _id: -1 as never });
    } finally {
      await client2.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('resumes a change stream across a restart with a dbPath', async () => {
    const dbPath = newDir();
    const server1 = await startMinimongod({ quiet: true, dbPath });
    const client1 = new MongoClient(server1.url);
    const coll1 = client1.db('app').collection('messages');
    const stream = coll1.watch([], { maxAwaitTimeMS: 20 });
    await stream.tryNext();
    await coll1.insertOne({ _id: 'seen' as never });
    const seen = await stream.next();
    const token = seen._id as ResumeToken;
    await stream.close();
    await coll1.insertOne({ _id: 'missed-1' as never });
    await coll1.updateOne({ _id: 'missed-1' as never }, { $set: { edited: true } });
    await client1.close();
    await server1.stop();

    const server2 = await startMinimongod({ quiet: true, dbPath });
    const client2 = new MongoClient(server2.url);
    try {
      const coll2 = client2.db('app').collection('messages');
      const resumed = coll2.watch([], { resumeAfter: token, maxAwaitTimeMS: 20 });
      const e1 = await resumed.next();
      const e2 = await resumed.next();
      assert.deepEqual([e1.operationType, e2.operationType], ['insert', 'update']);
      assert.equal(e1.operationType === 'insert' && e1.documentKey._id, 'missed-1');
      await coll2.insertOne({ _id: 'after-restart' as never });
      const e3 = await resumed.next();
      assert.equal(e3.operationType === 'insert' && e3.documentKey._id, 'after-restart');
      assert.ok(
        (e3 as { clusterTime: { greaterThan(o: unknown): boolean } }).clusterTime.greaterThan((e2 as { clusterTime: unknown }).clusterTime),
        'the clock continues past recovered time',
      );
      await resumed.close();
    } finally {
      await client2.close();
      await server2.stop();
    }
  });

  it('publishes journaled changes once durable, in commit order, to a concurrent watcher', async () => {
    const dbPath = newDir();
    const server = await startMinimongod({ quiet: true, dbPath });
    const client = new MongoClient(server.url);
    try {
      const c = client.db('order').collection('c');
      const stream = c.watch([], { maxAwaitTimeMS: 1000 });
      await stream.tryNext();
      const total = 8 * 25;
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 25; i += 1) await c.insertOne({ _id: `${w}-${i}` as never });
        }),
      );
      const seen: string[] = [];
      let last = '';
      while (seen.length < total) {
        const event = await stream.next();
        const token = (event._id as { _data: string })._data;
        assert.ok(token > last, 'tokens increase in delivery order');
        last = token;
        seen.push(String((event as unknown as { documentKey: { _id: string } }).documentKey._id));
      }
      assert.equal(new Set(seen).size, total);
      await stream.close();
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('drops a torn journal tail and keeps everything before it', async () => {
    const dbPath = newDir();
    const server1 = await startMinimongod({ quiet: true, dbPath });
    const client1 = new MongoClient(server1.url);
    await client1
      .db('t')
      .collection('c')
      .insertMany([{ _id: 1 }, { _id: 2 }] as never[]);
    await client1.close();
    await server1.stop();
    const journal = path.join(dbPath, 'journal.wal');
    fs.appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6]));
    const lines: string[] = [];
    const server2 = await startMinimongod({ quiet: true, dbPath, log: (l) => lines.push(l) });
    const client2 = new MongoClient(server2.url);
    try {
      assert.equal(await client2.db('t').collection('c').countDocuments(), 2);
      assert.ok(lines.some((l) => /torn tail/.test(l)));
      await client2
        .db('t')
        .collection('c')
        .insertOne({ _id: 3 as never });
    } finally {
      await client2.close();
      await server2.stop();
    }
    const server3 = await startMinimongod({ quiet: true, dbPath });
    const client3 = new MongoClient(server3.url);
    try {
      assert.equal(await client3.db('t').collection('c').countDocuments(), 3);
    } finally {
      await client3.close();
      await server3.stop();
    }
  });

  it('compacts into a snapshot and recovers from snapshot + journal', async () => {
    const dbPath = newDir();
    const server1 = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: 20 });
    const client1 = new MongoClient(server1.url);
    const c = client1.db('snap').collection('c');
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertMany(Array.from({ length: 1500 }, (_, i) => ({ _id: i, k: i })) as never[]);
    while (!fs.existsSync(path.join(dbPath, 'snapshot.bson'))) await new Promise((r) => setTimeout(r, 20));
    await c.insertOne({ _id: 'late' as never, k: -1 });
    await client1.close();
    await server1.stop();
    const server2 = await startMinimongod({ quiet: true, dbPath });
    const client2 = new MongoClient(server2.url);
    try {
      const c2 = client2.db('snap').collection('c');
      assert.equal(await c2.countDocuments(), 1501);
      await assert.rejects(c2.insertOne({ k: 5 }), (e: { code?: number }) => e.code === 11000, 'indexes survive the snapshot');
    } finally {
      await client2.close();
      await server2.stop();
    }
  });

  it('keeps resuming across a live compaction, and reports 286 for tokens the snapshot absorbed after a restart', async () => {
    const dbPath = newDir();
    const server1 = await startMinimongod({ quiet: true, dbPath, compactBytes: 1, ttlIntervalMs: 20 });
    const client1 = new MongoClient(server1.url);
    const c = client1.db('compact').collection('c');
    const stream = c.watch([], { maxAwaitTimeMS: 20 });
    await stream.tryNext();
    await c.insertOne({ _id: 'before' as never });
    const token = (await stream.next())._id as ResumeToken;
    await stream.close();
    await c.insertOne({ _id: 'next' as never });
    const snapshot = path.join(dbPath, 'snapshot.bson');
    // Wait until a snapshot has absorbed everything so far (the journal is empty again).
    while (!fs.existsSync(snapshot) || fs.statSync(path.join(dbPath, 'journal.wal')).size > 0) await new Promise((r) => setTimeout(r, 20));
    const live = c.watch([], { resumeAfter: token, maxAwaitTimeMS: 20 });
    const event = await live.next();
    assert.equal(event.operationType === 'insert' && event.documentKey._id, 'next');
    await live.close();
    await client1.close();
    await server1.stop();
    const server2 = await startMinimongod({ quiet: true, dbPath });
    const client2 = new MongoClient(server2.url);
    try {
      const resumed = client2.db('compact').collection('c').watch([], { resumeAfter: token });
      await assert.rejects(resumed.tryNext(), (e: { code?: number }) => e.code === 286);
      await resumed.close();
    } finally {
      await client2.close();
      await server2.stop();
    }
  });

  it('refuses to start on a corrupt snapshot rather than serve partial data', async () => {
    const dbPath = newDir();
    fs.writeFileSync(path.join(dbPath, 'snapshot.bson'), Buffer.from('not a snapshot at all'));
    await assert.rejects(startMinimongod({ quiet: true, dbPath }), /incomplete or corrupt/);
    // the failed start released its lock
    fs.unlinkSync(path.join(dbPath, 'snapshot.bson'));
    const server = await startMinimongod({ quiet: true, dbPath });
    await server.stop();
  });

  it('releases its dbPath when the port is taken', async () => {
    const dbPath = newDir();
    const first = await startMinimongod({ quiet: true });
    try {
      await assert.rejects(startMinimongod({ quiet: true, dbPath, port: first.port }), /EADDRINUSE/);
      const again = await startMinimongod({ quiet: true, dbPath });
      await again.stop();
    } finally {
      await first.stop();
    }
  });

  it('starts at once after kill -9, while the killed server is still a zombie holding its pid', async () => {
    const dbPath = newDir();
    const first = await startUnreapedServer(dbPath);
    try {
      const client = new MongoClient(first.url, { serverSelectionTimeoutMS: 3000 });
      await client
        .db('crash')
        .collection('docs')
        .insertOne({ _id: 'kept' as never });
      await client.close();
      process.kill(first.pid, 'SIGKILL');
      // The kernel has torn the process down (its sockets closed) but nobody has reaped it.
      while (processState(first.pid) !== 'Z') await new Promise((resolve) => setTimeout(resolve, 10));
      process.kill(first.pid, 0);
      const second = await startChildServer(dbPath);
      const client2 = new MongoClient(second.url, { serverSelectionTimeoutMS: 3000 });
      try {
        assert.deepEqual(await client2.db('crash').collection('docs').find({}).toArray(), [{ _id: 'kept' }]);
      } finally {
        await client2.close();
        second.child.kill('SIGKILL');
        await second.exited;
      }
    } finally {
      first.parent.kill('SIGKILL');
    }
  });

  it('is not blocked by a stale lock file naming a live unrelated process', async () => {
    for (const pid of [1, process.ppid, process.pid]) {
      const dbPath = newDir();
      fs.writeFileSync(path.join(dbPath, 'minimongod.lock'), `${pid}\n`);
      const child = await startChildServer(dbPath);
      child.child.kill('SIGKILL');
      await child.exited;
      // The same, naming a live process with a start time that is not its own (a reused pid).
      fs.writeFileSync(path.join(dbPath, 'minimongod.lock'), `${pid} 1\n`);
      const server = await startMinimongod({ quiet: true, dbPath });
      await server.stop();
    }
  });

  it('refuses a second server on the same dbPath with a clear message', async () => {
    const dbPath = newDir();
    const server1 = await startMinimongod({ quiet: true, dbPath });
    try {
      await assert.rejects(startMinimongod({ quiet: true, dbPath }), /already in use/);
      const child = await startChildServer(dbPath).then(
        (c) => {
          c.child.kill('SIGKILL');
          return 'started';
        },
        (error: Error) => error.message,
      );
      assert.match(child, /already in use by process/);
    } finally {
      await server1.stop();
    }
    const again = await startMinimongod({ quiet: true, dbPath });
    await again.stop();
  });
});
