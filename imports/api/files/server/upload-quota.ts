import { RateLimiter } from 'meteor/ddp-rate-limiter';
import { fileRefusals } from '../../app-errors';
import type { HttpRefusal } from '../../app-errors';
import type { UploadLimits } from '../../server/rate-limits';
import { MAX_UPLOAD_BYTES } from '../collection';

/** Counts one upload's bytes as they arrive; `take` answers a refusal once a limit is passed. */
export interface UploadMeter {
  take(bytes: number): HttpRefusal | null;
  /** Ends the upload: its bytes count as stored, or are given back. Later calls do nothing. */
  finish(outcome: 'stored' | 'discarded'): void;
}

export type Admission = { kind: 'admitted'; meter: UploadMeter } | { kind: 'refused'; refusal: HttpRefusal };

export interface UploadQuotaOptions {
  limits: UploadLimits;
  /** Total bytes of the user's stored files, read once when their first concurrent upload starts. */
  storedBytesOf: (userId: string) => Promise<number>;
  now?: () => number;
  maxFileBytes?: number;
}

/** A user's bytes while at least one upload of theirs runs in this process. */
interface Usage {
  loaded: Promise<void>;
  stored: number;
  /** Bytes reserved by running uploads (received, or declared up front). */
  inFlight: number;
  uploads: number;
}

interface UserKey {
  userId: string;
}

/**
 * Per-user upload limits: uploads and bytes per minute (fixed windows from the shared
 * RateLimiter) and total bytes stored. Running uploads reserve what they receive, so parallel
 * uploads of one user share one quota; a file is refused the moment it would pass it.
 *
 * Invariant: `usage` holds an entry exactly while `uploads > 0` for that user; entries are
 * created and counted synchronously in `admit` so a finishing upload never drops an entry a
 * starting one is about to use.
 */
export class UploadQuota {
  readonly limits: UploadLimits;
  readonly #maxFileBytes: number;
  readonly #storedBytesOf: (userId: string) => Promise<number>;
  readonly #uploads: RateLimiter<UserKey>;
  readonly #bytes: RateLimiter<UserKey>;
  readonly #usage = new Map<string, Usage>();

  constructor(options: UploadQuotaOptions) {
    this.limits = options.limits;
    this.#maxFileBytes = options.maxFileBytes ?? MAX_UPLOAD_BYTES;
    this.#storedBytesOf = options.storedBytesOf;
    const clock = options.now === undefined ? {} : { now: options.now };
    this.#uploads = new RateLimiter<UserKey>(clock);
    this.#uploads.addRule({ matcher: { userId: () => true }, numRequestsAllowed: this.limits.uploadsPerMinute, intervalMs: 60_000 });
    this.#bytes = new RateLimiter<UserKey>(clock);
    this.#bytes.addRule({ matcher: { userId: () => true }, numRequestsAllowed: this.limits.uploadBytesPerMinute, intervalMs: 60_000 });
  }

  /** Counts a new upload; `declaredBytes` (Content-Length) is checked and reserved up front. */
  async admit(userId: string, declaredBytes: number | null): Promise<Admission> {
    if (declaredBytes !== null && declaredBytes > this.#maxFileBytes) return refused(fileRefusals.tooLarge(this.#maxFileBytes));
    const started = this.#uploads.consume({ userId });
    if (!started.allowed) return refused(fileRefusals.tooManyUploads(this.limits.uploadsPerMinute, started.timeToReset));

    let usage = this.#usage.get(userId);
    if (usage === undefined) {
      const fresh: Usage = { loaded: Promise.resolve(), stored: 0, inFlight: 0, uploads: 0 };
      fresh.loaded = this.#storedBytesOf(userId).then((stored) => {
        fresh.stored = stored;
      });
      usage = fresh;
      this.#usage.set(userId, usage);
    }
    usage.uploads += 1;
    const meter = new Meter(this, userId, usage);
    try {
      await usage.loaded;
    } catch (error) {
      meter.finish('discarded');
      throw error;
    }
    if (declaredBytes !== null) {
      const refusal = meter.reserveUpTo(declaredBytes);
      if (refusal !== null) {
        meter.finish('discarded');
        return refused(refusal);
      }
    }
    return { kind: 'admitted', meter };
  }

  /** @internal Counts `extra` bytes of an upload beyond what it reserved before, and reserves them. */
  reserve(userId: string, usage: Usage, extra: number): HttpRefusal | null {
    const sent = this.#bytes.consume({ userId }, extra);
    if (!sent.allowed) return fileRefusals.tooManyBytes(this.limits.uploadBytesPerMinute, sent.timeToReset);
    if (usage.stored + usage.inFlight + extra > this.limits.storageQuotaBytes) return fileRefusals.quotaExceeded(this.limits.storageQuotaBytes);
    usage.inFlight += extra;
    return null;
  }

  /** @internal */
  end(userId: string, usage: Usage, reserved: number, storedBytes: number): void {
    usage.inFlight -= reserved;
    usage.stored += storedBytes;
    usage.uploads -= 1;
    if (usage.uploads === 0 && this.#usage.get(userId) === usage) this.#usage.delete(userId);
  }

  get maxBytes(): number {
    return this.#maxFileBytes;
  }
}

type MeterState = 'receiving' | 'finished';

class Meter implements UploadMeter {
  #received = 0;
  #reserved = 0;
  #state: MeterState = 'receiving';

  readonly #quota: UploadQuota;
  readonly #userId: string;
  readonly #usage: Usage;

  constructor(quota: UploadQuota, userId: string, usage: Usage) {
    this.#quota = quota;
    this.#userId = userId;
    this.#usage = usage;
  }

  take(bytes: number): HttpRefusal | null {
    this.#received += bytes;
    if (this.#received > this.#quota.maxBytes) return fileRefusals.tooLarge(this.#quota.maxBytes);
    return this.reserveUpTo(this.#received);
  }

  /** Makes sure `total` bytes are reserved (counted against the byte rate and the quota). */
  reserveUpTo(total: number): HttpRefusal | null {
    if (total <= this.#reserved) return null;
    const refusal = this.#quota.reserve(this.#userId, this.#usage, total - this.#reserved);
    if (refusal === null) this.#reserved = total;
    return refusal;
  }

  finish(outcome: 'stored' | 'discarded'): void {
    if (this.#state === 'finished') return;
    this.#state = 'finished';
    this.#quota.end(this.#userId, this.#usage, this.#reserved, outcome === 'stored' ? this.#received : 0);
  }
}

function refused(refusal: HttpRefusal): Admission {
  return { kind: 'refused', refusal };
}
