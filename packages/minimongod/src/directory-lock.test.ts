import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireDirectoryLock, processStartTime } from './directory-lock';

describe('directory-lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'directory-lock-test-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records pid and start time, refuses a second holder in this process, and can be taken again once released', async () => {
    const lock = await acquireDirectoryLock(dir);
    assert.equal(fs.readFileSync(lock.lockPath, 'utf8'), `${process.pid} ${processStartTime(process.pid) ?? ''}\n`);
    await assert.rejects(acquireDirectoryLock(dir), /already in use by another minimongod in this process/);
    await lock.release();
    assert.ok(!fs.existsSync(lock.lockPath));
    const again = await acquireDirectoryLock(dir);
    await again.release();
  });
});
