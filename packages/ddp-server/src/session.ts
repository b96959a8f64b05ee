/**
 * One DDP session (Meteor's Session): the client's subscriptions, mergebox, user and in-order
 * message handling, which outlive a single socket when the client resumes.
 *
 *   attached ──socket lost / heartbeat timeout / client not reading──► detached (grace period)
 *   detached ──connect{session, receivedCount} with the missed messages still logged──► attached
 *   detached ──grace period over / log overflow──► closed
 *   attached|detached ──client `disconnect` / connection.close() / server stop──► closed
 *
 * One file because the queue, the lifecycle and the mergebox wiring all share the session's
 * state; method calls (method-call.ts) and the connection handle live apart.
 *
 * Invariants: `sub`, `unsub` and `method` are handled one at a time in arrival order unless the
 * running handler calls `unblock()`; ping/pong are answered at once; every counted frame goes
 * through `send`, which logs it for replay; nothing is sent after `closed`. The first of them waits
 * until the universal publications started at connect have published (or unblocked, or
 * UNIVERSAL_START_WAIT_MS passed), as a `sub` sent before them would: otherwise a method's
 * `updated` could overtake the universal publication's `added` for the document the method wrote,
 * and the client would drop its stub's document until the publication caught up.
 */
import type { ClientMessage, ConnectedMessage, DdpErrorObject, ErrorMessage, PongMessage, ServerMessage, SubMessage } from '@perseid/ddp-protocol';
import { createConnectionHandle, type ConnectionHandle, type OwnedConnectionHandle } from './connection-handle';
import type { Fields } from './document-view';
import { ddpServerErrors, type ErrorLogger } from './errors';
import type { FrameEncoder } from './frame-encoder';
import { benchStagesOn, clientError, Heartbeat, stampBenchStage, toWireError, type Timers } from '@perseid/ddp-common';
import { errorFrameText, runMethodCall } from './method-call';
import type { MethodInvocation } from './method-invocation';
import type { MethodsInFlight } from './methods-in-flight';
import type { MethodReplayStore } from './method-replay-log';
import { OutboundLog } from './outbound-log';
import { PreparedFrame } from './prepared-frame';
import type { PublicationStrategy } from './publication-strategies';
import type { RateLimitInput } from './rate-limit';
import { SessionViews } from './session-views';
import type { SessionTransport } from './session-transport';
import { Subscription, type PublishHandler, type SubscriptionHost } from './subscription';
import { tooManySubscriptions } from './subscription-limits';
import type { ViewSink } from './collection-view';
import type { DdpTraffic } from './ddp-traffic';
import type { MethodObserver } from './method-observer';
import type { RefusalCounts } from './refusal-counts';

export type SessionState = 'attached' | 'detached' | 'closed';

/** How long the first client message waits for the universal publications started at connect. */
export const UNIVERSAL_START_WAIT_MS = 10_000;

/** A server method: `this` is the invocation; params arrive as the client sent them. */
export type MethodHandler = (this: MethodInvocation, ...params: never[]) => unknown;

