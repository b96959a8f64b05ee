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
