/**
 * The rate-limiter hook: called before every method call and subscription with what is known
 * about it; it throws (a client-safe error such as `too-many-requests`) to refuse the call.
 * `@perseid/ddp-rate-limiter`'s `DDPRateLimiter.check` has exactly this shape.
 */
export interface RateLimitInput {
  type: 'method' | 'subscription';
  name: string;
  userId: string | null;
  clientAddress: string | null;
  connectionId: string;
}

export type RateLimitCheck = (input: RateLimitInput) => void;
