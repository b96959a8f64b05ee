import type { ClusterTime } from './cluster-time';

/**
 * What a write made through this process tells the observers of its collection.
 * `operationTime` is the server's time for the write (null when the server did not say);
 * `awaitCommit` is true when someone (a method's write fence) waits for the observers.
 */
export interface WriteNotification {
  readonly collection: string;
  readonly operationTime: ClusterTime | null;
  readonly awaitCommit: boolean;
}

/** Resolves when the listener has made the write visible to its observers. */
export type CrossbarListener = (notification: WriteNotification) => Promise<void> | void;

export interface Stoppable {
  stop(): void;
}

/**
 * The in-process bus keyed by collection name (Meteor's crossbar): writes fire, observe
 * drivers listen. Listener lists are copied before firing so a listener may stop itself
 * (or start another) from inside its callback.
 */
export class Crossbar {
  readonly #listeners = new Map<string, Set<CrossbarListener>>();

  listen(collection: string, listener: CrossbarListener): Stoppable {
    let set = this.#listeners.get(collection);
    if (!set) {
      set = new Set();
      this.#listeners.set(collection, set);
    }
    set.add(listener);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        const current = this.#listeners.get(collection);
        current?.delete(listener);
        if (current && current.size === 0) this.#listeners.delete(collection);
      },
    };
  }

  /** Notifies every listener of the collection; resolves once all of them have processed it. */
  async fire(notification: WriteNotification): Promise<void> {
    const set = this.#listeners.get(notification.collection);
    if (!set) return;
    await Promise.all([...set].map((listener) => listener(notification)));
  }

  listenerCount(collection: string): number {
    return this.#listeners.get(collection)?.size ?? 0;
  }
}
