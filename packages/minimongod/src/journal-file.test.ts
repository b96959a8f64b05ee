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
    const journal = new JournalFile(path.join(dir, 'j'));
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
    const journal = new JournalFile(file);
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
});
