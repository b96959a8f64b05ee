import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** The app server process of a `meteor run` group: the child running the tool's server entry. */
export function findServerPid(groupId: number): number {
  const table = execFileSync('ps', ['-o', 'pid=,args=', '-g', String(groupId)], { encoding: 'utf8' });
  for (const line of table.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match !== null && /server-process\.ts/.test(match[2] ?? '')) return Number(match[1]);
  }
  throw new Error(`no server-process.ts in process group ${groupId}:\n${table}`);
}

export interface ProcessSample {
  /** User + system CPU time consumed so far, in ms. */
  readonly cpuMs: number;
  readonly rssBytes: number;
  readonly at: number;
}

const TICKS_PER_SECOND = 100;

/** Reads /proc for one process: CPU time so far and resident memory. */
export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(rest[11]) + Number(rest[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rssBytes: rssKb * 1024, at: performance.now() };
}

/** CPU share of one core between two samples (1.0 = one core busy all the time). */
export function cpuShare(from: ProcessSample, to: ProcessSample): number {
  return (to.cpuMs - from.cpuMs) / (to.at - from.at);
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
