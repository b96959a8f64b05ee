import { clientMeteorApi } from '@perseid/ddp-client';
import { EJSON } from '@perseid/ejson';
import { Tracker } from '@perseid/tracker';
import { SuspenseCache } from './suspense-cache';
import type { ResourceWork } from './suspense-resource';
import { useSuspenseResource } from './use-suspense-resource';

/** One subscription per name + arguments, shared by every component asking for it. */
export const suspenseSubscriptions = new SuspenseCache<null>();

function subscriptionWork(name: string, args: readonly unknown[]): ResourceWork<null> {
  return (report) => {
    let phase: 'waiting' | 'ready' = 'waiting';
    // Outside any computation: a computation re-running would stop a shared subscription.
    const handle = Tracker.nonreactive(() =>
      clientMeteorApi.subscribe(name, ...args, {
        onReady: () => {
          phase = 'ready';
          report.value(null);
        },
        onStop: (error?: unknown) => {
          if (error !== undefined) report.error(error);
          // A clean stop before ready (the publication stopped itself) would leave its
          // components suspended for ever; once ready, the documents simply go away.
          else if (phase === 'waiting') report.error(new Error(`subscription ${name} stopped before it was ready`));
        },
      }),
    );
    return () => handle.stop();
  };
}

/**
 * `useSubscribe(name, ...args)` of `meteor/react-meteor-data/suspense`: suspends until the
 * subscription is ready; throws its error (a `nosub` carrying one) to the nearest error
 * boundary. Components asking for the same name and arguments share one subscription,
 * stopped when the last of them unmounts (after RELEASE_GRACE_MS, so a re-mount keeps it).
 */
export function useSubscribeSuspense(name: string, ...args: unknown[]): void {
  if (typeof name !== 'string' || name === '') throw new TypeError('useSubscribe: the publication name must be a non-empty string');
  const key = EJSON.stringify([name, args]);
  useSuspenseResource(suspenseSubscriptions, { key, work: subscriptionWork(name, args) });
}
