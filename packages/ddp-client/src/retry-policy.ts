/**
 * Meteor's reconnect back-off: the first `minCount` retries happen almost at once
 * (a dropped socket is usually a blip), later ones grow exponentially with random
 * fuzz so that a fleet of clients does not reconnect in lock step after a restart.
 */
export interface RetryOptions {
  /** Delay of the first exponential step, in ms. */
  readonly baseTimeout: number;
  readonly exponent: number;
  /** Upper bound for any delay, in ms. */
  readonly maxTimeout: number;
  /** Delay used for the first `minCount` retries, in ms. */
  readonly minTimeout: number;
  readonly minCount: number;
  /** Fraction of the delay that is randomised: delay × [1 - fuzz/2, 1 + fuzz/2). */
  readonly fuzz: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  baseTimeout: 1000,
  exponent: 2.2,
  maxTimeout: 5 * 60 * 1000,
  minTimeout: 10,
  minCount: 2,
  fuzz: 0.5,
};

/**
 * The delay before retry number `count` (0-based). `fraction` supplies a uniform
 * random number in [0, 1); tests pass a fixed one.
 */
export function retryDelay(count: number, options: RetryOptions = DEFAULT_RETRY, fraction: () => number = Math.random): number {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`retry count must be a non-negative integer, got ${String(count)}`);
  }
  if (count < options.minCount) return options.minTimeout;
  const raw = Math.min(options.maxTimeout, options.baseTimeout * options.exponent ** count);
  return raw * (fraction() * options.fuzz + (1 - options.fuzz / 2));
}
