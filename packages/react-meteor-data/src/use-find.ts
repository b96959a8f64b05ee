import { useMemo, useRef, useSyncExternalStore, type DependencyList } from 'react';
import { EJSON } from '@perseid/ejson';
import { Tracker } from '@perseid/tracker';

/** What useFind needs of a cursor (minimongo's Cursor and Mongo.Cursor on the client). */
export interface ObservableCursor<T> {
  fetch(): T[];
  observe(callbacks: {
    addedAt?(doc: T, atIndex: number, before: unknown): void;
    changedAt?(newDoc: T, oldDoc: T, atIndex: number): void;
    removedAt?(oldDoc: T, atIndex: number): void;
    movedTo?(doc: T, fromIndex: number, toIndex: number, before: unknown): void;
    _suppress_initial?: boolean;
  }): { stop(): void };
}

function idOf(doc: unknown): unknown {
  return typeof doc === 'object' && doc !== null ? (doc as { _id?: unknown })._id : undefined;
}

/**
 * Keeps the objects of `previous` that are equal to their counterpart in `next`, so rows
 * memoised on their document do not re-render after a re-fetch.
 */
function reuseUnchanged<T>(previous: readonly T[], next: T[]): T[] {
  const byId = new Map<string, T>();
  for (const doc of previous) byId.set(EJSON.stringify(idOf(doc) as never), doc);
  let same = previous.length === next.length;
  const merged = next.map((doc, i) => {
    const old = byId.get(EJSON.stringify(idOf(doc) as never));
    const keep = old !== undefined && EJSON.equals(old as never, doc as never) ? old : doc;
    if (keep !== previous[i]) same = false;
    return keep;
  });
  return same ? (previous as T[]) : merged;
}

/**
 * An ordered observer on one cursor feeding an immutable array: each change makes a new
 * array that shares every untouched document object with the previous one.
 */
class FindStore<T> {
  #docs: readonly T[];
  #handle: { stop(): void } | null = null;
  readonly #listeners = new Set<() => void>();

  readonly #cursor: ObservableCursor<T> | null | undefined;

  constructor(cursor: ObservableCursor<T> | null | undefined) {
    this.#cursor = cursor;
    this.#docs = cursor ? Tracker.nonreactive(() => cursor.fetch()) : [];
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#handle === null && this.#cursor) this.#start(this.#cursor);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#handle?.stop();
        this.#handle = null;
      }
    };
  };

  readonly getSnapshot = (): readonly T[] => this.#docs;

  #start(cursor: ObservableCursor<T>): void {
    const update = (change: (docs: T[]) => void) => {
      const docs = [...this.#docs];
      change(docs);
      this.#docs = docs;
      for (const listener of [...this.#listeners]) listener();
    };
    this.#handle = Tracker.nonreactive(() =>
      cursor.observe({
        _suppress_initial: true,
        addedAt: (doc, at) => update((docs) => docs.splice(at, 0, doc)),
        changedAt: (doc, _old, at) => update((docs) => void (docs[at] = doc)),
        removedAt: (_old, at) => update((docs) => void docs.splice(at, 1)),
        movedTo: (doc, from, to) =>
          update((docs) => {
            docs.splice(from, 1);
            docs.splice(to, 0, doc);
          }),
      }),
    );
    // Changes between the render's fetch and this subscription are caught up here.
    const fresh = reuseUnchanged(
      this.#docs,
      Tracker.nonreactive(() => cursor.fetch()),
    );
    if (fresh !== this.#docs) {
      this.#docs = fresh;
      for (const listener of [...this.#listeners]) listener();
    }
  }
}

/**
 * `useFind(() => Collection.find(selector, options), deps)`: the cursor's documents as an
 * array that changes identity only when the result changes, and whose unchanged
 * documents keep their identity, so `React.memo` rows re-render only when their
 * document changed. The cursor is created again when a dep changes (default: never).
 * A factory returning null gives null.
 */
export function useFind<T>(factory: () => ObservableCursor<T>, deps?: DependencyList): readonly T[];
export function useFind<T>(factory: () => ObservableCursor<T> | null | undefined, deps?: DependencyList): readonly T[] | null;
export function useFind<T>(factory: () => ObservableCursor<T> | null | undefined, deps: DependencyList = []): readonly T[] | null {
  if (typeof factory !== 'function') throw new TypeError('useFind expects a function returning a cursor');
  // The caller's deps, not the factory's identity, decide when the cursor is rebuilt.
  const cursor = useMemo(() => Tracker.nonreactive(factory), deps);
  if (cursor !== null && cursor !== undefined && (typeof cursor.fetch !== 'function' || typeof cursor.observe !== 'function')) {
    throw new TypeError('useFind: the factory must return a cursor (with fetch and observe) or null');
  }
  const storeRef = useRef<{ cursor: unknown; store: FindStore<T> } | null>(null);
  if (storeRef.current === null || storeRef.current.cursor !== cursor) {
    storeRef.current = { cursor, store: new FindStore(cursor) };
  }
  const { store } = storeRef.current;
  const docs = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return cursor === null || cursor === undefined ? null : docs;
}
