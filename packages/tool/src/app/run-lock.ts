import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `.meteor/local/run.pid`: written by `meteor run`, so `meteor reset` can refuse while it runs. */
export function runLockPath(root: string): string {
  return join(root, '.meteor', 'local', 'run.pid');
}

export type RunLockState = { readonly state: 'running'; readonly pid: number } | { readonly state: 'stopped' };

export function readRunLock(root: string, isAlive: (pid: number) => boolean = pidAlive): RunLockState {
  let text: string;
  try {
    text = readFileSync(runLockPath(root), 'utf8');
  } catch {
    return { state: 'stopped' };
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? { state: 'running', pid } : { state: 'stopped' };
}

/** Takes the lock for this process; the returned release is safe to call twice. */
export function writeRunLock(root: string, pid = process.pid): () => void {
  mkdirSync(join(root, '.meteor', 'local'), { recursive: true });
  writeFileSync(runLockPath(root), `${pid}\n`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (readFileSync(runLockPath(root), 'utf8').trim() === String(pid)) rmSync(runLockPath(root), { force: true });
    } catch {
      // Already gone (e.g. reset after stop): nothing to release.
    }
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
