import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDataDirectory } from './data-directory';
import { LogicalClock } from './logical-clock';
import { Oplog } from './oplog';
import { ServerState } from './server-state';

describe('data-directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-directory-test-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every later sync once a sealed journal segment failed to drain', async () => {
    const lines: string[] = [];
    const data = await openDataDirectory(dir, { compactBytes: 1, log: (line) => lines.push(line) });
    const clock = new LogicalClock();
    const state = new ServerState({
      clock,
      oplog: new Oplog({ clock, sink: data.journal }),
      identity: { replSetName: 'rs0', hostPort: '127.0.0.1:1', startedAt: 0 },
    });
    data.recover(state);
    const coll = state.ensureCollection('d', 'c');
    state.insertDocument(coll, { _id: 0 });
    await state.oplog.durable();
    state.insertDocument(coll, { _id: 1 });
    // The sealed segment's last write (issued while the compaction seals it) fails.
    const original = fs.write;
    (fs as { write: unknown }).write = (...args: unknown[]) => {
      const callback = args[args.length - 1] as (error: Error | null) => void;
      process.nextTick(() => callback(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })));
    };
    try {
      data.maybeCompact(state);
    } finally {
      (fs as { write: unknown }).write = original;
    }
    await assert.rejects(state.oplog.durable(), /EIO|failed to drain/);
    // A write after the seal goes to the new journal.wal, which by itself is healthy.
    state.insertDocument(coll, { _id: 2 });
    await assert.rejects(state.oplog.durable(), /journal segment 1 failed to drain/);
    // The compaction itself gives up before putting its snapshot in place.
    while (!lines.some((l) => /compaction failed: journal segment 1 failed to drain/.test(l))) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(!fs.existsSync(path.join(dir, 'snapshot.bson')));
    assert.ok(!fs.existsSync(path.join(dir, 'snapshot.bson.tmp')));
    data.maybeCompact(state);
    assert.equal(lines.filter((l) => /compaction started/.test(l)).length, 1, 'no compaction after the failure');
    await data.close();
  });
});
