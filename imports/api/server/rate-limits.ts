import { DDPRateLimiter } from 'meteor/ddp-rate-limiter';

/** Per-user limits on what people do often; a burst beyond them gets a clear "too many requests". */
export const METHOD_RATE_LIMITS: ReadonlyArray<{ name: string; count: number; intervalMs: number }> = [
  { name: 'messages.send', count: 20, intervalMs: 10_000 },
  { name: 'messages.edit', count: 20, intervalMs: 10_000 },
  { name: 'messages.remove', count: 20, intervalMs: 10_000 },
  { name: 'messages.react', count: 30, intervalMs: 10_000 },
  { name: 'messages.pin', count: 20, intervalMs: 10_000 },
  { name: 'messages.save', count: 20, intervalMs: 10_000 },
  { name: 'messages.search', count: 10, intervalMs: 10_000 },
  { name: 'typing.set', count: 30, intervalMs: 10_000 },
  { name: 'presence.set', count: 30, intervalMs: 10_000 },
  { name: 'channels.create', count: 5, intervalMs: 60_000 },
  { name: 'channels.openDirect', count: 20, intervalMs: 60_000 },
  { name: 'users.updateProfile', count: 10, intervalMs: 60_000 },
  { name: 'users.setNotifyPrefs', count: 20, intervalMs: 60_000 },
  { name: 'channels.setNotifications', count: 20, intervalMs: 60_000 },
  { name: 'users.setAvatar', count: 10, intervalMs: 60_000 },
  { name: 'emoji.add', count: 10, intervalMs: 60_000 },
  { name: 'emoji.remove', count: 10, intervalMs: 60_000 },
  // Admin console: a person clicking through a list, never a script's loop.
  { name: 'users.setDeactivated', count: 20, intervalMs: 60_000 },
  { name: 'users.setRole', count: 20, intervalMs: 60_000 },
  { name: 'users.reset', count: 10, intervalMs: 60_000 },
  { name: 'workspace.setName', count: 10, intervalMs: 60_000 },
  { name: 'workspace.setSignupPolicy', count: 10, intervalMs: 60_000 },
  { name: 'workspace.setDefaultChannels', count: 10, intervalMs: 60_000 },
  { name: 'invites.create', count: 20, intervalMs: 60_000 },
  { name: 'invites.revoke', count: 20, intervalMs: 60_000 },
];

/**
 * Subscriptions started per connection: each runs a query and sets up an observer, so a client
 * that subscribes and unsubscribes in a loop costs the server while holding nothing (how many
 * it may hold at once is ddp-server's limit). The chat starts a handful on load and two or three
 * per channel switch or directory keystroke: ten a second is far beyond a person.
 */
export const SUBSCRIPTIONS_PER_CONNECTION = { count: 100, intervalMs: 10_000 } as const;

export function addRateLimits(): void {
  for (const rule of METHOD_RATE_LIMITS) {
    DDPRateLimiter.addRule({ type: 'method', name: rule.name, userId: () => true }, rule.count, rule.intervalMs);
  }
  DDPRateLimiter.addRule({ type: 'subscription', connectionId: () => true }, SUBSCRIPTIONS_PER_CONNECTION.count, SUBSCRIPTIONS_PER_CONNECTION.intervalMs);
}

/**
 * Limits on uploads over HTTP (`POST /api/files`), per user; the DDP limiter does not see HTTP
 * requests, so the file routes apply these themselves. Each can be set in
 * `Meteor.settings.uploads` (e.g. `{ "uploads": { "storageQuotaBytes": 1073741824 } }`);
 * a field left out keeps its default. Counters live in each server process.
 */
export interface UploadLimits {
  /** Uploads a user may start per minute; the next gets 429 `files.rate-limited`. */
  uploadsPerMinute: number;
  /** Bytes a user may send per minute, counted as they arrive; beyond it 429 `files.rate-limited`. */
  uploadBytesPerMinute: number;
  /** Bytes a user may keep stored (all their files); beyond it 413 `files.quota-exceeded`. */
  storageQuotaBytes: number;
  /**
   * An upload whose body sends no byte for this long is stopped with 408 `files.timeout` and
   * nothing of it is kept: a trickling client would otherwise hold a request, a GridFS upload
   * and its quota reservation until Node's request timeout.
   */
  uploadIdleTimeoutMs: number;
  /** An upload attached to no message and used as no avatar after this long is deleted. */
  orphanAfterMs: number;
  /** How often the orphan sweep runs. */
  orphanSweepEveryMs: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  uploadsPerMinute: 20,
  uploadBytesPerMinute: 50 * MIB,
  storageQuotaBytes: 500 * MIB,
  uploadIdleTimeoutMs: 30_000,
  orphanAfterMs: 60 * 60_000,
  orphanSweepEveryMs: 5 * 60_000,
};

/** Reads `uploads` from the settings; a value that is not a positive integer stops the start-up. */
export function uploadLimitsFrom(settings: unknown): UploadLimits {
  const given = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)['uploads'] : undefined;
  if (given === undefined) return { ...DEFAULT_UPLOAD_LIMITS };
  if (typeof given !== 'object' || given === null) throw new TypeError('settings.uploads must be an object');
  const limits = { ...DEFAULT_UPLOAD_LIMITS };
  for (const key of Object.keys(DEFAULT_UPLOAD_LIMITS) as (keyof UploadLimits)[]) {
    const value = (given as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new TypeError(`settings.uploads.${key} must be a positive integer`);
    limits[key] = value;
  }
  return limits;
}