/** What a session needs from its server. */
export interface SessionServer {
  readonly timers: Timers;
  readonly log: ErrorLogger;
  readonly encoder: FrameEncoder;
  readonly traffic: DdpTraffic;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly disconnectGracePeriodMs: number;
  readonly maxMessageQueueLength: number;
  readonly maxOutboundBytes: number;
  /** `sub`/`unsub`/`method` messages a session may have waiting before it is closed. */
  readonly maxInboundQueue: number;
  readonly maxSubscriptionsPerConnection: number;
  readonly maxSubscriptionsPerUser: number;
  /** Meteor's audit-argument-checks: fail calls whose arguments were not all passed to check(). */
  readonly auditArgumentChecks: boolean;
  publishHandler(name: string): PublishHandler | undefined;
  universalPublishHandlers(): readonly PublishHandler[];
  methodHandler(name: string): MethodHandler | undefined;
  strategyFor(collection: string): PublicationStrategy;
  checkRateLimit(input: RateLimitInput): void;
  sessionClosed(session: Session): void;
  /** Keeps the server's per-user index current (the user's subscriptions are counted through it). */
  sessionUserChanged(session: Session, previous: string | null, next: string | null): void;
  subscriptionCountOfUser(userId: string): number;
  /** Calls between their `method` message and their `updated` (a draining server waits for them). */
  readonly methodsInFlight: MethodsInFlight;
  /** Recent calls' answers, so a replay from a client's durable outbox does not run twice. */
  readonly replayStore: MethodReplayStore;
  /** Calls and subscriptions the rate limiter refused. */
  readonly refusals: RefusalCounts;
  /** Told how long each method handler took; null when nobody measures (the default). */
  readonly methodObserver: MethodObserver | null;
}

export interface SessionOptions {
  id: string;
  version: string;
  clientAddress: string | null;
  httpHeaders: Readonly<Record<string, string>>;
}

// Heartbeat frames are not counted for resumption (both sides skip ping/pong).
const barePong = new PreparedFrame('{"msg":"pong"}', false);
function pongFrame(id: string | undefined): PreparedFrame {
  return id === undefined ? barePong : new PreparedFrame(JSON.stringify({ msg: 'pong', id } satisfies PongMessage), false);
}
const pingFrame = new PreparedFrame('{"msg":"ping"}', false);

export class Session implements SubscriptionHost {
  readonly id: string;
  readonly version: string;
  readonly connection: ConnectionHandle;
  #state: SessionState = 'attached';
  #transport: SessionTransport | undefined;
  #userId: string | null = null;
  #heartbeat: Heartbeat | undefined;
  #graceTimer: unknown;
  /** Count in the log when the socket was lost; detached sessions may buffer only so much. */
  #sentAtDetach = 0;
  readonly #log: OutboundLog;
  readonly #views: SessionViews<Subscription>;
  #namedSubs: Map<string, Subscription> | undefined;
  #universalSubs: Subscription[] | undefined;
  /** Settles once the universal publications started at connect have published or unblocked. */
  #universalStart: Promise<void> | undefined;
  #inQueue: ClientMessage[] = [];
  #queue: 'idle' | 'draining' = 'idle';
  /** `rebuilding` while setUserId re-runs subscriptions: their messages only rebuild the mergebox. */
  #output: 'live' | 'rebuilding' = 'live';
  #pendingReady: string[] = [];
  readonly #connection: OwnedConnectionHandle;

