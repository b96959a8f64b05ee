/**
 * The DDP server (Meteor's Server in livedata_server.js): publications, methods, connection
 * hooks, publication strategies, the rate-limiter hook and the live sessions. `attach` puts it on
 * an HTTP server's `/websocket`.
 */
import type { Server as HttpServer } from 'node:http';
import { MeteorError } from '@perseid/meteor-core';
import { makeRpcSeed, Random } from '@perseid/random';
import { EJSON } from '@perseid/ejson';
import type { ConnectionHandle } from './connection-handle';
import { DdpTraffic } from './ddp-traffic';
import { currentMethodInvocation, currentPublicationInvocation } from './environment';
import { ddpServerErrors, defaultErrorLogger, type ErrorLogger } from './errors';
import { FrameEncoder } from './frame-encoder';
import { MethodInvocation } from './method-invocation';
import { publicationStrategies, type PublicationStrategy } from './publication-strategies';
import type { RateLimitCheck, RateLimitInput } from './rate-limit';
import { Session, type MethodHandler, type SessionOptions, type SessionServer } from './session';
import type { SessionTransport } from './session-transport';
import type { StatsAccess } from './stats-access';
import type { PublishHandler } from './subscription';
import { DEFAULT_SUBSCRIPTION_LIMITS } from './subscription-limits';
import { ConnectionAdmission, DEFAULT_CONNECTION_LIMITS } from './connection-admission';
import { DEFAULT_INBOUND_LIMITS, type InboundLimits } from './inbound-throttle';
import { backgroundTimers, type Timers } from '@perseid/ddp-common';
import { MethodsInFlight } from './methods-in-flight';
import { DEFAULT_METHOD_REPLAY_LIMITS, MethodReplayLog, type MethodReplayStore } from './method-replay-log';
import type { MethodObserver } from './method-observer';
import { RefusalCounts } from './refusal-counts';
import { attachStreamServer, GOING_AWAY, type AttachOptions, type AttachedStream } from './stream-server';
import { AUTOPUBLISH_WARNING, isAutopublishEnabled } from './autopublish';

/** Meteor's publish options: `is_auto` marks the publications autopublish itself makes. */
export interface PublishOptions {
  readonly is_auto?: boolean;
}

export interface ServerOptions {
  /** Server ping interval in ms (0 disables heartbeats). Default 15000. */
  heartbeatInterval?: number;
  /** How long to wait for any message after a ping, in ms. Default 15000. */
  heartbeatTimeout?: number;
  /** How long a session whose socket dropped stays resumable, in ms. Default 15000. */
  disconnectGracePeriod?: number;
  /** Messages kept for replay on resumption (and buffered while detached). Default 100. */
  maxMessageQueueLength?: number;
  /** Largest inbound frame in bytes. Default 1 MiB. */
  maxFrameBytes?: number;
  /** Outbound bytes a client may leave unread before it is disconnected. Default 16 MiB. */
  maxOutboundBytes?: number;
  /** Messages a session may have waiting behind a running handler before it is closed. Default 10,000. */
  maxInboundQueue?: number;
  /** How long a socket may stay open without sending `connect`, in ms. Default 10000. */
  connectTimeout?: number;
  /** Named subscriptions one connection may hold; past it a `sub` gets `nosub` ddp.too-many-subscriptions. Default 100. */
  maxSubscriptionsPerConnection?: number;
  /** Named subscriptions one signed-in user may hold over all their connections. Default 300. */
  maxSubscriptionsPerUser?: number;
  /** WebSockets one client address may hold open; past it an upgrade gets 429. Default 50. */
  maxConnectionsPerAddress?: number;
  /** New WebSockets one client address may open per `newConnectionsIntervalMs`; past it 429. Default 20. */
  newConnectionsPerAddress?: number;
  /** The window of `newConnectionsPerAddress` in ms. Default 1000. */
  newConnectionsIntervalMs?: number;
  /** Frames per second one socket may send in the long run; faster, its reading pauses. Default 100. */
  inboundMessagesPerSecond?: number;
  /** Frames one socket may send at once before its reading pauses. Default 300. */
  inboundBurst?: number;
  timers?: Timers;
  log?: ErrorLogger;
  /**
   * Meteor's audit-argument-checks package: a method or publication that returns without having
   * passed every argument to `check()` fails (500 to the client, logged). Default false.
   */
  auditArgumentChecks?: boolean;
  /** How long a call's answer is kept for a replay of it (same user, method and randomSeed), in ms. Default 30 min. */
  methodReplayWindowMs?: number;
  /** Calls whose answers are kept for replays at once. Default 50,000. */
  maxReplayEntries?: number;
  /** Bytes of answers kept for replays at once. Default 32 MiB. */
  maxReplayBytes?: number;
  /** Where calls' answers are kept for replays. Default: this process's memory (`methodReplays`). */
  methodReplayStore?: MethodReplayStore;
}

