import { MongoClient, type ChangeStream, type Collection as RawCollection, type Db, type Document, type MongoClientOptions } from 'mongodb';
import { EJSON } from '@perseid/ejson';
import { fromBsonDocument, toBsonDocument } from './bson-conversion';
import { ChangeStreamObserveDriver } from './change-stream-observe-driver';
import { clusterTimeFromTimestamp, type ClusterTime } from './cluster-time';
import { Crossbar } from './crossbar';
import { installDriverWriteGuard } from './driver-write-guard';
import type { CursorDescription } from './cursor-description';
import type { MongoDocument } from './document-id';
import { PerseidMongoError } from './mongo-errors';
import type { ObserveChangesCallbacks } from './observe-callbacks';
import { ObserveHandle } from './observe-handle';
import { ObserveMultiplexer, type ObserveDriver } from './observe-multiplexer';
import { PollingObserveDriver } from './polling-observe-driver';
import { compileMatcher, compileSorter } from './query-matcher';
import type { QueryResult } from './query-runner';
import { resolveReactivityOrder, type ReactivityMechanism } from './reactivity-order';
import { mongoPackageSettings } from './runtime-hooks';
import { SharedChangeStream, type SharedChangeStreamStats } from './shared-change-stream';
import { backgroundTimers, type Timers } from '@perseid/ddp-common';
import { WritesInFlight } from './read-scheduling-policy';

export interface RemoteCollectionDriverOptions {
  clientOptions?: MongoClientOptions;
  /** Overrides settings and METEOR_REACTIVITY_ORDER (tests, benchmarks). */
  reactivity?: readonly ReactivityMechanism[];
  timers?: Timers;
  /** How long a write fence waits for observers before committing anyway. */
  fenceTimeoutMs?: number;
  /** How long the change stream's getMore waits on the server when nothing happens. */
  changeStreamMaxAwaitMs?: number;
  pollingIntervalMs?: number;
  pollingThrottleMs?: number;
  /**
   * How long an insert keeps retrying while the database is unreachable before failing with
   * `database-unavailable` (each attempt itself waits up to the driver's serverSelectionTimeoutMS).
   * Default 30 s.
   */
  writeRetryMs?: number;
  /** Test hook: how a shared change stream is opened (lets tests inject failures). */
  openChangeStream?: (collection: RawCollection, options: Document) => ChangeStream;
  log?: (message: string, error?: unknown) => void;
}

export interface ObserverStat {
  readonly collection: string;
  readonly driver: string | null;
  readonly ordered: boolean;
  readonly handles: number;
  readonly documents: number;
  readonly description: string;
}

export interface DriverStats {
  readonly url: string;
  readonly observers: ObserverStat[];
  readonly changeStreams: SharedChangeStreamStats[];
}

const liveDrivers = new Set<RemoteCollectionDriver>();

/** Every open driver in this process (for `observerStats()`). */
export function allRemoteCollectionDrivers(): RemoteCollectionDriver[] {
  return [...liveDrivers];
}

function defaultLog(message: string, error?: unknown): void {
  if (error === undefined) console.warn(`[mongo] ${message}`);
  else console.warn(`[mongo] ${message}:`, error);
}

/**
 * One MongoDB connection and everything that hangs off it: the MongoClient (connected lazily
 * by the driver on first use), the crossbar, one shared change stream per collection, and the
 * registry of observe multiplexers keyed by cursor description.
 */
export class RemoteCollectionDriver {
  readonly url: string;
  readonly client: MongoClient;
  readonly db: Db;
  readonly crossbar = new Crossbar();
  readonly #options: RemoteCollectionDriverOptions;
  readonly timers: Timers;
  readonly writeRetryBudgetMs: number;
  readonly #log: (message: string, error?: unknown) => void;
  readonly #multiplexers = new Map<string, ObserveMultiplexer>();
  readonly #streams = new Map<string, { stream: SharedChangeStream; refs: number }>();
  /** Writes through `Collection` awaiting their reply, per collection (read-scheduling-policy.ts). */
  readonly #writesInFlight = new WritesInFlight();
  /** The driver builds a Collection (options resolved anew) per `db.collection()` call: one per name is enough. */
  readonly #rawCollections = new Map<string, RawCollection>();
  #changeStreamsUnavailable = false;
  #closed = false;

  constructor(url: string, options: RemoteCollectionDriverOptions = {}) {
    if (typeof url !== 'string' || url === '') throw new PerseidMongoError('mongo.no-database', 'a MongoDB URL is required');
    this.url = url;
    this.#options = options;
    this.timers = options.timers ?? backgroundTimers;
    this.writeRetryBudgetMs = options.writeRetryMs ?? 30_000;
    this.#log = options.log ?? defaultLog;
    installDriverWriteGuard();
    this.client = new MongoClient(url, { ignoreUndefined: true, ...options.clientOptions });
    this.db = this.client.db();
    liveDrivers.add(this);
  }

