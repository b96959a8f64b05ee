import { createHash, randomInt } from 'node:crypto';

/** Meteor's Random.secret alphabet: url-safe base64 characters. */
const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
const TOKEN_LENGTH = 43;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface StampedLoginToken {
  /** The secret handed to the client once; never stored on the server. */
  token: string;
  when: Date;
}

export interface HashedLoginToken {
  hashedToken: string;
  when: Date;
}

/** A 43-character secret (about 256 bits) from a CSPRNG, as Meteor's Random.secret() makes. */
export function generateSecret(length = TOKEN_LENGTH): string {
  let secret = '';
  for (let i = 0; i < length; i++) secret += SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)];
  return secret;
}

export function generateStampedLoginToken(now: Date): StampedLoginToken {
  return { token: generateSecret(), when: now };
}

/** base64(sha256(token)): the only form of a login token the database ever holds. */
export function hashLoginToken(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

export function hashStampedToken(stamped: StampedLoginToken): HashedLoginToken {
  return { hashedToken: hashLoginToken(stamped.token), when: stamped.when };
}

export function tokenExpiresAt(when: Date, loginExpirationInDays: number | null): Date {
  // Meteor treats "never expires" as a very distant date rather than an absent one.
  const days = loginExpirationInDays ?? 365 * 100;
  return new Date(when.getTime() + days * DAY_MS);
}

export function isTokenExpired(when: Date, loginExpirationInDays: number | null, now: Date): boolean {
  return tokenExpiresAt(when, loginExpirationInDays).getTime() <= now.getTime();
}

/** Types a token read off an HTTP header or a DDP argument. */
export function parseLoginToken(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length < 20 || raw.length > 200) return null;
  return /^[A-Za-z0-9_-]+$/.test(raw) ? raw : null;
}
