/**
 * Who may read `GET /__perseid/stats`. The report names sessions, subscriptions, observer
 * selectors (channel and user ids) and the database, so it is for admins only, in every mode.
 *
 * A request is let in by one of two credentials in `Authorization: Bearer <credential>`:
 * - the operator's stats token (PERSEID_STATS_TOKEN), for scrapers and monitoring;
 * - a login token of a user the app calls an admin. ddp-server knows neither users nor roles:
 *   accounts-base supplies `userIdForLoginToken`, the app supplies `isAdmin`.
 */
import { timingSafeEqual } from 'node:crypto';

export interface StatsAccess {
  /** The user a raw login token stands for (null: unknown or expired). Set by accounts-base. */
  readonly userIdForLoginToken?: (token: string) => Promise<string | null>;
  /** Whether this user may read the stats. Set by the app; without it no login is enough. */
  readonly isAdmin?: (userId: string) => Promise<boolean> | boolean;
}

/**
 * - `granted`: the stats token or an admin's login token.
 * - `unauthenticated` (401): no credential, or one that names nobody.
 * - `forbidden` (403): a signed-in user who is not an admin.
 * - `hidden` (404): nothing could ever be let in (no stats token, no admin check), so the route
 *   does not advertise itself.
 */
export type StatsAccessDecision = 'granted' | 'unauthenticated' | 'forbidden' | 'hidden';

/** Longest credential looked at; anything longer is refused without a database lookup. */
const MAX_CREDENTIAL_LENGTH = 512;

function bearerCredential(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  const credential = match?.[1];
  return credential === undefined || credential.length > MAX_CREDENTIAL_LENGTH ? undefined : credential;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function decideStatsAccess(authorization: string | undefined, statsToken: string | undefined, access: StatsAccess): Promise<StatsAccessDecision> {
  const tokenConfigured = statsToken !== undefined && statsToken !== '';
  const loginConfigured = access.userIdForLoginToken !== undefined && access.isAdmin !== undefined;
  if (!tokenConfigured && !loginConfigured) return 'hidden';
  const credential = bearerCredential(authorization);
  if (credential === undefined) return 'unauthenticated';
  if (tokenConfigured && sameSecret(credential, statsToken)) return 'granted';
  if (!loginConfigured) return 'unauthenticated';
  const userId = await access.userIdForLoginToken(credential);
  if (userId === null) return 'unauthenticated';
  return (await access.isAdmin(userId)) ? 'granted' : 'forbidden';
}
