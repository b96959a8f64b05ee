/**
 * What a method call reports when its handler has answered, for latency histograms. Only calls
 * that reached a registered handler are reported, so `name` is always a registered method's
 * name (unknown and refused names never reach an observer: label sets stay bounded).
 */
export type MethodOutcome = 'ok' | 'error';

export interface MethodObserver {
  /** A monotonic clock in milliseconds. */
  now(): number;
  /** The handler of `name` answered `outcome` after `ms` (from its start to its `result`). */
  finished(name: string, ms: number, outcome: MethodOutcome): void;
}
