import type { Timers } from '@perseid/ddp-common';
import { shownCallEndedError } from './ddp-errors';

/**
 * A call another tab of this app makes, shown here by running its stub (Connection.simulate).
 * Its documents report pending writes until one of these ends the showing (the first wins).
 */
export interface ShownCall {
  /**
   * The call failed, or this tab stops showing it: the server's version, as this connection has
   * it, replaces the guess at once (a refused call is rolled back).
   */
  release(): void;
  /**
   * The other tab heard the call succeed. Documents whose server copy this connection already
   * has are replaced by it now; a document the call created stays as shown until this
   * connection's own data brings it (at most SHOWN_COPY_WAIT_MS), so it never vanishes for a moment.
   */
  answered(): void;
  /**
   * This tab sends the call itself (the tab that made it is gone). The stub does not run again:
   * the documents stay as shown, pending until the server's `updated` for this send.
   */
  send(): Promise<unknown>;
}

/** Longest a created document shown from another tab's answered call waits for this connection's copy (ms). */
export const SHOWN_COPY_WAIT_MS = 10_000;

export interface ShownCallHost {
  /** The method's name, for the error of a late send. */
  readonly name: string;
  readonly timers: Timers;
  /**
   * The showing lets go of its documents (see StubDocuments.methodDataDone); with
   * `untilServerCopy`, not of those this connection has no server copy of yet. Returns whether
   * some are still held.
   */
  giveWay(untilServerCopy: boolean): boolean;
  /** Sends the call with the shown writes as its own. */
  send(): Promise<unknown>;
}

/** The ShownCall of one simulated call: the first of release/answered/send ends the showing. */
export function shownCall(host: ShownCallHost): ShownCall {
  let ended = false;
  let waiting: unknown;
  const stopWaiting = (): void => {
    if (waiting !== undefined) host.timers.clearTimeout(waiting);
    waiting = undefined;
  };
  return {
    // After answered(), also lets go of the documents still waiting for their server copy.
    release: () => {
      ended = true;
      stopWaiting();
      host.giveWay(false);
    },
    answered: () => {
      if (ended) return;
      ended = true;
      if (!host.giveWay(true)) return;
      // A tab that is not sent the document (another subscription, or none) must not keep a guess for ever.
      waiting = host.timers.setTimeout(() => {
        waiting = undefined;
        host.giveWay(false);
      }, SHOWN_COPY_WAIT_MS);
    },
    send: () => {
      if (ended) return Promise.reject(shownCallEndedError(host.name));
      ended = true;
      return host.send();
    },
  };
}
