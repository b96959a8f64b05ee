import { DDPRateLimiter } from 'meteor/ddp-rate-limiter';

/** Per-user limits on what people do often; a burst beyond them gets a clear "too many requests". */
const RULES: ReadonlyArray<{ name: string; count: number; intervalMs: number }> = [
  { name: 'messages.send', count: 20, intervalMs: 10_000 },
  { name: 'messages.edit', count: 20, intervalMs: 10_000 },
  { name: 'messages.remove', count: 20, intervalMs: 10_000 },
  { name: 'messages.react', count: 30, intervalMs: 10_000 },
  { name: 'messages.search', count: 10, intervalMs: 10_000 },
  { name: 'typing.set', count: 30, intervalMs: 10_000 },
  { name: 'presence.set', count: 30, intervalMs: 10_000 },
  { name: 'channels.create', count: 5, intervalMs: 60_000 },
  { name: 'channels.openDirect', count: 20, intervalMs: 60_000 },
  { name: 'users.updateProfile', count: 10, intervalMs: 60_000 },
  { name: 'users.setAvatar', count: 10, intervalMs: 60_000 },
];

/**
 * Subscriptions started per connection: each runs a query and sets up an observer, so a client
 * that subscribes and unsubscribes in a loop costs the server while holding nothing (how many
 * it may hold at once is ddp-server's limit). The chat starts a handful on load and two or three
 * per channel switch or directory keystroke: ten a second is far beyond a person.
 */
export const SUBSCRIPTIONS_PER_CONNECTION = { count: 100, intervalMs: 10_000 } as const;

export function addRateLimits(): void {
  for (const rule of RULES) {
    DDPRateLimiter.addRule({ type: 'method', name: rule.name, userId: () => true }, rule.count, rule.intervalMs);
  }
  DDPRateLimiter.addRule({ type: 'subscription', connectionId: () => true }, SUBSCRIPTIONS_PER_CONNECTION.count, SUBSCRIPTIONS_PER_CONNECTION.intervalMs);
}

/** Per-connection cap on uploads over HTTP (the DDP limiter does not see HTTP requests). */
export const UPLOADS_PER_MINUTE = 10;
