/**
 * The one way tests wait for something asynchronous (a frame, a re-render, a document) to come
 * true: poll `predicate`, and when it stays false past the timeout fail with what was awaited,
 * instead of hanging until mocha's own timeout names only the test.
 *
 * Used by the app's tests (`/tests/helpers/eventually`), the end-to-end support and the runtime
 * packages' node and browser tests (by relative path, so no package exports a test helper).
 */

export interface EventuallyOptions {
  /** Give up after this long (default 5,000 ms, under mocha's 10 s so this message wins). */
  readonly timeoutMs?: number;
  /** Pause between looks (default 5 ms). */
  readonly intervalMs?: number;
  /** Runs before each pause: lets a test flush Tracker or React between looks. */
  readonly between?: () => void | Promise<void>;
  /** Appended to the timeout message, read when it fires (e.g. what the page shows). */
  readonly detail?: () => string;
}

export async function eventually(what: string, predicate: () => boolean | Promise<boolean>, options: EventuallyOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 5;
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) {
      const detail = options.detail === undefined ? '' : `; ${options.detail()}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${detail}`);
    }
    await options.between?.();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
