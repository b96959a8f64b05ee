/** Meteor's accounts callback: called with no argument on success, with the error on failure. */
export type AccountsCallback = (error?: unknown) => void;

/**
 * Meteor's client accounts calls (`loginWithPassword`, `logout`, `createUser`, ...) report
 * through an optional last-argument callback; here they also return their promise. When a
 * callback is given it receives the outcome and the promise resolves (to `undefined` on
 * failure), so callback-style code never meets an unhandled rejection.
 */
export function reportTo<T>(work: Promise<T>, callback: unknown): Promise<T | undefined> {
  if (typeof callback !== 'function') return work;
  const report = callback as AccountsCallback;
  return work.then(
    (value) => {
      report();
      return value;
    },
    (error: unknown) => {
      report(error);
      return undefined;
    },
  );
}
