/**
 * The method replay log kept in the app's MongoDB, so every app server behind a balancer
 * recognises a call a client replays from its durable outbox after its server died: the call
 * runs once, whichever server the replay lands on.
 *
 * One document per call, `_id` = the call's key (signed-in user, method, randomSeed):
 * - the first claim wins atomically: the insert of `{ state: 'running' }` (a unique `_id`);
 * - the winner writes `{ state: 'done', tail | tooLarge }` once its `updated` is sent (its writes
 *   are visible), so a replay answered from it sees them too;
 * - a replay that finds `running` polls until `done`, at most `replayWaitMs`, then answers
 *   `ddp.replay-still-running` (the client tries later): never runs it a second time;
 * - a `running` claim older than `takeOverAfterMs` is taken to be from a server that died mid-run
 *   and may be taken over: that call then runs again, and the writes of the dead run may or may
 *   not be in the database;
 * - entries expire after `windowMs` (a TTL index on `expiresAt`; the TTL monitor runs about once a
 *   minute, so an expired entry still present is treated as absent).
 * The database down (or slow past `operationTimeoutMs`) never blocks a method: the call runs as
 * without a log and `fallbacks` counts it.
 */
import { backgroundTimers, type Timers } from '@perseid/ddp-common';
import {
  boundedAnswer,
  DEFAULT_METHOD_REPLAY_LIMITS,
  type KeptAnswer,
  type MethodReplayStore,
  methodReplayKey,
  type ReplayAnswer,
  type ReplayClaim,
  UNTRACKED_CALL,
} from '@perseid/ddp-server';
import type { Collection as RawCollection } from 'mongodb';
import { PerseidMongoError } from './mongo-errors';
import type { RemoteCollectionDriver } from './remote-collection-driver';

export const METHOD_REPLAYS_COLLECTION = '__perseid_method_replays';

interface ReplayDocument {
  _id: string;
  state: 'running' | 'done';
  claimedAt: Date;
  expiresAt: Date;
  tail?: string;
  tooLarge?: boolean;
}

export interface MongoMethodReplayStoreOptions {
  /** How long a call is recognised, in ms. Default 30 min (as the memory log). */
  windowMs?: number;
  /** How long a replay waits for a run still going elsewhere, in ms. Default 60 s. */
  replayWaitMs?: number;
  /** A `running` claim older than this is from a server that died and may be taken over. Default 2 min. */
  takeOverAfterMs?: number;
  /** Past this a database operation of the log is given up (the call runs untracked). Default 5 s. */
  operationTimeoutMs?: number;
  timers?: Timers;
  log?: (message: string, error: unknown) => void;
}

const DUPLICATE_KEY = 11000;
const POLL_FIRST_MS = 25;
const POLL_MAX_MS = 500;

export class MongoMethodReplayStore implements MethodReplayStore {
  readonly #collection: RawCollection<ReplayDocument>;
  readonly #windowMs: number;
  readonly #replayWaitMs: number;
  readonly #takeOverAfterMs: number;
  readonly #operationTimeoutMs: number;
  readonly #timers: Timers;
  readonly #log: (message: string, error: unknown) => void;
  #indexed: Promise<void> | undefined;
  #fallbacks = 0;
  #stopped = false;

  constructor(driver: RemoteCollectionDriver, options: MongoMethodReplayStoreOptions = {}) {
    this.#collection = driver.db.collection<ReplayDocument>(METHOD_REPLAYS_COLLECTION);
    this.#windowMs = options.windowMs ?? DEFAULT_METHOD_REPLAY_LIMITS.methodReplayWindowMs;
    this.#replayWaitMs = options.replayWaitMs ?? 60_000;
    this.#takeOverAfterMs = options.takeOverAfterMs ?? 2 * 60_000;
    this.#operationTimeoutMs = options.operationTimeoutMs ?? 5_000;
    this.#timers = options.timers ?? backgroundTimers;
    this.#log = options.log ?? ((message, error) => console.error(message, error));
  }

  /** Calls that ran without the log because the database did not answer. */
  get fallbacks(): number {
    return this.#fallbacks;
  }

  /** Replays stop waiting (they answer `still running`); later calls run untracked. Idempotent. */
  stop(): void {
    this.#stopped = true;
  }

