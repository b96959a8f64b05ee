/**
 * Outcomes of recent method calls, so a call a client replays from its durable outbox (after a
 * reload, on a new connection) is answered as the first time instead of running again.
 *
 * A call is recognised by (signed-in user, method name, `randomSeed`): the seed is chosen by the
 * client per call and is what makes a stub's ids equal the server's, so a replay carries the same
 * one. Calls by signed-out connections are never recognised: without a user, the seed alone would
 * let anyone who learnt it read another caller's answer (a login's token, say).
 *
 * `MethodReplayLog` keeps them in this process's memory, bounded by a window, an entry count and
 * the bytes of the kept answers; the oldest go first. It is the default because the DDP server
 * has no database of its own; alone, a replay that lands on another server runs the call again.
 * An app with a database sets a shared `MethodReplayStore` in its place (the app's boot does so
 * with MONGO_URL: @perseid/mongo's MongoMethodReplayStore), so every server recognises it.
 */

export interface MethodReplayLimits {
  /** How long an answer is kept for replays, in ms. */
  readonly methodReplayWindowMs: number;
  /** Calls remembered at once; past it the oldest are forgotten. */
  readonly maxReplayEntries: number;
  /** Bytes of kept answers at once; past it the oldest are forgotten. */
  readonly maxReplayBytes: number;
}

export const DEFAULT_METHOD_REPLAY_LIMITS: MethodReplayLimits = {
  methodReplayWindowMs: 30 * 60_000,
  maxReplayEntries: 50_000,
  maxReplayBytes: 32 * 1024 * 1024,
};

/** Meteor's seeds are 20 hex digits; anything much longer is not a seed worth keeping. */
const MAX_SEED_LENGTH = 128;

/** An answer larger than this is not kept; a replay then learns the call ran, not its result. */
export const MAX_KEPT_ANSWER_BYTES = 64 * 1024;

/** The `result` frame's fields after `id`, as JSON text (`"result":…` or `"error":…`, or empty). */
export type KeptAnswer = { readonly tail: string } | { readonly tooLarge: true };

interface Entry {
  readonly expiresAt: number;
  answer: KeptAnswer | undefined;
  bytes: number;
  /** Resolves once the first run's `updated` was sent: its writes are visible to observers. */
  readonly done: Promise<void>;
  settle(): void;
}

/**
 * What a replay learns: the first run's answer, that it ran but its answer was not kept
 * (`tooLarge`, or undefined when forgotten), or that it is still running elsewhere past the wait.
 */
export type ReplayAnswer = KeptAnswer | { readonly stillRunning: true } | undefined;

export type ReplayClaim =
  | { readonly kind: 'first'; record(answer: KeptAnswer): void; finished(): void }
  | { readonly kind: 'replay'; answer(): Promise<ReplayAnswer> }
  | { readonly kind: 'untracked' };

/**
 * Where calls' outcomes are kept: this process's memory (`MethodReplayLog`, the default) or a
 * store shared by every app server (the app's MongoDB, @perseid/mongo's MongoMethodReplayStore).
 * A store that cannot answer (database down) says `untracked`: the call then runs as without a log.
 */
export interface MethodReplayStore {
  claim(userId: string | null, method: string, randomSeed: unknown): ReplayClaim | Promise<ReplayClaim>;
}

export const UNTRACKED_CALL: ReplayClaim = { kind: 'untracked' };
const UNTRACKED = UNTRACKED_CALL;

/**
 * The key naming a call, or null for a call no log recognises: signed out, or without a seed of
 * a seed's shape (any JSON may arrive as a seed).
 */
export function methodReplayKey(userId: string | null, method: string, randomSeed: unknown): string | null {
  if (userId === null || typeof randomSeed !== 'string' || randomSeed === '' || randomSeed.length > MAX_SEED_LENGTH) return null;
  return JSON.stringify([userId, method, randomSeed]);
}

/** An answer past MAX_KEPT_ANSWER_BYTES is kept as `tooLarge`. */
export function boundedAnswer(answer: KeptAnswer): KeptAnswer {
  return 'tail' in answer && answer.tail.length > MAX_KEPT_ANSWER_BYTES ? { tooLarge: true } : answer;
}

export class MethodReplayLog implements MethodReplayStore {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  readonly #limits: MethodReplayLimits;
  readonly #now: () => number;

  constructor(limits: MethodReplayLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** How long a call is recognised, in ms (a shared store set in its place keeps the same window). */
  get windowMs(): number {
    return this.#limits.methodReplayWindowMs;
  }

  /** The first call with this key runs and records; later ones within the window replay its answer. */
  claim(userId: string | null, method: string, randomSeed: unknown): ReplayClaim {
    const key = methodReplayKey(userId, method, randomSeed);
    if (key === null) return UNTRACKED;
    this.#expire();
    const existing = this.#entries.get(key);
    if (existing !== undefined) {
      return { kind: 'replay', answer: () => existing.done.then(() => existing.answer) };
    }
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const entry: Entry = { expiresAt: this.#now() + this.#limits.methodReplayWindowMs, answer: undefined, bytes: key.length, done, settle };
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    this.#evict();
    return {
      kind: 'first',
      record: (answer) => {
        const kept = boundedAnswer(answer);
        entry.answer = kept;
        const extra = 'tail' in kept ? kept.tail.length : 0;
        entry.bytes += extra;
        // Forgotten meanwhile (evicted): its bytes are no longer counted.
        if (this.#entries.get(key) === entry) {
          this.#bytes += extra;
          this.#evict();
        }
      },
      finished: () => entry.settle(),
    };
  }

  #expire(): void {
    const now = this.#now();
    // Insertion order is expiry order: every entry gets the same window.
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#forget(key, entry);
    }
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#limits.maxReplayEntries && this.#bytes <= this.#limits.maxReplayBytes) break;
      this.#forget(key, entry);
    }
  }

  #forget(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    // A replay waiting on a forgotten call still gets the first run's answer when it comes.
  }
}