export type ConnectionCallback = (connection: ConnectionHandle) => void;

/** `serving` takes new sockets; `draining` lets in-flight methods finish, refusing new sockets. */
export type ServerState = 'serving' | 'draining' | 'closed';

const MiB = 1024 * 1024;

export class Server implements SessionServer {
  readonly timers: Timers;
  readonly log: ErrorLogger;
  readonly encoder = new FrameEncoder();
  readonly traffic: DdpTraffic;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  disconnectGracePeriodMs: number;
  maxMessageQueueLength: number;
  maxFrameBytes: number;
  maxOutboundBytes: number;
  maxInboundQueue: number;
  connectTimeoutMs: number;
  maxSubscriptionsPerConnection: number;
  maxSubscriptionsPerUser: number;
  auditArgumentChecks: boolean;
  /** Per-address limits on new and open WebSockets, applied at the upgrade. */
  readonly admission: ConnectionAdmission;
  /** How fast each socket's frames are read (see InboundThrottle). */
  inboundLimits: InboundLimits;
  readonly sessions = new Map<string, Session>();
  readonly methodsInFlight = new MethodsInFlight();
  readonly methodReplays: MethodReplayLog;
  #replayStore: MethodReplayStore;
  readonly refusals = new RefusalCounts();
  #methodObserver: MethodObserver | null = null;
  #state: ServerState = 'serving';
  readonly #publishHandlers = new Map<string, PublishHandler>();
  readonly #universalHandlers: PublishHandler[] = [];
  #autopublishWarning: 'not-shown' | 'shown' = 'not-shown';
  readonly #methodHandlers = new Map<string, MethodHandler>();
  readonly #strategies = new Map<string, PublicationStrategy>();
  readonly #connectionCallbacks = new Set<ConnectionCallback>();
  #rateLimiter: RateLimitCheck | undefined;
  #statsAccess: StatsAccess = {};
  readonly #attached = new Set<AttachedStream>();
  /** Signed-in sessions by user, so a user's subscriptions are counted without a scan of all sessions. */
  readonly #sessionsByUser = new Map<string, Set<Session>>();

