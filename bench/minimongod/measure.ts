import { percentiles } from '../percentiles';

/** Latency samples in ms → summary; throughput from wall time. */
export interface Summary {
  readonly ops: number;
  readonly opsPerSec: number;
  readonly p50: number;
  readonly p99: number;
}

/** Run `op` from `concurrency` callers for `total` operations in all. */
export async function runLoad(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Summary> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await op(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  const latency = percentiles(latencies);
  return { ops: total, opsPerSec: (total / elapsed) * 1000, p50: latency.at(50), p99: latency.at(99) };
}

export function summariseLatencies(samples: number[]): { p50: number; p99: number; n: number } {
  const summary = percentiles(samples);
  return { p50: summary.at(50), p99: summary.at(99), n: summary.n };
}

export function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

const CLOCK_BASE = process.hrtime.bigint();

/** CLOCK_MONOTONIC in ms since this module loaded; `toMonoMs` maps another process's hrtime onto it. */
export function monoMs(): number {
  return toMonoMs(process.hrtime.bigint());
}

export function toMonoMs(hrtime: bigint): number {
  return Number(hrtime - CLOCK_BASE) / 1e6;
}

export interface RateSummary {
  readonly offeredPerSec: number;
  readonly achievedPerSec: number;
  /** From each operation's scheduled start (so a late start counts against it), in ms. */
  readonly p50: number;
  readonly p99: number;
  /** Operations that were due while `concurrency` were already in flight, so started late. */
  readonly startedLate: number;
  /** How late operations started after their due time (timer slack, or waiting for a caller), ms. */
  readonly lateP50: number;
  readonly lateP99: number;
}

/**
 * Open loop: operation i is due at start + i / rate, whatever happened to earlier ones, with at
 * most `concurrency` in flight (a due operation waits for a free caller). `op` gets its due time
 * (monoMs) so callers can measure from the schedule rather than from a late start.
 */
export async function runAtRate(total: number, ratePerSec: number, concurrency: number, op: (i: number, dueAt: number) => Promise<void>): Promise<RateSummary> {
  const interval = 1000 / ratePerSec;
  const latencies: number[] = [];
  const lateness: number[] = [];
  const started = monoMs();
  const dueAt = (i: number): number => started + i * interval;
  let issued = 0;
  let inFlight = 0;
  let finished = 0;
  let startedLate = 0;
  const waitingForCaller: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const launch = (i: number): void => {
      inFlight += 1;
      lateness.push(monoMs() - dueAt(i));
      op(i, dueAt(i)).then(() => {
        latencies.push(monoMs() - dueAt(i));
        inFlight -= 1;
        finished += 1;
        const queued = waitingForCaller.shift();
        if (queued !== undefined) launch(queued);
        else if (finished === total) resolve();
      }, reject);
    };
    const tick = (): void => {
      const now = monoMs();
      while (issued < total && dueAt(issued) <= now) {
        const i = issued;
        issued += 1;
        if (inFlight < concurrency) launch(i);
        else {
          startedLate += 1;
          waitingForCaller.push(i);
        }
      }
      if (issued < total) setTimeout(tick, Math.max(0, dueAt(issued) - monoMs()));
    };
    tick();
  });
  const elapsed = monoMs() - started;
  const { p50, p99 } = summariseLatencies(latencies);
  const late = summariseLatencies(lateness);
  return { offeredPerSec: ratePerSec, achievedPerSec: (total / elapsed) * 1000, p50, p99, startedLate, lateP50: late.p50, lateP99: late.p99 };
}
