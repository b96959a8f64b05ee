import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { DDP } from '@perseid/ddp-client';
import type { Connection } from '@perseid/ddp-client';
import { digestPassword } from '@perseid/accounts-base';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function summary(values: readonly number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export function machineLoad(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** A logged-in DDP client of the app (Node `ws`). */
export async function signUpClient(url: string, username: string): Promise<{ connection: Connection; userId: string; token: string }> {
  const connection = DDP.connect(url);
  const result = (await connection.applyAsync('createUser', [{ username, password: await digestPassword('bench password'), profile: { name: username } }], { wait: true })) as { id: string; token: string };
  connection.setUserId(result.id);
  return { connection, userId: result.id, token: result.token };
}

/** The app server process under `meteor run` (the tool child running server-process.ts). */
export function serverPid(rootPid: number): number {
  const out = execFileSync('ps', ['-eo', 'pid,pgid,args'], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const [pid, pgid, ...args] = line.trim().split(/\s+/);
    if (Number(pgid) === rootPid && args.join(' ').includes('server-process')) return Number(pid);
  }
  throw new Error('app server process not found');
}

/** CPU seconds (user+system) and RSS in MiB of a process, from /proc. */
export function processUsage(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssMiB: rssKb / 1024 };
}
