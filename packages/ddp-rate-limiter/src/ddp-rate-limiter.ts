import { MeteorError } from '@perseid/meteor-core';
import { RateLimiter } from './rate-limiter';
import type { BackoffOptions, RateLimitReply, RuleMatcher } from './rate-limiter';

/** What ddp-server reports about each method call or subscription before running it. */
export interface DdpRateLimitInput {
  type: 'method' | 'subscription';
  name: string;
  userId: string | null;
  clientAddress: string | null;
  connectionId: string;
}

export type DdpRuleMatcher = RuleMatcher<DdpRateLimitInput>;

export type RateLimitMessage = string | ((reply: RateLimitReply, input: DdpRateLimitInput) => string);

export interface DdpRateLimiterOptions {
  now?: () => number;
}

/** Meteor's wording for a refused call. */
export function defaultRateLimitMessage(timeToReset: number): string {
  return `Error, too many requests. Please slow down. You must wait ${Math.ceil(timeToReset / 1000)} seconds before trying again.`;
}

/**
 * The error of every refused call, as Meteor's: `too-many-requests`, the wait in milliseconds
 * as `details.timeToReset`.
 */
export function tooManyRequests(timeToReset: number, reason: string = defaultRateLimitMessage(timeToReset)): MeteorError {
  return new MeteorError('too-many-requests', reason, { timeToReset });
}

const MATCHER_FIELDS: ReadonlySet<string> = new Set(['type', 'name', 'userId', 'clientAddress', 'connectionId']);

/**
 * Meteor's DDPRateLimiter: rules over DDP calls, consulted by ddp-server before every method
 * and subscription (install `check` with `server.setRateLimiter`). A refused call fails with
 * `too-many-requests` whose details carry `timeToReset` in milliseconds.
 */
export class DdpRateLimiter {
  readonly #limiter: RateLimiter<DdpRateLimitInput>;
  #message: RateLimitMessage = (reply) => defaultRateLimitMessage(reply.timeToReset);

  constructor(options: DdpRateLimiterOptions = {}) {
    this.#limiter = new RateLimiter<DdpRateLimitInput>(options.now ? { now: options.now } : {});
  }

  addRule(
    matcher: DdpRuleMatcher,
    numRequests: number,
    timeIntervalMs: number,
    callback?: (reply: RateLimitReply, input: DdpRateLimitInput) => void,
    /** `{ backoff }`: growing waits once the allowance is spent (see RateLimiter). */
    options: { backoff?: BackoffOptions } = {},
  ): string {
    if (matcher === null || typeof matcher !== 'object' || Array.isArray(matcher)) {
      throw new TypeError('DDPRateLimiter.addRule: matcher must be an object');
    }
    for (const field of Object.keys(matcher)) {
      if (!MATCHER_FIELDS.has(field)) {
        throw new TypeError(`DDPRateLimiter.addRule: unknown matcher field "${field}"`);
      }
    }
    return this.#limiter.addRule({
      matcher,
      numRequestsAllowed: numRequests,
      intervalMs: timeIntervalMs,
      ...(callback ? { onHit: callback } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
  }

  removeRule(id: string): boolean {
    return this.#limiter.removeRule(id);
  }

  setErrorMessage(message: RateLimitMessage): void {
    this.#message = message;
  }

  /** Counts the call and answers without throwing. */
  consume(input: DdpRateLimitInput): RateLimitReply {
    return this.#limiter.consume(input);
  }

  /** Counts the call; throws `too-many-requests` if any rule refuses it. */
  check(input: DdpRateLimitInput): void {
    const reply = this.#limiter.consume(input);
    if (reply.allowed) return;
    const message = typeof this.#message === 'function' ? this.#message(reply, input) : this.#message;
    throw tooManyRequests(reply.timeToReset, message);
  }
}

/** The process-wide limiter, as `meteor/ddp-rate-limiter` exports it. */
export const DDPRateLimiter = new DdpRateLimiter();

/** The ddp-server hook this plugs into (`Server.setRateLimiter`). */
export interface RateLimitedServer {
  setRateLimiter(check: ((input: DdpRateLimitInput) => void) | null): void;
}

/**
 * Makes `server` consult `limiter` before every method and subscription. Returns a stop()
 * (safe twice) that removes the hook.
 */
export function installDdpRateLimiter(server: RateLimitedServer, limiter: DdpRateLimiter = DDPRateLimiter): { stop(): void } {
  server.setRateLimiter((input) => limiter.check(input));
  let installed = true;
  return {
    stop: () => {
      if (installed) server.setRateLimiter(null);
      installed = false;
    },
  };
}
