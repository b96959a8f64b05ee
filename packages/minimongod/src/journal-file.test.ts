import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JournalFile, decodeRecords, encodeRecord } from './journal-file';

describe('journal-file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-test-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops decoding at a torn length or a bad checksum, keeping what came before', () => {
    const good = Buffer.concat([encodeRecord({ a: 1 }), encodeRecord({ a: 2 })]);
    const torn = Buffer.concat([good, encodeRecord({ a: 3 }).subarray(0, 10)]);
    assert.deepEqual(decodeRecords(torn).records, [{ a: 1 }, { a: 2 }]);
    assert.equal(decodeRecords(torn).validBytes, good.length);
    const corrupt = Buffer.concat([good, encodeRecord({ a: 3 })]);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 3) ^ 0xff, corrupt.length - 3);
    assert.equal(decodeRecords(corrupt).records.length, 2);
  });

  it('refuses every later write once a write or fsync has failed', async () => {
    const journal = new JournalFile(path.join(dir, 'j'), { syncMode: 'write-then-fdatasync' });
    const original = fs.fdatasync;
    (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((_fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      cb(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    }) as typeof fs.fdatasync;
    try {
      journal.appendRecord({ a: 1 });
      await assert.rejects(journal.sync(), /EIO/);
    } finally {
      (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = original;
    }
    assert.throws(() => journal.appendRecord({ a: 2 }), /journal failed earlier/);
    await assert.rejects(journal.sync(), /journal failed earlier/);
    await journal.close();
  });

  it('makes appends durable and lets concurrent syncs share one fdatasync', async () => {
    const file = path.join(dir, 'j');
    const journal = new JournalFile(file, { syncMode: 'write-then-fdatasync' });
    const original = fs.fdatasync;
    let syncs = 0;
    (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      syncs += 1;
      original(fd, cb);
    }) as typeof fs.fdatasync;
    try {
      journal.appendRecord({ first: true });
      const first = journal.sync();
      // These arrive while the first flush is on disk: they must share the next one.
      const later = Array.from({ length: 20 }, (_, i) => {
        journal.appendRecord({ i });
        return journal.sync();
      });
      await Promise.all([first, ...later]);
      assert.ok(syncs <= 2, `21 syncs took ${syncs} fdatasync calls`);
    } finally {
      (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = original;
      await journal.close();
    }
    assert.equal(decodeRecords(fs.readFileSync(file)).records.length, 21);
    await journal.close();
  });

  it('where the platform has O_DSYNC, flushes with durable writes only: no fdatasync, one write per group', async function () {
    if (typeof fs.constants.O_DSYNC !== 'number') this.skip();
    const file = path.join(dir, 'j');
    const journal = new JournalFile(file);
    assert.equal(journal.syncMode, 'dsync-writes');
    const originalSync = fs.fdatasync;
    const originalWrite = fs.write;
    let syncs = 0;
    let writes = 0;
    (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      syncs += 1;
      originalSync(fd, cb);
    }) as typeof fs.fdatasync;
    (fs as { write: unknown }).write = (...args: unknown[]) => {
      writes += 1;
      return (originalWrite as (...a: unknown[]) => unknown)(...args);
    };
    try {
      journal.appendRecord({ first: true });
      const first = journal.sync();
      const later = Array.from({ length: 20 }, (_, i) => {
        journal.appendRecord({ i });
        return journal.sync();
      });
      await Promise.all([first, ...later]);
      assert.equal(syncs, 0);
      assert.ok(writes <= 2, `21 syncs took ${writes} writes`);
    } finally {
      (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = originalSync;
      (fs as { write: unknown }).write = originalWrite;
      await journal.close();
    }
    assert.equal(decodeRecords(fs.readFileSync(file)).records.length, 21);
  });

  it('refuses every later write once a durable write has failed (O_DSYNC journal)', async () => {
    const journal = new JournalFile(path.join(dir, 'j'), { syncMode: 'dsync-writes' });
    const original = fs.write;
    (fs as { write: unknown }).write = (...args: unknown[]) => {
      const cb = args[args.length - 1] as (e: NodeJS.ErrnoException | null) => void;
      cb(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    };
    try {
      journal.appendRecord({ a: 1 });
      await assert.rejects(journal.sync(), /EIO/);
    } finally {
      (fs as { write: unknown }).write = original;
    }
    assert.throws(() => journal.appendRecord({ a: 2 }), /journal failed earlier/);
    await journal.close();
  });
});
