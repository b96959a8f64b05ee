import type { ObservableServerCursor, PublicationHandle } from '../channels/server/publish-while-member';

type Change = readonly ['added', string, Record<string, unknown>] | readonly ['changed', string, Record<string, unknown>] | readonly ['removed', string];

/**
 * The observers of a publication's cursors, started before anyone knows whether the subscriber
 * may see them: until `open()` every change is only kept, so nothing reaches the client before
 * access is granted, and a refused observation is stopped with nothing sent. Once open, changes
 * go to the subscriber as they come, and `ids` is what it holds (for a revoke).
 */
export class GatedObservation {
  readonly ids = new Set<string>();
  #kept: Change[] | null = [];
  #handles: { stop(): void }[] = [];
  #stopped = false;
  readonly #sub: PublicationHandle;
  readonly #collection: string;

  constructor(sub: PublicationHandle, collection: string) {
    this.#sub = sub;
    this.#collection = collection;
  }

  /** Reads `cursor()` and observes each cursor it returns, kept closed. */
  static async start(
    sub: PublicationHandle,
    collection: string,
    cursor: () => ObservableServerCursor | readonly ObservableServerCursor[] | Promise<ObservableServerCursor | readonly ObservableServerCursor[]>,
  ): Promise<GatedObservation> {
    const observation = new GatedObservation(sub, collection);
    const cursors = await cursor();
    for (const each of Array.isArray(cursors) ? (cursors as readonly ObservableServerCursor[]) : [cursors as ObservableServerCursor]) {
      const handle = await each.observeChangesAsync({
        added: (id, fields) => observation.#apply(['added', id, fields]),
        changed: (id, fields) => observation.#apply(['changed', id, fields]),
        removed: (id) => observation.#apply(['removed', id]),
      });
      // Stopped while this observer was starting: it must not outlive the observation.
      if (observation.#stopped) handle.stop();
      else observation.#handles.push(handle);
    }
    return observation;
  }

  /** Sends what was kept, in order, and every change from now on. */
  open(): void {
    const kept = this.#kept;
    if (kept === null) return;
    this.#kept = null;
    for (const change of kept) this.#send(change);
  }

  /** Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#kept = null;
    for (const handle of this.#handles) handle.stop();
    this.#handles = [];
  }

  #apply(change: Change): void {
    if (this.#stopped) return;
    if (this.#kept !== null) this.#kept.push(change);
    else this.#send(change);
  }

  #send(change: Change): void {
    const collection = this.#collection;
    switch (change[0]) {
      case 'added':
        this.ids.add(change[1]);
        this.#sub.added(collection, change[1], change[2]);
        return;
      case 'changed':
        this.#sub.changed(collection, change[1], change[2]);
        return;
      case 'removed':
        this.ids.delete(change[1]);
        this.#sub.removed(collection, change[1]);
        return;
    }
  }
}