  rawCollection(name: string): RawCollection {
    this.#assertOpen();
    let raw = this.#rawCollections.get(name);
    if (raw === undefined) {
      raw = this.db.collection(name);
      this.#rawCollections.set(name, raw);
    }
    return raw;
  }

  #assertOpen(): void {
    if (this.#closed) throw new PerseidMongoError('mongo.driver-closed', 'this MongoDB connection has been closed');
  }

  /**
   * A write to `collection` is about to be sent; call the returned function (idempotent) once
   * its reply has been read. While any is pending, the collection's change stream reads its
   * acknowledgement before asking for the next batch (read-scheduling-policy.ts).
   */
  beginWrite(collection: string): () => void {
    return this.#writesInFlight.begin(collection);
  }

  /** Whether writes to `collection` made through this driver await their reply. */
  hasWritesInFlight(collection: string): boolean {
    return this.#writesInFlight.pending(collection);
  }

  reactivityOrder(): ReactivityMechanism[] {
    return this.#options.reactivity ? [...this.#options.reactivity] : resolveReactivityOrder(mongoPackageSettings(), process.env);
  }

  /** Runs a cursor description once; the time is the server's operationTime for the read. */
  async runQuery(description: CursorDescription): Promise<QueryResult> {
    this.#assertOpen();
    const session = this.client.startSession({ causalConsistency: true });
    try {
      const { sort, skip, limit } = description.options;
      const cursor = this.rawCollection(description.collectionName).find(toBsonDocument(description.selector), {
        session,
        ...(sort ? { sort } : {}),
        ...(skip ? { skip } : {}),
        ...(limit ? { limit } : {}),
      });
      const docs = (await cursor.toArray()).map((d) => fromBsonDocument(d) as MongoDocument);
      return { docs, time: clusterTimeFromTimestamp(session.operationTime) };
    } finally {
      await session.endSession();
    }
  }

  /**
   * Tells observers of `collection` that a write made through this process changed documents.
   * With `awaitCommit`, returns a promise that settles once they have all processed it (or
   * `fenceTimeoutMs` passed), or undefined when they already have: the usual case for a
   * change-stream observer, whose event often arrives before the write's own reply, so the
   * fence commits without a timer or a microtask hop.
   */
  writeObserved(collection: string, operationTime: ClusterTime | null, awaitCommit: boolean): Promise<void> | undefined {
    const refresh = this.crossbar.listenerCount(collection) > 0 ? this.crossbar.fire({ collection, operationTime, awaitCommit }) : undefined;
    if (!awaitCommit) {
      if (refresh !== undefined) void refresh.catch((error: unknown) => this.#log('observer refresh failed', error));
      return undefined;
    }
    const stream = this.#streams.get(collection)?.stream;
    let seen: Promise<void> | undefined;
    if (stream && stream.listenerCount > 0) {
      if (operationTime === null) seen = stream.waitUntilProcessedBeyondNow();
      else if (!stream.hasProcessed(operationTime)) seen = stream.waitUntilProcessed(operationTime);
    }
    const wait = refresh && seen ? Promise.all([refresh, seen]) : (refresh ?? seen);
    return wait === undefined ? undefined : this.#withinFenceTimeout(collection, wait);
  }

  /** `wait`, or `fenceTimeoutMs` if that comes first (logged); settles in one hop after `wait`. */
  #withinFenceTimeout(collection: string, wait: Promise<unknown>): Promise<void> {
    const timeoutMs = this.#options.fenceTimeoutMs ?? 10_000;
    return new Promise<void>((resolve) => {
      const timer = this.timers.setTimeout(() => {
        this.#log(`observers of ${collection} did not confirm a write within ${timeoutMs} ms; committing anyway`);
        resolve();
      }, timeoutMs);
      const done = (): void => {
        this.timers.clearTimeout(timer);
        resolve();
      };
      wait.then(done, done);
    });
  }

