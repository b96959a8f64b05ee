/**
 * Limits on the account requests that cost the server (and others) something whatever their
 * outcome, beyond Meteor's per-connection rule (which a client escapes by reconnecting):
 * sign-ups (a password hash and a user document each) per client address, and reset mails per
 * client address and per target address (each one lands in someone's mailbox).
 *
 * Window rules of ddp-rate-limiter: `count` requests per `intervalMs`, refused ones included,
 * answered `too-many-requests` with `details.timeToReset`. Client addresses are counted by
 * their addressBlock (an IPv6 host by its /64). A reset request is counted for its target
 * whether or not the address belongs to a user, so the limit tells nothing about which do.
 */
import { addressBlock } from '@perseid/ddp-server';
import { RateLimiter, tooManyRequests } from '@perseid/ddp-rate-limiter';

export interface RequestWindow {
  count: number;
  intervalMs: number;
}

export interface AccountRequestLimits {
  /** `createUser` calls from one client address. */
  signUpsPerAddress: RequestWindow;
  /** `forgotPassword` calls from one client address. */
  resetMailsPerAddress: RequestWindow;
  /** `forgotPassword` calls naming one email address (compared ignoring case). */
  resetMailsPerEmail: RequestWindow;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * An office behind one NAT signing its staff up on day one fits in 20 sign-ups per ten
 * minutes; a real user asks for a reset link a few times at most.
 */
export const DEFAULT_ACCOUNT_REQUEST_LIMITS: Readonly<AccountRequestLimits> = Object.freeze({
  signUpsPerAddress: Object.freeze({ count: 20, intervalMs: 10 * MINUTE }),
  resetMailsPerAddress: Object.freeze({ count: 20, intervalMs: HOUR }),
  resetMailsPerEmail: Object.freeze({ count: 3, intervalMs: HOUR }),
});

const SCOPES = Object.keys(DEFAULT_ACCOUNT_REQUEST_LIMITS) as Array<keyof AccountRequestLimits>;
const FIELDS = ['count', 'intervalMs'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Types and checks limits given as settings or options; defaults fill in, a typo is a TypeError. */
export function parseAccountRequestLimits(raw: unknown, where = 'requestLimits'): AccountRequestLimits {
  if (raw === undefined) return DEFAULT_ACCOUNT_REQUEST_LIMITS;
  if (!isRecord(raw)) throw new TypeError(`${where} must be an object`);
  const out = { ...DEFAULT_ACCOUNT_REQUEST_LIMITS };
  for (const [scope, given] of Object.entries(raw)) {
    if (!(SCOPES as string[]).includes(scope)) throw new TypeError(`${where}: unknown key ${scope} (expected ${SCOPES.join(', ')})`);
    if (!isRecord(given)) throw new TypeError(`${where}.${scope} must be an object`);
    const limit: RequestWindow = { ...DEFAULT_ACCOUNT_REQUEST_LIMITS[scope as keyof AccountRequestLimits] };
    for (const [field, value] of Object.entries(given)) {
      if (!(FIELDS as readonly string[]).includes(field)) throw new TypeError(`${where}.${scope}: unknown key ${field} (expected ${FIELDS.join(', ')})`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new TypeError(`${where}.${scope}.${field} must be a positive integer`);
      limit[field as (typeof FIELDS)[number]] = value;
    }
    out[scope as keyof AccountRequestLimits] = limit;
  }
  return out;
}

/** `Meteor.settings.packages['accounts-password'].requestLimits`, checked; the defaults when absent. */
export function accountRequestLimitsFromSettings(settings: unknown): AccountRequestLimits {
  const packages = isRecord(settings) ? settings['packages'] : undefined;
  const own = isRecord(packages) ? packages['accounts-password'] : undefined;
  const raw = isRecord(own) ? own['requestLimits'] : undefined;
  return parseAccountRequestLimits(raw, "Meteor.settings.packages['accounts-password'].requestLimits");
}

interface RequestInput {
  kind: 'sign-up' | 'reset-mail';
  clientAddress: string | null;
  email: string | null;
}

export class AccountRequestGuard {
  readonly limits: AccountRequestLimits;
  readonly #limiter: RateLimiter<RequestInput>;

  constructor(limits: AccountRequestLimits, now: () => number) {
    this.limits = limits;
    this.#limiter = new RateLimiter<RequestInput>({ now });
    const any = () => true;
    const rule = (kind: RequestInput['kind'], window: RequestWindow, matcher: { clientAddress?: () => boolean; email?: () => boolean }) =>
      this.#limiter.addRule({ matcher: { kind, ...matcher }, numRequestsAllowed: window.count, intervalMs: window.intervalMs });
    rule('sign-up', limits.signUpsPerAddress, { clientAddress: any });
    rule('reset-mail', limits.resetMailsPerAddress, { clientAddress: any });
    rule('reset-mail', limits.resetMailsPerEmail, { email: any });
  }

  /** Counts one sign-up from `clientAddress`, or throws `too-many-requests`. */
  signUp(clientAddress: string | null): void {
    this.#admit({ kind: 'sign-up', clientAddress: addressBlock(clientAddress), email: null });
  }

  /** Counts one reset mail asked for `email` from `clientAddress`, or throws `too-many-requests`. */
  resetMail(clientAddress: string | null, email: string): void {
    this.#admit({ kind: 'reset-mail', clientAddress: addressBlock(clientAddress), email: email.toLowerCase() });
  }

  #admit(input: RequestInput): void {
    const reply = this.#limiter.consume(input);
    if (!reply.allowed) throw tooManyRequests(reply.timeToReset);
  }
}
