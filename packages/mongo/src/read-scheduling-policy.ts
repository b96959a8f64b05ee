/**
 * Read scheduling: when a collection's shared change stream asks the database for its next
 * batch, and so how soon a method's `result` and `updated` can leave. Three parts cooperate, in
 * three packages; this is the one place their reasoning is written down.
 *
 * 1. The driver counts, per collection, the writes made through `Collection` that await their
 *    reply (`WritesInFlight`; every write is counted until its reply, failed ones included).
 * 2. The shared change stream reads ahead or defers (shared-change-stream.ts, `run`):
 *    - With no local write in flight, the next getMore is asked for BEFORE a batch is handed to
 *      the observers, so the database holds a parked getMore while they work and a write from
 *      elsewhere is reported at once.
 *    - With a local write in flight, the batch's event is most likely that write's and its
 *      acknowledgement arrives right behind it. Asking for a getMore first costs ~0.1 ms of this
 *      process (command, write syscall) that the fenced method's `result` and `updated` would
 *      wait behind, and the acknowledgement is often read one loop iteration later. So the read
 *      is deferred by `afterNextPoll`: after the observers' synchronous work and one more poll
 *      of the event loop (which reads the acknowledgement), still without waiting for their
 *      asynchronous work (a re-query). One setImmediate was not enough: a trace found 287 of
 *      1,000 calls reading the getMore first; with the extra poll, 999 of 1,000 read the
 *      acknowledgement first.
 * 3. The database answers in an order that makes the deferral pay: minimongod answers a write
 *    that released parked change-stream getMores after their replies, in the same turn
 *    (`afterPendingMicrotasks` in packages/minimongod/src/server-state.ts), so the event and the
 *    acknowledgement arrive together and `added`, `result` and `updated` leave in one write.
 *
 * Correctness depends on none of this: the write fence holds `updated` until the stream has
 * processed a clusterTime at or past the write's operationTime. Only latency does. A MongoDB
 * replica set gives no order between the two replies (they travel on different pooled
 * connections; with w: 1 the event follows the acknowledgement by the replication time, with
 * w: majority either may come first): the round trip is then the later of the two plus dispatch,
 * and the merged write happens only when the event arrives while its acknowledgement is awaited.
 *
 * Trade-off: while a local write awaits its reply, no getMore is parked behind a batch's
 * listeners, so an event from elsewhere arriving during a long synchronous dispatch waits for the
 * deferred getMore (two more loop iterations plus one round trip).
 *
 * Figures and traces: bench/RESULTS.md, "Method round trip: the acknowledgement read before the
 * next getMore" and "What a replica set would give".
 */

/** Schedules the read that follows a batch (`afterNextPoll` unless a test drives it). */
export type DeferRead = (start: () => void) => void;

/**
 * Runs `start` in the check phase after the NEXT poll phase, behind whatever that poll's I/O
 * scheduled with setImmediate (a socket flush). Called during poll N, the first hop runs in
 * check N, the second in check N+1 ahead of what poll N+1 queued, the third in check N+2.
 * When idle that is a few tens of microseconds later than a single setImmediate.
 */
export const afterNextPoll: DeferRead = (start) => void setImmediate(() => setImmediate(() => setImmediate(start)));

/** Writes awaiting their reply, per collection: whether the change stream defers its next read. */
export class WritesInFlight {
  readonly #counts = new Map<string, number>();

  /** A write to `collection` is about to be sent; call the returned function (idempotent) once its reply has been read. */
  begin(collection: string): () => void {
    this.#counts.set(collection, (this.#counts.get(collection) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = (this.#counts.get(collection) ?? 1) - 1;
      if (left > 0) this.#counts.set(collection, left);
      else this.#counts.delete(collection);
    };
  }

  /** True while any write to `collection` awaits its reply: its change stream defers the read after a batch. */
  pending(collection: string): boolean {
    return this.#counts.has(collection);
  }
}
