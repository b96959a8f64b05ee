/**
 * How many wrong passwords the server lets through, and how fast, beyond Meteor's
 * per-connection limit (which a client escapes by reconnecting). Each scope allows some
 * failures, then makes each further attempt wait twice as long as the one before, from
 * `firstDelayMs` up to `maxDelayMs`; a scope quiet for twice `maxDelayMs` starts afresh.
 */
export interface FailureBackoff {
  /** Failed attempts allowed before any wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export interface LoginAttemptLimits {
  /** Failures against one account from one client address. */
  perAccountAndAddress: FailureBackoff;
  /**
   * Failures against one account from anywhere. Applies only to addresses that have failed
   * against that account themselves: the owner, at an address with no failures, still gets in
   * with the right password while strangers are guessing (each new address gets one guess).
   */
  perAccount: FailureBackoff;
  /** Failures from one client address against any accounts (guessing one password across many). */
  perAddress: FailureBackoff;
}

const MINUTE = 60_000;

export const DEFAULT_LOGIN_ATTEMPT_LIMITS: Readonly<LoginAttemptLimits> = Object.freeze({
  perAccountAndAddress: Object.freeze({ freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 15 * MINUTE }),
  perAccount: Object.freeze({ freeFailures: 20, firstDelayMs: 1_000, maxDelayMs: 15 * MINUTE }),
  perAddress: Object.freeze({ freeFailures: 50, firstDelayMs: 1_000, maxDelayMs: 5 * MINUTE }),
});

const SCOPES = Object.keys(DEFAULT_LOGIN_ATTEMPT_LIMITS) as Array<keyof LoginAttemptLimits>;
const FIELDS = ['freeFailures', 'firstDelayMs', 'maxDelayMs'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Types and checks limits given as settings or options: every scope and field optional (the
 * defaults fill in), anything else a TypeError naming it, so a typo never silently leaves the
 * default in force.
 */
export function parseLoginAttemptLimits(raw: unknown, where = 'loginAttemptLimits'): LoginAttemptLimits {
  if (raw === undefined) return DEFAULT_LOGIN_ATTEMPT_LIMITS;
  if (!isRecord(raw)) throw new TypeError(`${where} must be an object`);
  for (const key of Object.keys(raw)) {
    if (!(SCOPES as string[]).includes(key)) throw new TypeError(`${where}: unknown key ${key} (expected ${SCOPES.join(', ')})`);
  }
  const out = { ...DEFAULT_LOGIN_ATTEMPT_LIMITS };
  for (const scope of SCOPES) {
    const given = raw[scope];
    if (given === undefined) continue;
    if (!isRecord(given)) throw new TypeError(`${where}.${scope} must be an object`);
    const limit: FailureBackoff = { ...DEFAULT_LOGIN_ATTEMPT_LIMITS[scope] };
    for (const [field, value] of Object.entries(given)) {
      if (!(FIELDS as readonly string[]).includes(field)) throw new TypeError(`${where}.${scope}: unknown key ${field} (expected ${FIELDS.join(', ')})`);
      const positive = field !== 'freeFailures';
      if (typeof value !== 'number' || !Number.isInteger(value) || value < (positive ? 1 : 0)) {
        throw new TypeError(`${where}.${scope}.${field} must be a ${positive ? 'positive' : 'non-negative'} integer`);
      }
      limit[field as (typeof FIELDS)[number]] = value;
    }
    if (limit.maxDelayMs < limit.firstDelayMs) throw new TypeError(`${where}.${scope}.maxDelayMs must not be smaller than firstDelayMs`);
    out[scope] = limit;
  }
  return out;
}

/** `Meteor.settings.packages['accounts-password'].loginAttemptLimits`, checked; the defaults when absent. */
export function loginAttemptLimitsFromSettings(settings: unknown): LoginAttemptLimits {
  const packages = isRecord(settings) ? settings['packages'] : undefined;
  const own = isRecord(packages) ? packages['accounts-password'] : undefined;
  const raw = isRecord(own) ? own['loginAttemptLimits'] : undefined;
  return parseLoginAttemptLimits(raw, "Meteor.settings.packages['accounts-password'].loginAttemptLimits");
}
