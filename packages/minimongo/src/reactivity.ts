import { Tracker } from '@perseid/tracker';

/**
 * Makes the running Tracker computation (if any) depend on a live query: `observe` starts one
 * that calls `notify` whenever the result can have changed, and it is stopped as soon as the
 * computation is invalidated, so each re-run observes afresh.
 */
export function dependOnQuery(observe: (notify: () => void) => { stop(): void }): void {
  if (!Tracker.active) return;
  const dependency = new Tracker.Dependency();
  dependency.depend();
  const handle = observe(() => dependency.changed());
  Tracker.onInvalidate(() => handle.stop());
}
