/**
 * How many live subscriptions a client may hold: each one runs a publish handler and usually
 * an observer, so an unbounded number lets one client slow every other. Counted over the
 * client's named subscriptions (universal publications are the server's choice and not
 * counted); a subscription counts from the moment its `sub` is accepted until it ends.
 */
import { clientError, ddpServerErrors } from './errors';
import type { DdpErrorObject } from '@perseid/ddp-protocol';

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
  return clientError(ddpServerErrors.TOO_MANY_SUBSCRIPTIONS.code, `${ddpServerErrors.TOO_MANY_SUBSCRIPTIONS.reason} ${where} (limit ${limit})`, { scope, limit });
}

function positiveInteger(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${where} must be a positive integer, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/**
 * The limits set in `Meteor.settings.packages['ddp-server']` (`maxSubscriptionsPerConnection`,
 * `maxSubscriptionsPerUser`); absent keys are left out so the server's defaults apply. A wrong
 * value stops the server at start rather than running without the limit it was meant to have.
 */
export function subscriptionLimitsFromSettings(settings: unknown): Partial<SubscriptionLimits> {
  if (typeof settings !== 'object' || settings === null) return {};
  const packages = (settings as { packages?: unknown }).packages;
  if (typeof packages !== 'object' || packages === null) return {};
  const own = (packages as Record<string, unknown>)['ddp-server'];
  if (typeof own !== 'object' || own === null) return {};
  const out: Partial<SubscriptionLimits> = {};
  for (const key of Object.keys(DEFAULT_SUBSCRIPTION_LIMITS) as Array<keyof SubscriptionLimits>) {
    const value = (own as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = positiveInteger(value, `Meteor.settings.packages['ddp-server'].${key}`);
  }
  return out;
}
