/**
 * `meteor/react-meteor-data/suspense`: Meteor 3's Suspense variants of the hooks, implemented
 * by @perseid/react-meteor-data under their *Suspense names.
 */
export {
  useSubscribeSuspense as useSubscribe,
  useFindSuspense as useFind,
  useTrackerSuspense as useTracker,
  useSubscribeSuspense,
  useFindSuspense,
  useTrackerSuspense,
  type AsyncReactiveFn,
  type FindArgs,
  type SuspenseFindable,
} from '@perseid/react-meteor-data';
