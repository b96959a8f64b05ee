import type { DependencyList } from 'react';
import { EJSON } from '@perseid/ejson';
import { Tracker } from '@perseid/tracker';
import { SuspenseCache } from './suspense-cache';
import type { ResourceWork } from './suspense-resource';
import { useFind, type ObservableCursor } from './use-find';
import { useSuspenseResource } from './use-suspense-resource';

/** What useFindSuspense needs of a collection (Mongo.Collection and minimongo's on the client). */
export interface SuspenseFindable<T> {
  find(selector?: never, options?: never): ObservableCursor<T> & { fetchAsync(): Promise<T[]> };
}

export type FindArgs = readonly [selector?: unknown, options?: unknown];

/** First fetches by collection, then by EJSON of the find arguments. */
const firstFetches = new WeakMap<object, SuspenseCache<null>>();

/** The first fetches of one collection (tests check that nothing stays behind). */
export function firstFetchesOf(collection: object): SuspenseCache<null> | undefined {
  return firstFetches.get(collection);
}

function cacheFor(collection: object): SuspenseCache<null> {
  let cache = firstFetches.get(collection);
  if (cache === undefined) {
    cache = new SuspenseCache<null>();
    firstFetches.set(collection, cache);
  }
  return cache;
}

function cursorOf<T>(collection: SuspenseFindable<T>, findArgs: FindArgs) {
  const find = collection.find as (...args: readonly unknown[]) => ReturnType<SuspenseFindable<T>['find']>;
  return Tracker.nonreactive(() => find.call(collection, ...findArgs));
}

function fetchWork<T>(collection: SuspenseFindable<T>, findArgs: FindArgs): ResourceWork<null> {
  return (report) => {
    cursorOf(collection, findArgs)
      .fetchAsync()
      .then(
        () => report.value(null),
        (error: unknown) => report.error(error),
      );
    return () => {};
  };
}

/**
 * `useFind(collection, [selector, options], deps?)` of `meteor/react-meteor-data/suspense`:
 * suspends until the first `fetchAsync` of the query settles (its rejection reaches the
 * nearest error boundary), then renders the documents reactively as `useFind` does, without
 * suspending for later changes. New find arguments (compared by EJSON) or deps rebuild the
 * cursor, and the component suspends for that query's first fetch. `null` arguments give null.
 */
export function useFindSuspense<T>(collection: SuspenseFindable<T>, findArgs: FindArgs, deps?: DependencyList): readonly T[];
export function useFindSuspense<T>(collection: SuspenseFindable<T>, findArgs: FindArgs | null, deps?: DependencyList): readonly T[] | null;
export function useFindSuspense<T>(collection: SuspenseFindable<T>, findArgs: FindArgs | null, deps: DependencyList = []): readonly T[] | null {
  if (typeof collection !== 'object' || collection === null || typeof collection.find !== 'function') {
    throw new TypeError('useFind (suspense): the first argument must be a collection');
  }
  if (findArgs !== null && !Array.isArray(findArgs)) throw new TypeError('useFind (suspense): find arguments must be an array [selector, options] or null');
  const key = findArgs === null ? null : EJSON.stringify(findArgs as unknown[]);
  useSuspenseResource(cacheFor(collection), { key, work: findArgs === null ? () => () => {} : fetchWork(collection, findArgs) });
  // `key` stands for findArgs in the deps: equal arguments keep the same cursor.
  return useFind(() => (findArgs === null ? null : cursorOf(collection, findArgs)), [collection, key, ...deps]);
}
