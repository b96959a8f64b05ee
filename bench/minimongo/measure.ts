import { loadavg, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

/** A seeded generator, so every variant in a run sees the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export interface Sample {
  readonly name: string;
  readonly totalMs: number;
}

/**
 * Runs `run` `rounds` times (after one warm-up) and returns the median wall time; `setup`
 * runs before each round, outside the timed region.
 */
export function medianOf<T>(name: string, rounds: number, run: (state: T) => void, setup: () => T = () => undefined as T): Sample {
  run(setup());
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const state = setup();
    const start = performance.now();
    run(state);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { name, totalMs: times[Math.floor(times.length / 2)] as number };
}

export function machineLine(): string {
  const [one, five] = loadavg();
  return `node ${process.version}, ${cpus().length} cores, load average ${one?.toFixed(2)} (1 min) ${five?.toFixed(2)} (5 min)`;
}

export function report(title: string, operations: number, samples: readonly Sample[]): void {
  console.log(`\n${title}`);
  const baseline = samples[samples.length - 1] as Sample;
  for (const s of samples) {
    const perOpUs = (s.totalMs * 1000) / operations;
    const perOp = perOpUs < 1 ? `${(perOpUs * 1000).toFixed(0).padStart(8)} ns/op` : `${perOpUs.toFixed(1).padStart(8)} µs/op`;
    const ratio = s === baseline ? 'baseline' : `${(baseline.totalMs / s.totalMs).toFixed(2)}x the baseline's speed`;
    console.log(`  ${s.name.padEnd(58)} ${s.totalMs.toFixed(1).padStart(9)} ms  ${perOp}  ${ratio}`);
  }
}