  #acquireStream(collection: string): SharedChangeStream {
    let entry = this.#streams.get(collection);
    if (!entry) {
      const raw = this.rawCollection(collection);
      const maxAwaitTimeMS = this.#options.changeStreamMaxAwaitMs ?? 1000;
      const open = this.#options.openChangeStream;
      const stream = new SharedChangeStream({
        collection,
        timers: this.timers,
        log: this.#log,
        localWritesPending: () => this.hasWritesInFlight(collection),
        open: (resumeAfter) => {
          const opts: Document = { fullDocument: 'updateLookup', maxAwaitTimeMS, ...(resumeAfter ? { resumeAfter } : {}) };
          return open ? open(raw, opts) : raw.watch([], opts);
        },
      });
      entry = { stream, refs: 0 };
      this.#streams.set(collection, entry);
    }
    entry.refs++;
    return entry.stream;
  }

  #releaseStream(collection: string): void {
    const entry = this.#streams.get(collection);
    if (!entry) return;
    entry.refs--;
    if (entry.refs <= 0) {
      this.#streams.delete(collection);
      entry.stream.stop();
    }
  }

  async #createDriver(description: CursorDescription, multiplexer: ObserveMultiplexer): Promise<ObserveDriver> {
    const onError = (error: unknown) => this.#log(`observer on ${description.collectionName} failed`, error);
    for (const mechanism of this.reactivityOrder()) {
      switch (mechanism) {
        case 'changeStreams': {
          if (this.#changeStreamsUnavailable || description.options.disableOplog) break;
          const matcher = compileMatcher(description.selector);
          if (!matcher) break;
          const stream = this.#acquireStream(description.collectionName);
          try {
            await stream.ensureStarted();
          } catch (error) {
            this.#releaseStream(description.collectionName);
            this.#changeStreamsUnavailable = true;
            this.#log('change streams are unavailable on this server; observers will poll', error);
            break;
          }
          const inner = new ChangeStreamObserveDriver({
            description,
            multiplexer,
            stream,
            runQuery: (d) => this.runQuery(d),
            matcher,
            sorter: description.options.sort ? compileSorter(description.options.sort) : null,
            onError,
          });
          let released = false;
          return {
            name: inner.name,
            start: () => inner.start(),
            stop: () => {
              inner.stop();
              if (released) return;
              released = true;
              this.#releaseStream(description.collectionName);
            },
          };
        }
        case 'oplog':
          // No oplog tailing in this runtime; Meteor skips unavailable mechanisms the same way.
          break;
        case 'polling':
          return new PollingObserveDriver({
            description,
            multiplexer,
            runQuery: (d) => this.runQuery(d),
            crossbar: this.crossbar,
            timers: this.timers,
            onError,
            ...(this.#options.pollingIntervalMs !== undefined ? { intervalMs: this.#options.pollingIntervalMs } : {}),
            ...(this.#options.pollingThrottleMs !== undefined ? { throttleMs: this.#options.pollingThrottleMs } : {}),
          });
      }
    }
    throw new PerseidMongoError('mongo.unsupported-cursor', `no reactivity mechanism in [${this.reactivityOrder().join(', ')}] can observe this cursor`);
  }

  /**
   * observeChanges: joins the multiplexer for an identical (ordered, description) or creates it
   * with the first driver that can serve it. Resolves after the initial adds were delivered.
   */
  async observeChanges(
    description: CursorDescription,
    ordered: boolean,
    callbacks: ObserveChangesCallbacks,
    nonMutatingCallbacks: boolean,
  ): Promise<ObserveHandle> {
    this.#assertOpen();
    const key = EJSON.stringify({ ordered, cursorDescription: description } as never);
    let multiplexer = this.#multiplexers.get(key);
    if (!multiplexer) {
      const created = new ObserveMultiplexer({
        ordered,
        collectionName: description.collectionName,
        onStop: () => {
          if (this.#multiplexers.get(key) === created) this.#multiplexers.delete(key);
        },
        onCallbackError: (error) => this.#log(`observe callback on ${description.collectionName} threw`, error),
      });
      multiplexer = created;
      this.#multiplexers.set(key, created);
      const starting = this.#createDriver(description, created).then(async (driver) => {
        created.attachDriver(driver);
        if (created.currentState === 'stopped') {
          driver.stop();
          return;
        }
        await driver.start();
      });
      starting.catch((error: unknown) => created.fail(error));
    }
    const handle = new ObserveHandle(multiplexer, callbacks, nonMutatingCallbacks);
    try {
      await multiplexer.addHandle(handle);
    } catch (error) {
      handle.stop();
      throw error;
    }
    return handle;
  }

  stats(): DriverStats {
    const observers: ObserverStat[] = [];
    for (const [key, mux] of this.#multiplexers) {
      observers.push({
        collection: mux.collectionName,
        driver: mux.driverName,
        ordered: mux.ordered,
        handles: mux.handleCount,
        documents: mux.documentCount,
        description: key,
      });
    }
    return { url: this.url.replace(/\/\/[^@/]*@/, '//***@'), observers, changeStreams: [...this.#streams.values()].map((e) => e.stream.stats()) };
  }

  /** Stops every observer and stream and closes the client. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    liveDrivers.delete(this);
    for (const mux of [...this.#multiplexers.values()]) mux.stop();
    for (const entry of this.#streams.values()) entry.stream.stop();
    this.#streams.clear();
    await this.client.close();
  }
}
