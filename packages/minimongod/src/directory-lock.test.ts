import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

  it('as a file lock, refuses while the recorded process runs and ignores a stale or reused pid', async function () {
    if (processStartTime(process.pid) === null) this.skip();
    const lockPath = path.join(dir, 'minimongod.lock');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      const pid = holder.pid as number;
      fs.writeFileSync(lockPath, `${pid} ${processStartTime(pid) ?? ''}\n`);
      await assert.rejects(acquireDirectoryLock(dir, 'file'), new RegExp(`already in use by process ${pid}`));
      // The same pid with another start time is a later process that reused it.
      fs.writeFileSync(lockPath, `${pid} 1\n`);
      const reused = await acquireDirectoryLock(dir, 'file');
      await reused.release();
      fs.writeFileSync(lockPath, '1\n');
      const stale = await acquireDirectoryLock(dir, 'file');
      await stale.release();
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
