import { Meteor } from 'meteor/meteor';
import { useTracker } from 'meteor/react-meteor-data';
import { paintedFromCache } from '/imports/ui/state/offline-sync';

/**
 * Whether this page has reached its server yet. A page that never has has nothing to show (no
 * session, no data: a phone app started away from the network, or pointing at a server that is
 * down), so it gets the unreachable screen instead of a sign-in form that cannot work or an
 * endless splash. Once reached, later outages are the workspace's connection banner's.
 */
export type ServerReach =
  | { readonly state: 'reached' }
  | { readonly state: 'first-attempt' }
  /** `retryAt`: when the next attempt starts (ms since the epoch), when one is scheduled. */
  | { readonly state: 'unreachable'; readonly retryAt: number | null };

let reachedOnce = false;

export function useServerReach(): ServerReach {
  return useTracker((): ServerReach => {
    const status = Meteor.status();
    if (status.status === 'connected') reachedOnce = true;
    // Documents kept from an earlier visit are something to show: the workspace opens offline.
    if (reachedOnce || paintedFromCache()) return { state: 'reached' };
    // Until one attempt has failed, the page is just starting (the splash covers it).
    if (status.status === 'connecting' && status.retryCount === 0) return { state: 'first-attempt' };
    return { state: 'unreachable', retryAt: status.status === 'waiting' && status.retryTime !== undefined ? status.retryTime : null };
  }, []);
}
