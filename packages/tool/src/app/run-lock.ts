import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Run locks: each `meteor run` writes `.meteor/local/run-<pid>.lock` saying whether it uses the
 * development database in `.meteor/local/db`. `meteor reset` refuses while any live run holds a
 * lock; a second run that also needs the dev database is refused (one minimongod per data
 * directory), while runs against MONGO_URL (e2e tests, a second port) may run side by side.
 */
export interface RunLock {
  readonly pid: number;
  readonly usesDevDatabase: boolean;
}

const LOCK_RE = /^run-(\d+)\.lock$/;

function localDir(root: string): string {
  return join(root, '.meteor', 'local');
}

/** Live runs of this app; stale locks of crashed runs are ignored (and removed). */
export function liveRunLocks(root: string, isAlive: (pid: number) => boolean = pidAlive): RunLock[] {
  let names: string[];
  try {
    names = readdirSync(localDir(root));
  } catch {
    return [];
  }
  const locks: RunLock[] = [];
  for (const name of names) {
    const m = LOCK_RE.exec(name);
    if (m === null) continue;
    const file = join(localDir(root), name);
    let lock: RunLock | undefined;
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; usesDevDatabase?: unknown };
      if (typeof raw.pid === 'number') lock = { pid: raw.pid, usesDevDatabase: raw.usesDevDatabase === true };
    } catch {
      lock = undefined;
    }
    if (lock !== undefined && isAlive(lock.pid)) locks.push(lock);
    else rmSync(file, { force: true });
  }
  return locks;
}

/** Takes a lock for this process; the returned release is safe to call twice. */
export function writeRunLock(root: string, usesDevDatabase: boolean, pid = process.pid): () => void {
  mkdirSync(localDir(root), { recursive: true });
  const file = join(localDir(root), `run-${pid}.lock`);
  writeFileSync(file, `${JSON.stringify({ pid, usesDevDatabase })}\n`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(file, { force: true });
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