  constructor(options: ServerOptions = {}) {
    this.timers = options.timers ?? backgroundTimers;
    this.log = options.log ?? defaultErrorLogger;
    this.traffic = new DdpTraffic(() => this.timers.now());
    this.heartbeatIntervalMs = options.heartbeatInterval ?? 15_000;
    this.heartbeatTimeoutMs = options.heartbeatTimeout ?? 15_000;
    // Refused here, not when the first client connects.
    if (!(this.heartbeatIntervalMs >= 0) || (this.heartbeatIntervalMs > 0 && !(this.heartbeatTimeoutMs > 0))) {
      throw new RangeError('heartbeatInterval must be 0 (off) or more, and heartbeatTimeout a positive number of ms');
    }
    this.disconnectGracePeriodMs = options.disconnectGracePeriod ?? 15_000;
    this.maxMessageQueueLength = options.maxMessageQueueLength ?? 100;
    this.maxFrameBytes = options.maxFrameBytes ?? MiB;
    this.maxOutboundBytes = options.maxOutboundBytes ?? 16 * MiB;
    this.maxInboundQueue = options.maxInboundQueue ?? 10_000;
    this.connectTimeoutMs = options.connectTimeout ?? 10_000;
    this.maxSubscriptionsPerConnection = options.maxSubscriptionsPerConnection ?? DEFAULT_SUBSCRIPTION_LIMITS.maxSubscriptionsPerConnection;
    this.maxSubscriptionsPerUser = options.maxSubscriptionsPerUser ?? DEFAULT_SUBSCRIPTION_LIMITS.maxSubscriptionsPerUser;
    this.auditArgumentChecks = options.auditArgumentChecks ?? false;
    this.methodReplays = new MethodReplayLog(
      {
        methodReplayWindowMs: options.methodReplayWindowMs ?? DEFAULT_METHOD_REPLAY_LIMITS.methodReplayWindowMs,
        maxReplayEntries: options.maxReplayEntries ?? DEFAULT_METHOD_REPLAY_LIMITS.maxReplayEntries,
        maxReplayBytes: options.maxReplayBytes ?? DEFAULT_METHOD_REPLAY_LIMITS.maxReplayBytes,
      },
      () => this.timers.now(),
    );
    this.#replayStore = options.methodReplayStore ?? this.methodReplays;
    this.admission = new ConnectionAdmission(
      {
        maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_CONNECTION_LIMITS.maxConnectionsPerAddress,
        newConnectionsPerAddress: options.newConnectionsPerAddress ?? DEFAULT_CONNECTION_LIMITS.newConnectionsPerAddress,
        newConnectionsIntervalMs: options.newConnectionsIntervalMs ?? DEFAULT_CONNECTION_LIMITS.newConnectionsIntervalMs,
      },
      () => this.timers.now(),
    );
    this.inboundLimits = {
      inboundMessagesPerSecond: options.inboundMessagesPerSecond ?? DEFAULT_INBOUND_LIMITS.inboundMessagesPerSecond,
      inboundBurst: options.inboundBurst ?? DEFAULT_INBOUND_LIMITS.inboundBurst,
    };
  }

  // ───────────────────────────── publications ─────────────────────────────

  /**
   * `publish(name, handler)`, `publish(null, handler)` for a universal publication sent to every
   * session without a `sub`, or `publish({ name: handler, … })`.
   */
  publish(name: string | null | Record<string, PublishHandler>, handler?: PublishHandler, options: PublishOptions = {}): void {
    if (name !== null && typeof name === 'object') {
      for (const [key, value] of Object.entries(name)) this.publish(key, value, options);
      return;
    }
    if (typeof handler !== 'function') throw new TypeError(`publish: the handler of ${JSON.stringify(name)} must be a function`);
    if (options.is_auto !== true && isAutopublishEnabled() && this.#autopublishWarning === 'not-shown') {
      this.#autopublishWarning = 'shown';
      console.warn(AUTOPUBLISH_WARNING);
    }
    if (name === null) {
      this.#universalHandlers.push(handler);
      for (const session of this.sessions.values()) void session.startUniversalSub(handler);
      return;
    }
    if (typeof name !== 'string') throw new TypeError('publish: the name must be a string, null or an object of handlers');
    if (this.#publishHandlers.has(name)) {
      this.log(`Ignoring duplicate publish named '${name}'`, undefined);
      return;
    }
    this.#publishHandlers.set(name, handler);
  }

  publishHandler(name: string): PublishHandler | undefined {
    return this.#publishHandlers.get(name);
  }

