/**
 * @perseid/react-meteor-data: React bindings for Tracker, subscriptions and cursors,
 * built on useSyncExternalStore.
 */
export { useTracker, type ReactiveFn, type SkipUpdate } from './use-tracker';
export { useSubscribe } from './use-subscribe';
export { useFind, type ObservableCursor } from './use-find';
export { withTracker, type WithTrackerOptions } from './with-tracker';
