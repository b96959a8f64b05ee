/**
 * Calls the server answers `ddp.replay-still-running`: a replay (a durable outbox's after a
 * reload, or any call re-sent on a new session) reached a server while the call's first run,
 * on that or another server, had not finished within the server's wait. The call may well
 * succeed, so the answer is not the call's: it is not handed to the caller, its `updated` does
 * not release the stub's documents (nothing is rolled back), and the same frame (same id and
 * randomSeed) goes out again after a back-off, until the server answers with the first run's
 * outcome. Past `maxRetries` the error reaches the caller as any refusal does.
 *
 *   result{still-running} ─► kept pending, its `updated` skipped ─► re-sent after retryDelay(n)
 *   socket lost meanwhile  ─► a resumed session re-sends it at once, a new one with the others
 */
import type { Timers } from '@perseid/ddp-common';
import type { MethodInvoker } from './method-invoker';
import { retryDelay, type RetryOptions } from './retry-policy';

/** The server's code (ddp-server's error catalogue) for a replay whose first run is still going. */
export const REPLAY_STILL_RUNNING = 'ddp.replay-still-running';

export interface StillRunningRetryOptions {
  /** Re-sends of one call before the error reaches the caller. */
  readonly maxRetries: number;
  readonly retry: RetryOptions;
}

/**
 * The server already waited (a minute by default) before answering, and takes a run over after
 * two minutes without an end (its server died): a few re-sends spanning a few minutes suffice.
 */
export const DEFAULT_STILL_RUNNING_RETRY: StillRunningRetryOptions = {
  maxRetries: 6,
  retry: { baseTimeout: 1_000, exponent: 2, maxTimeout: 30_000, minTimeout: 1_000, minCount: 1, fuzz: 0.5 },
};

export class StillRunningRetry {
  readonly #options: StillRunningRetryOptions;
  readonly #timers: Timers;
  readonly #fraction: () => number;
  /** Re-sends so far, per method id; forgotten when the call gets its real answer. */
  readonly #retries = new Map<string, number>();
  readonly #pending = new Map<string, unknown>();
  /** Calls whose still-running answer's `updated` has not arrived yet. */
  readonly #skipUpdated = new Set<string>();

  constructor(options: StillRunningRetryOptions, timers: Timers, fraction: () => number) {
    this.#options = options;
    this.#timers = timers;
    this.#fraction = fraction;
  }

  /**
   * True when `error` (a `result` frame's) says the call is still running and the call (found by
   * `outstanding` only then: most answers cost a Map lookup) is to be re-sent: the caller must then
   * not hand the answer to the invoker. A `noRetry` call is not re-sent (the app asked for a
   * failure rather than a second send).
   */
  take(id: string, error: unknown, outstanding: (id: string) => MethodInvoker | undefined): boolean {
    if (!isStillRunning(error)) {
      this.#forget(id);
      return false;
    }
    const invoker = outstanding(id);
    if (invoker === undefined || invoker.noRetry) {
      this.#forget(id);
      return false;
    }
    const count = this.#retries.get(id) ?? 0;
    if (count >= this.#options.maxRetries) {
      this.#forget(id);
      return false;
    }
    this.#retries.set(id, count + 1);
    this.#skipUpdated.add(id);
    invoker.awaitResend();
    this.#cancel(id);
    const delay = retryDelay(count, this.#options.retry, this.#fraction);
    this.#pending.set(
      id,
      this.#timers.setTimeout(() => {
        this.#pending.delete(id);
        invoker.transmitIfDropped();
      }, delay),
    );
    return true;
  }

  /** The ids of an `updated` frame that still say something about the calls' data. */
  meaningful(methodIds: readonly string[]): string[] {
    return methodIds.filter((id) => !this.#skipUpdated.delete(id));
  }

  /** A new session: the old one's `updated` frames never come, and every call is re-sent with it. */
  newSession(): void {
    this.#skipUpdated.clear();
    for (const id of [...this.#pending.keys()]) this.#cancel(id);
  }

  /** The connection is closed. Idempotent. */
  stop(): void {
    this.newSession();
    this.#retries.clear();
  }

  #forget(id: string): void {
    this.#retries.delete(id);
    this.#cancel(id);
  }

  #cancel(id: string): void {
    const handle = this.#pending.get(id);
    if (handle === undefined) return;
    this.#pending.delete(id);
    this.#timers.clearTimeout(handle);
  }
}

function isStillRunning(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { error?: unknown }).error === REPLAY_STILL_RUNNING;
}
