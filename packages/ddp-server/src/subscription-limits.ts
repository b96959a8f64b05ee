/**
 * How many live subscriptions a client may hold: each one runs a publish handler and usually
 * an observer, so an unbounded number lets one client slow every other. Counted over the
 * client's named subscriptions (universal publications are the server's choice and not
 * counted); a subscription counts from the moment its `sub` is accepted until it ends.
 */
import { clientError } from '@perseid/ddp-common';
import { ddpServerErrors } from './errors';
import type { DdpErrorObject } from '@perseid/ddp-protocol';
import { packageLimitsFromSettings } from './package-settings';

export interface SubscriptionLimits {
  /** Named subscriptions one connection (DDP session) may hold. */
  maxSubscriptionsPerConnection: number;
  /** Named subscriptions one signed-in user may hold over all their connections. */
  maxSubscriptionsPerUser: number;
}

/**
 * The chat client holds seven at most (channel list, people, presence, one message window,
 * typing, a thread, the channel directory): a hundred leaves room for any app page, three
 * hundred for a user with dozens of tabs open.
 */
export const DEFAULT_SUBSCRIPTION_LIMITS: Readonly<SubscriptionLimits> = Object.freeze({
  maxSubscriptionsPerConnection: 100,
  maxSubscriptionsPerUser: 300,
});

export type SubscriptionLimitScope = 'connection' | 'user';

/** The `nosub` error of a refused subscription; the connection stays open. */
export function tooManySubscriptions(scope: SubscriptionLimitScope, limit: number): DdpErrorObject {
  const where = scope === 'connection' ? 'on this connection' : 'for this user';
  return clientError(ddpServerErrors.TOO_MANY_SUBSCRIPTIONS.code, `${ddpServerErrors.TOO_MANY_SUBSCRIPTIONS.reason} ${where} (limit ${limit})`, {
    scope,
    limit,
  });
}

/**
 * The limits set in `Meteor.settings.packages['ddp-server']` (`maxSubscriptionsPerConnection`,
 * `maxSubscriptionsPerUser`); absent keys are left out so the server's defaults apply. A wrong
 * value stops the server at start rather than running without the limit it was meant to have.
 */
export function subscriptionLimitsFromSettings(settings: unknown): Partial<SubscriptionLimits> {
  return packageLimitsFromSettings(settings, DEFAULT_SUBSCRIPTION_LIMITS);
}
