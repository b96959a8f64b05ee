import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const LOCK_FILE = 'minimongod.lock';
/**
 * How long a lock whose recorded holder is exiting is retried: the kernel releases a killed
 * holder's socket as it tears the process down, which may still be under way.
 */
const TEARDOWN_RETRIES = 20;
const TEARDOWN_RETRY_MS = 50;

/** Directories locked by servers in this process (one process can hold a lock only once). */
const lockedHere = new Set<string>();

export interface DirectoryLock {
  /** The informational lock file (who holds the lock); the lock itself is not the file. */
  readonly lockPath: string;
  release(): Promise<void>;
}

/** Fields 3 onwards of /proc/<pid>/stat, or null where /proc is unavailable or the process is gone. */
function procStat(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * The start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat): with the
 * pid it names one process for the life of the machine, as a reused pid starts later.
 */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.[22 - 3] ?? null;
}

type Holder = { readonly kind: 'running'; readonly pid: string } | { readonly kind: 'exiting-or-unknown' };

/**
 * Who the lock file names, judged by pid, start time and state: `running` only when that very
 * process is alive and not a zombie (Z) or dead (X) on its way out. Used to word the refusal and
 * to decide whether a taken lock is worth waiting for; never to take the lock.
 */
function recordedHolder(lockPath: string): Holder {
  let pid: string | undefined;
  let startTime: string | undefined;
  try {
    [pid, startTime] = fs.readFileSync(lockPath, 'utf8').trim().split(/\s+/);
  } catch {
    return { kind: 'exiting-or-unknown' };
  }
  if (pid === undefined || !/^\d+$/.test(pid)) return { kind: 'exiting-or-unknown' };
  const stat = procStat(Number(pid));
  if (stat === null || stat[0] === 'Z' || stat[0] === 'X' || stat[22 - 3] !== startTime) return { kind: 'exiting-or-unknown' };
  return { kind: 'running', pid };
}

/** `unavailable`: this system refuses abstract sockets (some sandboxes); the file lock is used instead. */
function listen(server: net.Server, address: string): Promise<'held' | 'taken' | 'unavailable'> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      resolve(error.code === 'EADDRINUSE' ? 'taken' : 'unavailable');
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve('held');
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(address);
  });
}

/**
 * Lock a data directory for this process.
 *
 * On Linux the lock is a listening socket in the abstract namespace named after the directory's
 * real path: binding it is atomic, and the kernel closes it when the holder exits however it
 * dies (kill -9 included), so a crashed server never blocks the next one and a reused or
 * unrelated pid can never hold it. The lock file beside the data only records `pid starttime`
 * for people and for the refusal message; its content is never trusted.
 *
 * Elsewhere (no abstract sockets, or a sandbox refusing them) the lock file is the lock: a holder counts as alive while its
 * pid exists, which a crash followed by pid reuse can fool; `minimongod.lock` is then removed by hand.
 */
export async function acquireDirectoryLock(
  dir: string,
  mechanism: 'kernel-socket' | 'file' = process.platform === 'linux' ? 'kernel-socket' : 'file',
): Promise<DirectoryLock> {
  const resolved = fs.realpathSync(dir);
  const lockPath = path.join(resolved, LOCK_FILE);
  if (lockedHere.has(resolved)) throw new Error(`minimongod: ${resolved} is already in use by another minimongod in this process`);
  lockedHere.add(resolved);
  try {
    const socket = mechanism === 'kernel-socket' ? await holdAbstractSocket(resolved, lockPath) : null;
    if (socket === null) refuseIfPidAlive(resolved, lockPath);
    fs.writeFileSync(lockPath, `${process.pid} ${processStartTime(process.pid) ?? ''}\n`);
    return {
      lockPath,
      async release() {
        try {
          fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
        if (socket !== null) await new Promise<void>((resolve) => socket.close(() => resolve()));
        lockedHere.delete(resolved);
      },
    };
  } catch (error) {
    lockedHere.delete(resolved);
    throw error;
  }
}

async function holdAbstractSocket(resolved: string, lockPath: string): Promise<net.Server | null> {
  const address = `\0minimongod-lock-${createHash('sha256').update(resolved).digest('hex').slice(0, 40)}`;
  for (let attempt = 0; ; attempt += 1) {
    // Nobody is served here: whoever connects is hung up on.
    const server = net.createServer((peer) => peer.destroy());
    const outcome = await listen(server, address);
    if (outcome === 'unavailable') return null;
    if (outcome === 'held') {
      server.unref();
      return server;
    }
    const holder = recordedHolder(lockPath);
    if (holder.kind === 'running' || attempt >= TEARDOWN_RETRIES) {
      const who = holder.kind === 'running' ? `process ${holder.pid}` : 'another process';
      throw new Error(`minimongod: ${resolved} is already in use by ${who} (lock file ${lockPath}); stop that server first`);
    }
    await new Promise((resolve) => setTimeout(resolve, TEARDOWN_RETRY_MS));
  }
}

/**
 * The file lock: refused while the recorded holder runs. With /proc that is judged by pid, start
 * time and state (so neither a zombie nor a reused pid blocks); without it, by the pid alone.
 */
function refuseIfPidAlive(resolved: string, lockPath: string): void {
  const refuse = (pid: string): never => {
    throw new Error(`minimongod: ${resolved} is already in use by process ${pid} (lock file ${lockPath}); stop that server first`);
  };
  if (procStat(process.pid) !== null) {
    const holder = recordedHolder(lockPath);
    if (holder.kind === 'running' && holder.pid !== String(process.pid)) refuse(holder.pid);
    return;
  }
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim().split(/\s+/)[0] ?? '', 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return;
  }
  refuse(String(pid));
}
