/** The method names Meteor rate-limits by default: everything that can guess a credential. */
export const LOGIN_METHOD_NAMES: ReadonlySet<string> = new Set([
  'login',
  'createUser',
  'resetPassword',
  'forgotPassword',
  'verifyEmail',
  'changePassword',
  'requestLoginTokenForUser',
]);

/** The part of DDPRateLimiter this needs. */
export interface RuleTarget {
  addRule(matcher: { type: 'method'; name: (name: string) => boolean; connectionId: (id: string) => boolean }, numRequests: number, intervalMs: number): string;
  removeRule(id: string): boolean;
}

/**
 * Meteor's default: 5 login-type calls per 10 seconds per connection. Returns a handle whose
 * stop() (safe twice) removes the rule, as `Accounts.removeDefaultRateLimit()` does.
 */
export function addDefaultLoginRateLimit(limiter: RuleTarget, numRequests = 5, intervalMs = 10_000): { stop(): void } {
  const id = limiter.addRule({ type: 'method', name: (name) => LOGIN_METHOD_NAMES.has(name), connectionId: () => true }, numRequests, intervalMs);
  let active = true;
  return {
    stop: () => {
      if (active) limiter.removeRule(id);
      active = false;
    },
  };
}
