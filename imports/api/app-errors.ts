import { Meteor } from 'meteor/meteor';

/**
 * The app's error catalogue: every refusal a client can see, with a stable code (the
 * `error` field of Meteor.Error, or of an HTTP route's JSON body) that UI and tests match on,
 * never the wording. Codes follow the scheme in packages/CONTRACT.md ("Error codes"):
 * `<area>.<kebab-name>`, except the codes Meteor itself defines, kept as Meteor sends them
 * (`runtimeRefusals` below).
 */
export const appErrors = {
  notLoggedIn: () => new Meteor.Error('chat.not-logged-in', 'Sign in first'),
  notMember: () => new Meteor.Error('chat.not-member', 'You are not a member of this channel'),
  notFound: (what: string) => new Meteor.Error('chat.not-found', `${what} not found`),
  forbidden: (reason: string) => new Meteor.Error('chat.forbidden', reason),
  archived: () => new Meteor.Error('chat.archived', 'This channel is archived and read-only'),
  nameTaken: () => new Meteor.Error('chat.name-taken', 'A channel with that name already exists'),
  /** A client-chosen id already holds another of the caller's own messages. */
  idTaken: () => new Meteor.Error('chat.id-taken', 'That id is already in use; send again with a new one'),
  invalid: (reason: string) => new Meteor.Error('chat.invalid', reason),
  emojiNameTaken: () => new Meteor.Error('chat.emoji-name-taken', 'A custom emoji with that name already exists'),
  /** @here/@channel/@all in a channel above the broadcast threshold, by a member without the role. */
  broadcastForbidden: (threshold: number) =>
    new Meteor.Error(
      'chat.broadcast-forbidden',
      `Only channel owners and admins can use @here, @channel or @all in channels of more than ${threshold} members`,
    ),
  /** The same by someone with the role who has not confirmed (send again with confirmBroadcast). */
  broadcastUnconfirmed: (memberCount: number) => new Meteor.Error('chat.broadcast-unconfirmed', `This would notify ${memberCount} members; confirm to send it`),
  deactivated: () => new Meteor.Error('chat.deactivated', 'This account has been deactivated'),
  /** Demoting or deactivating the only active admin would leave nobody to run the workspace. */
  lastAdmin: () => new Meteor.Error('chat.last-admin', 'The workspace needs at least one active admin; make someone else an admin first'),
  /** Sign-up refusals (createUser), one code per reason so the sign-up page can say what to do. */
  signupInviteRequired: () => new Meteor.Error('chat.signup-invite-required', 'This workspace is invite-only: sign up through an invite link'),
  signupDomainNotAllowed: (domains: readonly string[] = []) =>
    new Meteor.Error(
      'chat.signup-domain-not-allowed',
      domains.length === 0
        ? 'Sign-up is closed: ask an admin for an invite link'
        : `Sign up with an email address at ${domains.join(', ')}, or through an invite link`,
    ),
  inviteInvalid: () => new Meteor.Error('chat.invite-invalid', 'This invite link is not valid; ask for a new one'),
  inviteExpired: () => new Meteor.Error('chat.invite-expired', 'This invite link has expired; ask for a new one'),
  inviteUsedUp: () => new Meteor.Error('chat.invite-used-up', 'This invite link has been used as many times as it allows; ask for a new one'),
  inviteRevoked: () => new Meteor.Error('chat.invite-revoked', 'This invite link has been revoked; ask for a new one'),
} as const;

export type AppErrorName = keyof typeof appErrors;

/** A refusal of an HTTP route: its status and the JSON body `{ error, reason }` it answers with. */
export interface HttpRefusal {
  status: number;
  /** Stable code, matched on by UI and tests. */
  error: string;
  reason: string;
  /** For 429: when the caller may try again (sent as `Retry-After` and `retryAfterMs`). */
  retryAfterMs?: number;
}

const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Refusals of the file routes (`/api/files`). */
export const fileRefusals = {
  notLoggedIn: (): HttpRefusal => ({ status: 401, error: 'files.not-logged-in', reason: 'Sign in first' }),
  notFound: (): HttpRefusal => ({ status: 404, error: 'files.not-found', reason: 'File not found' }),
  invalid: (reason: string): HttpRefusal => ({ status: 400, error: 'files.invalid', reason }),
  empty: (): HttpRefusal => ({ status: 400, error: 'files.empty', reason: 'The file is empty' }),
  notMember: (): HttpRefusal => ({ status: 403, error: 'files.not-member', reason: 'You are not a member of this channel' }),
  forbidden: (reason: string): HttpRefusal => ({ status: 403, error: 'files.forbidden', reason }),
  typeNotAllowed: (reason: string): HttpRefusal => ({ status: 415, error: 'files.type-not-allowed', reason }),
  tooLarge: (maxBytes: number): HttpRefusal => ({ status: 413, error: 'files.too-large', reason: `Files can be at most ${megabytes(maxBytes)}` }),
  quotaExceeded: (quotaBytes: number): HttpRefusal => ({
    status: 413,
    error: 'files.quota-exceeded',
    reason: `This file would take you past your storage quota of ${megabytes(quotaBytes)}; delete messages with files to make room`,
  }),
  idle: (idleMs: number): HttpRefusal => ({
    status: 408,
    error: 'files.timeout',
    reason: `No data of the upload arrived for ${Math.ceil(idleMs / 1000)} s; it was stopped and nothing was kept`,
  }),
  tooManyUploads: (perMinute: number, retryAfterMs: number): HttpRefusal => ({
    status: 429,
    error: 'files.rate-limited',
    reason: `You can upload at most ${perMinute} files a minute; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
    retryAfterMs,
  }),
  tooManyBytes: (bytesPerMinute: number, retryAfterMs: number): HttpRefusal => ({
    status: 429,
    error: 'files.rate-limited',
    reason: `You can upload at most ${megabytes(bytesPerMinute)} a minute; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
    retryAfterMs,
  }),
} as const;

/**
 * Refusals the runtime sends to the chat's clients on its behalf, as Meteor sends them (Meteor
 * apps and UI libraries match on these exact values, so they keep Meteor's form):
 */
export const runtimeRefusals = {
  /** Method and publication arguments refused by `defineMethod` / `parseArgumentObject` (mdg:validation-error's code). */
  validationError: 'validation-error',
  /** DDPRateLimiter, and the chat's subscription-start limit (`imports/api/server/rate-limits.ts`). */
  tooManyRequests: 'too-many-requests',
  /** A publication started past the subscriptions one connection or user may hold (ddp-server). */
  tooManySubscriptions: 'ddp.too-many-subscriptions',
  /** accounts-password and accounts-base refusals (wrong password, unknown user, expired token...), each named in `details.code` (`accounts.*`). */
  accountsRefused: 403,
  /** An unknown method. */
  methodNotFound: 404,
  /** A throw that is not a Meteor.Error: the reason is never sent. */
  internal: 500,
} as const;

/** Every code in the chat's catalogue, for the test that keeps them unique and well-formed. */
export function catalogueCodes(): { app: string[]; runtime: Array<string | number> } {
  const app = [
    ...Object.values(appErrors).map((make) => String((make as (...args: never[]) => { error: string | number })(...([] as never[])).error)),
    ...Object.values(fileRefusals).map((make) => (make as (...args: never[]) => HttpRefusal)(...([] as never[])).error),
  ];
  return { app, runtime: Object.values(runtimeRefusals) };
}
