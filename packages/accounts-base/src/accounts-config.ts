/** Options accepted by `Accounts.config`, as Meteor names them. */
export interface AccountsConfig {
  /** Refuse `createUser` from clients; server code can still create users. */
  forbidClientAccountCreation: boolean;
  /** Only these email domains (or those a predicate accepts) may sign up. */
  restrictCreationByEmailDomain: string | ((email: string) => boolean) | null;
  /** Days a login token stays valid; null means no expiry. */
  loginExpirationInDays: number | null;
  passwordResetTokenExpirationInDays: number;
  passwordEnrollTokenExpirationInDays: number;
  /** Send a verification email when a user signs up with an email address. */
  sendVerificationEmail: boolean;
  /** accounts-passwordless: hours a mailed login code stays valid. */
  loginTokenExpirationHours: number;
  /** accounts-passwordless: hex digits of a mailed login code. */
  tokenSequenceLength: number;
}

export const DEFAULT_ACCOUNTS_CONFIG: Readonly<AccountsConfig> = Object.freeze({
  forbidClientAccountCreation: false,
  restrictCreationByEmailDomain: null,
  loginExpirationInDays: 90,
  passwordResetTokenExpirationInDays: 3,
  passwordEnrollTokenExpirationInDays: 30,
  sendVerificationEmail: false,
  loginTokenExpirationHours: 1,
  tokenSequenceLength: 6,
});

const CONFIG_KEYS = new Set<string>(Object.keys(DEFAULT_ACCOUNTS_CONFIG));

/**
 * Meteor options that have no effect here (ambiguous errors are always on, hashing is argon2id
 * configured in enablePasswordAccounts, storage is the client's choice): accepted, so Meteor
 * code keeps running, and reported once.
 */
const IGNORED_METEOR_KEYS = new Set<string>([
  'ambiguousErrorMessages',
  'bcryptRounds',
  'argon2Enabled',
  'argon2Type',
  'argon2TimeCost',
  'argon2MemoryCost',
  'argon2Parallelism',
  'clientStorage',
  'defaultFieldSelector',
  'collection',
]);

/** Types and checks an `Accounts.config` argument; unknown keys are mistakes, as in Meteor. */
export function parseAccountsConfig(raw: unknown, warn: (message: string) => void = (m) => console.warn(m)): Partial<AccountsConfig> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TypeError('Accounts.config: options must be an object');
  }
  const input = raw as Record<string, unknown>;
  const out: Partial<AccountsConfig> = {};
  for (const [key, value] of Object.entries(input)) {
    if (IGNORED_METEOR_KEYS.has(key)) {
      warn(`Accounts.config: ${key} has no effect in Perseid and is ignored`);
      continue;
    }
    if (!CONFIG_KEYS.has(key)) throw new TypeError(`Accounts.config: invalid key: ${key}`);
    const configKey = key as keyof AccountsConfig;
    switch (configKey) {
      case 'forbidClientAccountCreation':
      case 'sendVerificationEmail':
        if (typeof value !== 'boolean') throw new TypeError(`Accounts.config: ${key} must be a boolean`);
        out[configKey] = value;
        break;
      case 'restrictCreationByEmailDomain':
        if (value !== null && typeof value !== 'string' && typeof value !== 'function') {
          throw new TypeError('Accounts.config: restrictCreationByEmailDomain must be a domain or a predicate');
        }
        out.restrictCreationByEmailDomain = value as AccountsConfig['restrictCreationByEmailDomain'];
        break;
      case 'loginExpirationInDays':
        if (value !== null && !(typeof value === 'number' && value > 0)) {
          throw new TypeError('Accounts.config: loginExpirationInDays must be a positive number or null');
        }
        out.loginExpirationInDays = value as number | null;
        break;
      case 'tokenSequenceLength':
        if (!(typeof value === 'number' && Number.isInteger(value) && value >= 6 && value <= 64))
          throw new TypeError(`Accounts.config: ${key} must be an integer from 6 to 64`);
        out[configKey] = value;
        break;
      case 'loginTokenExpirationHours':
      case 'passwordResetTokenExpirationInDays':
      case 'passwordEnrollTokenExpirationInDays':
        if (!(typeof value === 'number' && value > 0)) throw new TypeError(`Accounts.config: ${key} must be a positive number`);
        out[configKey] = value;
        break;
      default: {
        const unreachable: never = configKey;
        throw new TypeError(`Accounts.config: invalid key: ${String(unreachable)}`);
      }
    }
  }
  return out;
}

export function emailDomainAllowed(rule: AccountsConfig['restrictCreationByEmailDomain'], email: string): boolean {
  if (rule === null) return true;
  if (typeof rule === 'function') return rule(email);
  return email.toLowerCase().endsWith(`@${rule.toLowerCase()}`);
}
