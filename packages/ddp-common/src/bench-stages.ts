/**
 * Stage stamps for bench/chat/type-to-screen-latency.ts: where the time between a sender's
 * Enter and the reader's frame goes inside the server. Off unless the process starts with
 * PERSEID_BENCH_STAGES=1; then each stamp whose text carries the bench's marker
 * (`bench-<n>-end`) prints one line `perseid-stage <stage> <n> <epoch ms>` on stdout, on the
 * same clock as the browsers' `performance.timeOrigin + performance.now()`.
 *
 * Call sites test `benchStagesOn` first, so a production process pays one boolean test per
 * stage and never builds the text it would scan.
 */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;

export const benchStagesOn: boolean = env?.['PERSEID_BENCH_STAGES'] === '1';

const MARKER = /bench-(\d+)-end/;

/** Prints the stamp for `stage` if `text` carries a bench marker (only call when `benchStagesOn`). */
export function stampBenchStage(stage: string, text: string): void {
  const found = MARKER.exec(text);
  if (found === null) return;
  const at = performance.timeOrigin + performance.now();
  console.log(`perseid-stage ${stage} ${found[1]} ${at.toFixed(3)}`);
}