  /** Names of the named publications, in registration order: a copy, so callers cannot register through it. */
  publicationNames(): string[] {
    return [...this.#publishHandlers.keys()];
  }

  universalPublishHandlers(): readonly PublishHandler[] {
    return this.#universalHandlers;
  }

  /** Chooses how sessions keep documents of `collection` (see publicationStrategies). */
  setPublicationStrategy(collection: string, strategy: PublicationStrategy): void {
    if (!Object.values(publicationStrategies).includes(strategy)) {
      throw new TypeError(`setPublicationStrategy: unknown strategy for collection ${collection}; use publicationStrategies.*`);
    }
    // A session's view of a collection is built under one strategy; switching while a view
    // exists would leave its documents without the bookkeeping the new strategy needs.
    for (const session of this.sessions.values()) {
      if (session.publishes(collection)) {
        throw new Error(`setPublicationStrategy('${collection}') must be called before any session receives documents of it`);
      }
    }
    this.#strategies.set(collection, strategy);
  }

  getPublicationStrategy(collection: string): PublicationStrategy {
    return this.strategyFor(collection);
  }

  strategyFor(collection: string): PublicationStrategy {
    return this.#strategies.get(collection) ?? publicationStrategies.SERVER_MERGE;
  }

  // ───────────────────────────── methods ─────────────────────────────

  methods(handlers: Record<string, MethodHandler>): void {
    if (typeof handlers !== 'object' || handlers === null) throw new TypeError('methods: expected an object of functions');
    for (const [name, handler] of Object.entries(handlers)) {
      if (typeof handler !== 'function') throw new TypeError(`Method '${name}' must be a function`);
      if (this.#methodHandlers.has(name)) throw new Error(`A method named '${name}' is already defined`);
      this.#methodHandlers.set(name, handler);
    }
  }

  /** Names of the registered methods, in registration order: a copy, so callers cannot register through it. */
  methodNames(): string[] {
    return [...this.#methodHandlers.keys()];
  }

  methodHandler(name: string): MethodHandler | undefined {
    return this.#methodHandlers.get(name);
  }

  /** Calls a method from server code (Meteor.callAsync on the server). */
  callAsync(name: string, ...args: unknown[]): Promise<unknown> {
    return this.applyAsync(name, args);
  }

  /**
   * Runs method `name` in this process, as the user of the enclosing method or publication,
   * with a random seed derived from the enclosing invocation (so nested inserts stay
   * reproducible), and arguments cloned as a client's would be.
   */
  async applyAsync(name: string, args: readonly unknown[] = []): Promise<unknown> {
    const handler = this.#methodHandlers.get(name);
    if (handler === undefined) throw new MeteorError(404, `Method '${name}' not found`);
    const enclosing = currentMethodInvocation.get() ?? currentPublicationInvocation.get();
    const invocation = new MethodInvocation({
      name,
      userId: enclosing?.userId ?? null,
      connection: null,
      randomSeed: makeRpcSeed(enclosing, name),
    });
    const cloned = args.map((arg) => EJSON.clone(arg));
    return currentMethodInvocation.withValue(invocation, () => (handler as (...p: unknown[]) => unknown).apply(invocation, cloned));
  }

  // ───────────────────────────── hooks ─────────────────────────────

  /** Runs `callback` for every new session (not for resumed ones). */
  onConnection(callback: ConnectionCallback): { stop(): void } {
    this.#connectionCallbacks.add(callback);
    return { stop: () => void this.#connectionCallbacks.delete(callback) };
  }

  /** Installs the check run before every method and subscription (null removes it). */
  setRateLimiter(check: RateLimitCheck | null): void {
    this.#rateLimiter = check ?? undefined;
  }

  checkRateLimit(input: RateLimitInput): void {
    this.#rateLimiter?.(input);
  }

  /** Installs the one observer told how long each method handler took (null removes it). */
  setMethodObserver(observer: MethodObserver | null): void {
    this.#methodObserver = observer;
  }

  /** Where calls' answers are kept for replays (the memory log unless another store was set). */
  get replayStore(): MethodReplayStore {
    return this.#replayStore;
  }

  /**
   * Keeps calls' answers in `store` from now on (the app's boot sets the database store so every
   * app server recognises a replay). Calls claimed in the previous store finish there.
   */
  setMethodReplayStore(store: MethodReplayStore): void {
    this.#replayStore = store;
  }

  get methodObserver(): MethodObserver | null {
    return this.#methodObserver;
  }

  /**
   * Who may read this server's stats: accounts-base sets `userIdForLoginToken`, the app sets
   * `isAdmin` (each call replaces only the hooks it names).
   */
  setStatsAccess(hooks: StatsAccess): void {
    this.#statsAccess = { ...this.#statsAccess, ...hooks };
  }

  get statsAccess(): StatsAccess {
    return this.#statsAccess;
  }

  // ───────────────────────────── sessions ─────────────────────────────

  /** Creates a session for a socket that sent an acceptable `connect`. */
  createSession(transport: SessionTransport, options: Omit<SessionOptions, 'id'>): Session {
    const session = new Session(this, transport, { ...options, id: Random.id() });
    this.sessions.set(session.id, session);
    session.sendConnected();
    for (const callback of [...this.#connectionCallbacks]) {
      try {
        callback(session.connection);
      } catch (error) {
        this.log('Exception in onConnection callback', error);
      }
    }
    session.startUniversalSubs();
    return session;
  }

  /** Resumes session `id` over `transport` if it is waiting and can replay what was missed. */
  resumeSession(id: string, transport: SessionTransport, receivedCount: number): Session | undefined {
    const session = this.sessions.get(id);
    if (session === undefined || session.state === 'closed') return undefined;
    // The old socket may still look open (a dropped network is often noticed only by the
    // heartbeat): the client's reconnect is the better evidence, so it takes the session over.
    if (session.state === 'attached') session.detach('superseded by a resumed connection');
    if (session.resume(transport, receivedCount)) return session;
    session.close();
    return undefined;
  }

  sessionClosed(session: Session): void {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    this.sessionUserChanged(session, session.userId, null);
  }

  sessionUserChanged(session: Session, previous: string | null, next: string | null): void {
    if (previous !== null) {
      const sessions = this.#sessionsByUser.get(previous);
      sessions?.delete(session);
      if (sessions?.size === 0) this.#sessionsByUser.delete(previous);
    }
    if (next !== null) {
      let sessions = this.#sessionsByUser.get(next);
      if (sessions === undefined) this.#sessionsByUser.set(next, (sessions = new Set()));
      sessions.add(session);
    }
  }

  /** Named subscriptions `userId` holds over all their live sessions. */
  subscriptionCountOfUser(userId: string): number {
    let count = 0;
    for (const session of this.#sessionsByUser.get(userId) ?? []) count += session.subscriptionCount;
    return count;
  }

  /** Serves DDP on `httpServer`'s `/websocket` (see AttachOptions). */
  attach(httpServer: HttpServer, options: AttachOptions = {}): AttachedStream {
    const stream = attachStreamServer(this, httpServer, options);
    this.#attached.add(stream);
    return {
      closeSockets: (code, reason, waitMs) => stream.closeSockets(code, reason, waitMs),
      close: async () => {
        this.#attached.delete(stream);
        await stream.close();
      },
    };
  }

  get state(): ServerState {
    return this.#state;
  }

  /**
   * Graceful stop: refuse new sockets (503) at once, let the methods in flight finish (their
   * `result` and `updated` reach their clients), then close every socket with 1001 "going away"
   * so clients reconnect (to another server behind a balancer), then close. Resolves within
   * about `timeoutMs`: methods still running then are abandoned (their clients resend them on
   * reconnect).
   */
  async drain(timeoutMs: number): Promise<{ abandonedMethods: number }> {
    if (this.#state === 'closed') return { abandonedMethods: 0 };
    this.#state = 'draining';
    const started = this.timers.now();
    let timer: unknown;
    const deadline = new Promise<void>((resolve) => {
      timer = this.timers.setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.methodsInFlight.whenIdle(), deadline]);
    this.timers.clearTimeout(timer);
    const abandonedMethods = this.methodsInFlight.count;
    if (abandonedMethods > 0) this.log(`Shutting down with ${abandonedMethods} method call(s) still running`, undefined);
    const left = Math.max(0, timeoutMs - (this.timers.now() - started));
    // Sessions are closed first so none lingers resumable here; each sends its close after the
    // frames already queued on its socket (the results above).
    await Promise.all([...this.#attached].map((stream) => stream.closeSockets(GOING_AWAY, ddpServerErrors.SERVER_DRAINING.reason, Math.min(left, 2_000))));
    await this.close();
    return { abandonedMethods };
  }

  /** Closes every session and detaches from every HTTP server. */
  async close(): Promise<void> {
    this.#state = 'closed';
    for (const session of [...this.sessions.values()]) session.close();
    await Promise.all([...this.#attached].map((stream) => stream.close()));
    this.#attached.clear();
  }
}
