/** Where `Meteor._debug` output goes; `console.log` unless a test or the boot installs another. */
export type DebugSink = (...args: unknown[]) => void;

// The only place meteor-core touches the console; everything else logs through debug().
let sink: DebugSink = (...args) => console.log(...args);
let suppressed = 0;

/** Meteor's `_debug`: log a diagnostic unless a test has asked for the next lines to be swallowed. */
export function debug(...args: unknown[]): void {
  if (suppressed > 0) {
    suppressed -= 1;
    return;
  }
  sink(...args);
}

/** Replaces the sink; returns the previous one so callers can restore it. */
export function setDebugSink(next: DebugSink): DebugSink {
  const previous = sink;
  sink = next;
  return previous;
}

/** Swallow the next `count` debug lines (Meteor's `_suppress_log`, for tests that expect errors). */
export function suppressLog(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('suppressLog expects a non-negative integer');
  suppressed += count;
}