  claim(userId: string | null, method: string, randomSeed: unknown): ReplayClaim | Promise<ReplayClaim> {
    const key = methodReplayKey(userId, method, randomSeed);
    // Signed out or seedless: no database round trip at all.
    if (key === null || this.#stopped) return UNTRACKED_CALL;
    return this.#claim(key).catch((error: unknown) => {
      this.#fallbacks++;
      // A database outage fails every call: say so once, then every thousandth.
      if (this.#fallbacks % 1000 === 1) this.#log(`Method replay log unavailable (${this.#fallbacks} calls ran without it)`, error);
      return UNTRACKED_CALL;
    });
  }

  async #claim(key: string): Promise<ReplayClaim> {
    await this.#ensureIndex();
    const now = this.#timers.now();
    const fresh: ReplayDocument = { _id: key, state: 'running', claimedAt: new Date(now), expiresAt: new Date(now + this.#windowMs) };
    try {
      await this.#bounded(this.#collection.insertOne(fresh));
      return this.#first(fresh);
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    }
    const existing = await this.#bounded(this.#collection.findOne({ _id: key }));
    if (existing !== null && existing.state === 'done' && existing.expiresAt.getTime() > now) {
      const answer: KeptAnswer = existing.tail !== undefined ? { tail: existing.tail } : { tooLarge: true };
      return { kind: 'replay', answer: () => Promise.resolve(answer) };
    }
    // Gone meanwhile, expired but not yet removed, or claimed by a server that died: take it
    // over, atomically against other servers doing the same (the filter names what we saw).
    const stale = existing === null || existing.expiresAt.getTime() <= now || now - existing.claimedAt.getTime() >= this.#takeOverAfterMs;
    if (stale) {
      if (existing === null) {
        await this.#bounded(this.#collection.insertOne(fresh));
        return this.#first(fresh);
      }
      const taken = await this.#bounded(
        this.#collection.updateOne(
          { _id: key, state: existing.state, claimedAt: existing.claimedAt },
          { $set: { state: 'running', claimedAt: fresh.claimedAt, expiresAt: fresh.expiresAt }, $unset: { tail: '', tooLarge: '' } },
        ),
      );
      if (taken.modifiedCount === 1) return this.#first(fresh);
    }
    return { kind: 'replay', answer: () => this.#awaitAnswer(key, now) };
  }

  #first(claimed: ReplayDocument): ReplayClaim {
    let kept: KeptAnswer | undefined;
    return {
      kind: 'first',
      record: (answer) => {
        kept = boundedAnswer(answer);
      },
      finished: () => {
        const answer = kept ?? { tooLarge: true };
        const fields = 'tail' in answer ? { state: 'done' as const, tail: answer.tail } : { state: 'done' as const, tooLarge: true };
        // Only our own claim: a server that took it over meanwhile owns the entry now.
        this.#bounded(this.#collection.updateOne({ _id: claimed._id, claimedAt: claimed.claimedAt }, { $set: fields })).catch((error: unknown) => {
          this.#fallbacks++;
          this.#log('Method replay log: could not keep a call’s answer', error);
        });
      },
    };
  }

  async #awaitAnswer(key: string, since: number): Promise<ReplayAnswer> {
    let delay = POLL_FIRST_MS;
    while (!this.#stopped && this.#timers.now() - since < this.#replayWaitMs) {
      await new Promise<void>((resolve) => this.#timers.setTimeout(resolve, delay));
      delay = Math.min(POLL_MAX_MS, delay * 2);
      const found = await this.#bounded(this.#collection.findOne({ _id: key })).catch(() => null);
      if (found?.state === 'done') return found.tail !== undefined ? { tail: found.tail } : { tooLarge: true };
    }
    return { stillRunning: true };
  }

  #ensureIndex(): Promise<void> {
    this.#indexed ??= this.#bounded(this.#collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 })).then(
      () => undefined,
      (error: unknown) => {
        // Try again on a later call; without the index entries only expire by being taken over.
        this.#indexed = undefined;
        throw error;
      },
    );
    return this.#indexed;
  }

  /** A database that does not answer must not hold the method: give up past the bound. */
  #bounded<T>(operation: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.#timers.setTimeout(
        () => reject(new PerseidMongoError('mongo.replay-log-timeout', `no answer within ${this.#operationTimeoutMs} ms`)),
        this.#operationTimeoutMs,
      );
      operation.then(
        (value) => {
          this.#timers.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.#timers.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
