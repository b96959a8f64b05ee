import type { HashedLoginToken } from './login-token';

export interface UserEmail {
  address: string;
  verified: boolean;
}

/** A hashed, single-use token mailed to a user (password reset, enrolment, email check). */
export interface MailedTokenRecord {
  hashedToken: string;
  address: string;
  when: Date;
  reason?: 'reset' | 'enroll';
}

/** accounts-passwordless: hashes of the login codes mailed last (Meteor's shape) and wrong tries. */
export interface PasswordlessRecord {
  createdAt: Date;
  /** sha-256 hex of userId + the user-level code (given out only through onCreateLoginToken). */
  token: string;
  /** sha-256 hex of address + the code mailed to that address. */
  tokens: { email: string; token: string }[];
  isNewUser?: boolean;
  failedAttempts?: number;
}

export interface UserServices {
  password?: { argon2?: string; bcrypt?: string; reset?: MailedTokenRecord };
  passwordless?: PasswordlessRecord;
  resume?: { loginTokens?: HashedLoginToken[] };
  email?: { verificationTokens?: MailedTokenRecord[] };
  [service: string]: unknown;
}

/**
 * The users collection's documents, as Meteor stores them. `services` holds secrets and is
 * never published.
 */
export interface NewUserDocument {
  createdAt: Date;
  username?: string;
  emails?: UserEmail[];
  profile?: Record<string, unknown>;
  services?: UserServices;
  [field: string]: unknown;
}

export interface UserDocument extends NewUserDocument {
  _id: string;
}

/** What of a user may leave the server: never `services` or anything not listed here. */
export interface PublicUser {
  _id: string;
  username?: string;
  emails?: UserEmail[];
  profile?: Record<string, unknown>;
}

export function toPublicUser(user: UserDocument): PublicUser {
  const visible: PublicUser = { _id: user._id };
  if (user.username !== undefined) visible.username = user.username;
  if (user.emails !== undefined) visible.emails = user.emails;
  if (user.profile !== undefined) visible.profile = user.profile;
  return visible;
}

/** The fields of a user's own document that reach its client. */
export const PUBLISHED_USER_FIELDS = Object.freeze({ username: 1, emails: 1, profile: 1 } as const);

/** What autopublish shows every client of the other users (Meteor's accounts-base: no emails). */
export const AUTOPUBLISHED_OTHER_USER_FIELDS = Object.freeze({ username: 1, profile: 1 } as const);

/**
 * The slice of a server Mongo.Collection the accounts system needs. Kept structural so the
 * accounts core is testable without a database and depends on `@perseid/mongo` only at the seam.
 */
export interface UsersCollection {
  findOneAsync(selector: Record<string, unknown>): Promise<UserDocument | undefined | null>;
  insertAsync(doc: NewUserDocument): Promise<unknown>;
  updateAsync(selector: Record<string, unknown>, modifier: Record<string, unknown>, options?: { multi?: boolean }): Promise<unknown>;
  find(selector: Record<string, unknown>, options: { fields: Record<string, 0 | 1> }): unknown;
  createIndexAsync?(keys: Record<string, 1>, options?: { unique?: boolean; sparse?: boolean; name?: string }): Promise<unknown>;
}
