import { useEffect } from 'react';

/** Time and timers as the UI reads them; tests and the app pass their own. */
export interface Clock {
  now(): number;
  /** Runs `run` after `ms`; the returned function cancels it. */
  after(ms: number, run: () => void): () => void;
}

/** setTimeout's longest delay; a later wake-up is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    return () => clearTimeout(timer);
  },
};

/**
 * Calls `onWake` with the clock's time once it reaches `at` (nothing for null); a new `at`
 * replaces the pending wake-up.
 */
export function useWakeUp(at: number | null, clock: Clock, onWake: (now: number) => void): void {
  useEffect(() => {
    if (at === null) return undefined;
    // Measured from the clock at scheduling time, never from a time read at an earlier render.
    return clock.after(at - clock.now(), () => onWake(clock.now()));
  }, [at, clock, onWake]);
}