  constructor(
    readonly server: SessionServer,
    transport: SessionTransport,
    options: SessionOptions,
  ) {
    this.id = options.id;
    this.version = options.version;
    this.#transport = transport;
    this.#log = new OutboundLog(server.maxMessageQueueLength);
    const sink: ViewSink = {
      added: (collection, id, fields, source) => {
        if (this.#output === 'live') this.send(server.encoder.added(collection, id, fields, source));
      },
      changed: (collection, id, fields, source) => {
        if (this.#output === 'live') this.send(server.encoder.changed(collection, id, fields, source));
      },
      removed: (collection, id) => {
        if (this.#output === 'live') this.send(server.encoder.removed(collection, id));
      },
    };
    this.#views = new SessionViews(sink, (collection) => server.strategyFor(collection));
    this.#connection = createConnectionHandle({
      id: this.id,
      close: () => this.close(),
      isClosed: () => this.#state === 'closed',
      clientAddress: options.clientAddress,
      httpHeaders: options.httpHeaders,
    });
    this.connection = this.#connection.handle;
    this.#startHeartbeat();
  }

  get state(): SessionState {
    return this.#state;
  }

  get userId(): string | null {
    return this.#userId;
  }

  /** Whether the mergebox holds a view of `collection` (its strategy is then in use). */
  publishes(collection: string): boolean {
    return this.#views.has(collection);
  }

  /** Live named subscriptions: what maxSubscriptionsPerConnection and maxSubscriptionsPerUser count. */
  get subscriptionCount(): number {
    return this.#namedSubs?.size ?? 0;
  }

  /** Bytes written to this session's socket that the client has not read yet (0 while detached). */
  get bufferedBytes(): number {
    return this.#transport?.bufferedAmount ?? 0;
  }

  /** Names of the running named subscriptions (for stats). */
  *subscriptionNames(): Iterable<string> {
    for (const sub of this.#namedSubs?.values() ?? []) if (sub.name !== null) yield sub.name;
  }

  #startHeartbeat(): void {
    // pre1 clients do not know ping (DDP.md version history); interval 0 disables heartbeats.
    if (this.version === 'pre1' || this.server.heartbeatIntervalMs === 0) return;
    this.#heartbeat = new Heartbeat({
      intervalMs: this.server.heartbeatIntervalMs,
      timeoutMs: this.server.heartbeatTimeoutMs,
      timers: this.server.timers,
      sendPing: () => this.send(pingFrame),
      onTimeout: () => this.detach(ddpServerErrors.HEARTBEAT_TIMEOUT.reason),
    });
    this.#heartbeat.start();
  }

  /** Sends `connected` for a new session (counted and logged like any message). */
  sendConnected(): void {
    this.send(new PreparedFrame(JSON.stringify({ msg: 'connected', session: this.id } satisfies ConnectedMessage), true, true));
  }

  // ───────────────────────────── outbound ─────────────────────────────

  /** Writes one frame to the client (or only to the replay log while detached). */
  send(frame: PreparedFrame): void {
    if (this.#state === 'closed') return;
    if (frame.counted) this.#log.record(frame);
    const transport = this.#transport;
    if (transport === undefined) {
      if (this.#log.sentCount - this.#sentAtDetach > this.#log.capacity) this.close();
      return;
    }
    this.server.traffic.countOut(frame);
    transport.send(frame);
    if (transport.bufferedAmount > this.server.maxOutboundBytes) this.detach(ddpServerErrors.OUTBOUND_BUFFER_FULL.reason);
  }

  /** Sends a protocol `error` (DDP.md "Errors"). */
  sendProtocolError(reason: string, offendingMessage?: unknown): void {
    const message: ErrorMessage = { msg: 'error', reason };
    if (offendingMessage !== undefined) message.offendingMessage = offendingMessage;
    this.send(new PreparedFrame(JSON.stringify(message)));
  }

  /** Sends a message built here (not a shared data frame). */
  sendJson(message: ServerMessage): void {
    this.send(new PreparedFrame(JSON.stringify(message)));
  }

  sendReady(sub: Subscription): void {
    if (sub.id === null) return;
    if (this.#output === 'rebuilding') {
      this.#pendingReady.push(sub.id);
      return;
    }
    this.sendJson({ msg: 'ready', subs: [sub.id] });
  }

  sendNosub(sub: Subscription, error: unknown): void {
    if (sub.id === null) {
      if (error !== undefined) this.server.log(`Exception from universal publication`, error);
      return;
    }
    this.#sendNosubFor(
      sub.id,
      error === undefined ? undefined : toWireError(error, (internal) => this.server.log(`Exception from sub ${sub.name} id ${sub.id}`, internal)),
    );
  }

  #sendNosubFor(id: string, error: DdpErrorObject | undefined): void {
    if (error === undefined) this.sendJson({ msg: 'nosub', id });
    else this.send(new PreparedFrame(errorFrameText({ msg: 'nosub', id }, error, `of sub ${id}`, this.server.log)));
  }

  // ───────────────────────────── inbound ─────────────────────────────

  /** Handles one parsed message from the client. */
  receive(message: ClientMessage): void {
    if (this.#state !== 'attached') return;
    this.#heartbeat?.messageReceived();
    switch (message.msg) {
      case 'ping':
        this.send(pongFrame(message.id));
        return;
      case 'pong':
        return;
      case 'connect':
        // Not echoed: a connect may carry a long support list, and the reason says it all.
        this.sendProtocolError(ddpServerErrors.ALREADY_CONNECTED.reason);
        return;
      case 'disconnect':
        this.close();
        return;
      case 'sub':
      case 'unsub':
      case 'method':
        if (benchStagesOn && message.msg === 'method') stampBenchStage('method-in', JSON.stringify(message.params));
        if (this.#inQueue.length >= this.server.maxInboundQueue) {
          // A flood, not a slow handler: the queue would otherwise grow without bound.
          this.sendProtocolError(ddpServerErrors.INBOUND_QUEUE_FULL.reason);
          this.close();
          return;
        }
        this.#inQueue.push(message);
        void this.#processQueue();
        return;
      default:
        message satisfies never;
    }
  }

  async #processQueue(): Promise<void> {
    if (this.#queue === 'draining') return;
    this.#queue = 'draining';
    try {
      if (this.#universalStart !== undefined) {
        await this.#universalStart;
        this.#universalStart = undefined;
      }
      while (this.#inQueue.length > 0 && this.#state !== 'closed') {
        const message = this.#inQueue.shift() as ClientMessage;
        await new Promise<void>((resolve) => {
          let released = false;
          const unblock = () => {
            if (released) return;
            released = true;
            resolve();
          };
          this.#dispatch(message, unblock).then(unblock, (error: unknown) => {
            this.server.log('Internal exception while processing message', error);
            unblock();
          });
        });
      }
    } finally {
      this.#queue = 'idle';
    }
  }

  async #dispatch(message: ClientMessage, unblock: () => void): Promise<void> {
    switch (message.msg) {
      case 'sub':
        return this.#handleSub(message, unblock);
      case 'unsub':
        return this.#stopSubscription(message.id);
      case 'method':
        return runMethodCall(this, message, unblock);
      case 'connect':
      case 'disconnect':
      case 'ping':
      case 'pong':
        return;
      default:
        message satisfies never;
    }
  }

  /** The rate limiter's refusal as a client error, or undefined when the call may proceed. */
  rateLimited(type: 'method' | 'subscription', name: string): DdpErrorObject | undefined {
    try {
      this.server.checkRateLimit({
        type,
        name,
        userId: this.#userId,
        clientAddress: this.connection.clientAddress,
        connectionId: this.id,
      });
      return undefined;
    } catch (error) {
      this.server.refusals.count(type === 'method' ? 'method' : 'subscription');
      return toWireError(error, (internal) => this.server.log(`Exception from rate limiter for ${type} ${name}`, internal));
    }
  }

  async #handleSub(message: SubMessage, unblock: () => void): Promise<void> {
    const named = (this.#namedSubs ??= new Map());
    // A repeated id is ignored, as Meteor does: the first subscription keeps running.
    if (named.has(message.id)) return;
    const overLimit = this.#subscriptionLimitError(named.size);
    if (overLimit !== undefined) return this.#sendNosubFor(message.id, overLimit);
    const refused = this.rateLimited('subscription', message.name);
    if (refused !== undefined) return this.#sendNosubFor(message.id, refused);
    const handler = this.server.publishHandler(message.name);
    if (handler === undefined) {
      return this.#sendNosubFor(message.id, clientError(404, `Subscription '${message.name}' not found`));
    }
    const sub = new Subscription(this, handler, message.id, message.name, message.params ?? [], unblock, this.server.auditArgumentChecks);
    named.set(message.id, sub);
    await sub.run();
  }

  /** Why one more subscription would be one too many, given `own` held by this session. */
  #subscriptionLimitError(own: number): DdpErrorObject | undefined {
    const { maxSubscriptionsPerConnection: perConnection, maxSubscriptionsPerUser: perUser } = this.server;
    if (own >= perConnection) return tooManySubscriptions('connection', perConnection);
    if (this.#userId !== null && this.server.subscriptionCountOfUser(this.#userId) >= perUser) return tooManySubscriptions('user', perUser);
    return undefined;
  }

  /** Starts the universal publications (after `connected`). */
  startUniversalSubs(): void {
    const started = this.server.universalPublishHandlers().map((handler) => this.startUniversalSub(handler));
    if (started.length === 0) return;
    let timer: unknown;
    const bound = new Promise<void>((resolve) => {
      timer = this.server.timers.setTimeout(resolve, UNIVERSAL_START_WAIT_MS);
    });
    this.#universalStart = Promise.race([Promise.all(started), bound]).then(() => this.server.timers.clearTimeout(timer));
  }

  /** Starts one universal publication; resolves once it has published or called `unblock()`. */
  startUniversalSub(handler: PublishHandler): Promise<void> {
    if (this.#state === 'closed') return Promise.resolve();
    let unblock = () => {};
    const unblocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const sub = new Subscription(this, handler, null, null, [], unblock);
    (this.#universalSubs ??= []).push(sub);
    // No client message awaits this run: a rejection would otherwise be unhandled and end the process.
    const ran = sub.run().catch((error: unknown) => this.server.log('Internal exception while running a universal publication', error));
    return Promise.race([ran, unblocked]);
  }

  async #stopSubscription(id: string): Promise<void> {
    const sub = this.#namedSubs?.get(id);
    if (sub !== undefined) {
      this.#namedSubs?.delete(id);
      await sub.removeAllDocumentsAndDeactivate();
    }
    this.#sendNosubFor(id, undefined);
  }

  forget(sub: Subscription): void {
    if (sub.id !== null) {
      if (this.#namedSubs?.get(sub.id) === sub) this.#namedSubs.delete(sub.id);
    } else if (this.#universalSubs) {
      this.#universalSubs = this.#universalSubs.filter((item) => item !== sub);
    }
  }

  // ───────────────────────────── data (SubscriptionHost) ─────────────────────────────

  accounts(collection: string): boolean {
    const strategy = this.server.strategyFor(collection);
    // SERVER_MERGE's mergebox knows each document's subscriptions: a second record would be
    // one more set to update per message per session.
    return strategy.doAccountingForCollection && !strategy.useCollectionView;
  }

  heldBy(sub: Subscription): Array<[string, string[]]> {
    return this.#views.heldBy(sub);
  }

  added(sub: Subscription, collection: string, id: string, fields: Fields): void {
    this.#views.added(sub, collection, id, fields);
  }

  changed(sub: Subscription, collection: string, id: string, fields: Fields): void {
    this.#views.changed(sub, collection, id, fields);
  }

  removed(sub: Subscription, collection: string, id: string): void {
    this.#views.removed(sub, collection, id);
  }

  reportError(context: string, error: unknown): void {
    this.server.log(`Exception ${context}`, error);
  }

  /**
   * Changes the session's user: every subscription re-runs as the new user while the mergebox is
   * rebuilt silently, then the client receives only the difference.
   */
  async setUserId(userId: string | null): Promise<void> {
    if (this.#state === 'closed' || userId === this.#userId) {
      this.#userId = userId;
      return;
    }
    const before = this.#views.snapshot();
    this.#output = 'rebuilding';
    this.#views.reset();
    this.server.sessionUserChanged(this, this.#userId, userId);
    this.#userId = userId;
    const oldNamed = [...(this.#namedSubs?.values() ?? [])];
    const oldUniversal = this.#universalSubs ?? [];
    await Promise.all([...oldNamed, ...oldUniversal].map((sub) => sub.deactivate()));
    const named = new Map<string, Subscription>();
    // Subscriptions made while signed out count for the user from now on: those past the user's
    // limit end (oldest kept), or signing in on many connections would step around it.
    const allowed =
      userId === null ? Infinity : this.server.maxSubscriptionsPerUser - (this.server.subscriptionCountOfUser(userId) - (this.#namedSubs?.size ?? 0));
    const refused: string[] = [];
    // An unsub handled while the old subscriptions were stopping has already forgotten its own.
    for (const sub of oldNamed) {
      if (sub.id === null || this.#namedSubs?.get(sub.id) !== sub) continue;
      if (named.size < allowed) named.set(sub.id, sub.recreate());
      else refused.push(sub.id);
    }
    this.#namedSubs = named;
    this.#universalSubs = oldUniversal.map((sub) => sub.recreate());
    await Promise.all([...named.values(), ...this.#universalSubs].map((sub) => sub.run()));
    this.#output = 'live';
    SessionViews.sendDiff(before, this.#views.snapshot(), this.#views.sink);
    const ready = this.#pendingReady.splice(0);
    if (ready.length > 0) this.sendJson({ msg: 'ready', subs: ready });
    for (const id of refused) this.#sendNosubFor(id, tooManySubscriptions('user', this.server.maxSubscriptionsPerUser));
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /**
   * The socket is gone but the client may come back: keep subscriptions running and log what
   * would have been sent, for `disconnectGracePeriodMs`.
   */
  detach(reason: string): void {
    if (this.#state !== 'attached') return;
    const transport = this.#transport;
    this.#transport = undefined;
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    transport?.close(4000, reason);
    if (this.server.disconnectGracePeriodMs <= 0 || this.server.maxMessageQueueLength <= 0) {
      this.close();
      return;
    }
    this.#state = 'detached';
    this.#sentAtDetach = this.#log.sentCount;
    this.#graceTimer = this.server.timers.setTimeout(() => this.close(), this.server.disconnectGracePeriodMs);
  }

  /** Whether `transport` is the session's current socket (a taken-over one is not). */
  owns(transport: SessionTransport): boolean {
    return this.#transport === transport;
  }

  /** The socket under the session closed; only the current socket's loss detaches it. */
  transportLost(transport: SessionTransport): void {
    if (this.#transport === transport) this.detach('socket closed');
  }

  /**
   * A client asks to resume this session having received `receivedCount` messages. Returns
   * false (and the caller starts a fresh session) unless every missed message can be replayed.
   */
  resume(transport: SessionTransport, receivedCount: number): boolean {
    if (this.#state !== 'detached') return false;
    const plan = this.#log.plan(receivedCount);
    if (plan.kind === 'gap') return false;
    this.server.timers.clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    this.#state = 'attached';
    this.#transport = transport;
    const connected = new PreparedFrame(JSON.stringify({ msg: 'connected', session: this.id } satisfies ConnectedMessage), true, true);
    this.#log.rebase(receivedCount, connected, plan.frames);
    this.server.traffic.countOut(connected);
    transport.send(connected);
    for (const frame of plan.frames) {
      this.server.traffic.countOut(frame);
      transport.send(frame);
    }
    this.#startHeartbeat();
    return true;
  }

  /** Ends the session for good. Safe to call twice. */
  close(): void {
    if (this.#state === 'closed') return;
    const transport = this.#transport;
    this.#state = 'closed';
    this.#transport = undefined;
    this.#heartbeat?.stop();
    if (this.#graceTimer !== undefined) this.server.timers.clearTimeout(this.#graceTimer);
    this.#inQueue = [];
    transport?.close(1000, 'DDP session closed');
    const subs = [...(this.#namedSubs?.values() ?? []), ...(this.#universalSubs ?? [])];
    this.#namedSubs = undefined;
    this.#universalSubs = undefined;
    for (const sub of subs) void sub.deactivate();
    this.#views.reset();
    this.#connection.runCloseCallbacks(this.server.log);
    this.server.sessionClosed(this);
  }
}
