/**
 * @perseid/react-meteor-data: React bindings for Tracker, subscriptions and cursors,
 * built on useSyncExternalStore, and their Suspense variants (`meteor/react-meteor-data/suspense`).
 */
export { useTracker, type ReactiveFn, type SkipUpdate } from './use-tracker';
export { useSubscribe } from './use-subscribe';
export { useFind, type ObservableCursor } from './use-find';
export { withTracker, type WithTrackerOptions } from './with-tracker';
export { useSubscribeSuspense } from './use-subscribe-suspense';
export { useFindSuspense, type SuspenseFindable, type FindArgs } from './use-find-suspense';
export { useTrackerSuspense, type AsyncReactiveFn } from './use-tracker-suspense';
