/**
 * Password-guessing limits that hold across connections: per account and client address, per
 * account, per client address (see LoginAttemptLimits), on ddp-rate-limiter's backoff rules.
 *
 * Invariant: an attempt is counted as a failure when it begins, before the password is checked,
 * and refunded if it succeeds; so attempts running at the same time (many sockets, one moment)
 * are judged against each other's failures, never all against the count before them.
 */
import { RateLimiter, tooManyRequests } from '@perseid/ddp-rate-limiter';
import type { RateLimitReply } from '@perseid/ddp-rate-limiter';
import { addressBlock } from '@perseid/ddp-server';
import type { FailureBackoff, LoginAttemptLimits } from './login-attempt-limits';

export interface LoginAttemptInput {
  /**
   * The account as the attempt names it (see loginAccountName), not the user it resolves to:
   * an unknown account is then limited exactly as a known one, and the limits tell nothing
   * about which names exist or belong together.
   */
  account: string;
  /**
   * Meteor's `connection.clientAddress` (null when unknown: all such clients share one budget);
   * counted by its addressBlock, so an IPv6 client cannot step through its /64.
   */
  clientAddress: string | null;
}

/** The key of a login selector: names compare as the lookup does, ignoring case. */
export function loginAccountName(selector: { username: string } | { email: string } | { id: string }): string {
  if ('id' in selector) return `id:${selector.id}`;
  if ('username' in selector) return `username:${selector.username.toLowerCase()}`;
  return `email:${selector.email.toLowerCase()}`;
}

/** One attempt under way: tell the guard if it turns out not to be a failure. */
export interface LoginAttemptTicket {
  succeeded(): void;
}

type Scope = keyof LoginAttemptLimits;

function limiterFor(limit: FailureBackoff, matcher: { account?: () => true; clientAddress?: () => true }, now: () => number): RateLimiter<LoginAttemptInput> {
  const limiter = new RateLimiter<LoginAttemptInput>({ now });
  limiter.addRule({
    matcher,
    numRequestsAllowed: limit.freeFailures,
    intervalMs: limit.firstDelayMs,
    backoff: { maxIntervalMs: limit.maxDelayMs },
  });
  return limiter;
}

export class LoginAttemptGuard {
  readonly limits: LoginAttemptLimits;
  readonly #limiters: Record<Scope, RateLimiter<LoginAttemptInput>>;

  constructor(limits: LoginAttemptLimits, now: () => number) {
    this.limits = limits;
    const any = () => true as const;
    this.#limiters = {
      perAccountAndAddress: limiterFor(limits.perAccountAndAddress, { account: any, clientAddress: any }, now),
      perAccount: limiterFor(limits.perAccount, { account: any }, now),
      perAddress: limiterFor(limits.perAddress, { clientAddress: any }, now),
    };
  }

  /**
   * Admits one password attempt, counting it as a failure until told otherwise, or throws
   * `too-many-requests` with the wait in `details.timeToReset`.
   */
  begin(attempt: LoginAttemptInput): LoginAttemptTicket {
    const input = { account: attempt.account, clientAddress: addressBlock(attempt.clientAddress) };
    const { perAccountAndAddress, perAccount, perAddress } = this.#limiters;
    const failedHere = perAccountAndAddress.counted(input) > 0;
    const judged: RateLimitReply[] = [perAccountAndAddress.check(input), perAddress.check(input)];
    if (failedHere) judged.push(perAccount.check(input));
    const wait = Math.max(0, ...judged.filter((reply) => !reply.allowed).map((reply) => reply.timeToReset));
    if (judged.some((reply) => !reply.allowed)) throw tooManyRequests(wait);
    const counted: Array<RateLimiter<LoginAttemptInput>> = [perAccountAndAddress, perAddress];
    perAccountAndAddress.consume(input);
    perAddress.consume(input);
    // An address without failures may try while the account is held; the account's own wait is
    // then not lengthened by it (its backoff counts only what it let through).
    if (perAccount.consume(input).allowed) counted.push(perAccount);
    let state: 'open' | 'settled' = 'open';
    return {
      succeeded: () => {
        if (state === 'settled') return;
        state = 'settled';
        for (const limiter of counted) limiter.refund(input);
      },
    };
  }

  /**
   * The owner proved control of the account another way (a reset link from its mailbox): its
   * failures are forgotten, everywhere for the account and for the address they came from.
   */
  recovered(accounts: readonly string[], address: string | null): void {
    const clientAddress = addressBlock(address);
    for (const account of accounts) {
      this.#limiters.perAccount.reset({ account, clientAddress });
      this.#limiters.perAccountAndAddress.reset({ account, clientAddress });
    }
  }
}
