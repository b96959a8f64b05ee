/**
 * A DDP client connection (Meteor's Connection): one session with a server, kept alive
 * across socket drops.
 *
 * Handshake, per socket:
 *   socket open ─▶ send connect{version, support, session?, receivedCount?}
 *   connected{session} same as ours ─▶ resumed: the server still has our subs, methods
 *                                      and data; send only what never left
 *   connected{other session}        ─▶ new session: re-send subs and unanswered methods
 *                                      (onReconnect hooks first), buffer data until
 *                                      every revived sub is ready and every re-sent
 *                                      method is `updated` (quiescence), then reset all
 *                                      stores and apply the buffer in one batch
 *   failed{version}                 ─▶ retry with that version, or fail for good
 *
 * Methods are sent in blocks: a block is either one `wait` method or a run of ordinary
 * ones, and a block is sent only once the one before has results and visible data.
 *
 * Nothing a server sends can throw into app code: frames are typed by
 * parseServerMessage, a malformed one is logged and the socket reset, and exceptions
 * from app callbacks are caught and logged.
 *
 * This file is the session state machine and the frame dispatcher (~600 lines, one
 * concept); the parts with their own state live beside it: client-stream (socket and
 * back-off), method-caller (stubs and their queue), method-blocks, subscription-registry,
 * store-registry (batched writes) and stub-documents (held-back server data).
 */
import {
  parseServerMessage,
  stringifyDdp,
  SUPPORTED_DDP_VERSIONS,
  type ClientMessage,
  type ConnectedMessage,
  type NosubMessage,
  type ResultMessage,
  type ServerMessage,
} from '@perseid/ddp-protocol';
import { _debug as debug } from '@perseid/meteor-core';
import { ClientStream } from './client-stream';
import type { ConnectionStatus } from './connection-status';
import { connectionClosedError, invocationFailedError } from './ddp-errors';
import { Heartbeat, meteorErrorFromWire, realTimers, type Timers } from '@perseid/ddp-common';
import { MethodBlocks } from './method-blocks';
import { MethodCaller, type ApplyOptions, type MethodCallHook, type MethodPromise, type MethodStub } from './method-caller';
import type { MethodCallback } from './method-invoker';
import { createDependency } from './reactivity';
import { runReconnectHooks } from './reconnect-hooks';
import type { RetryOptions } from './retry-policy';
import type { Store, StoreUpdate } from './store';
import { StoreRegistry } from './store-registry';
import { DEFAULT_STILL_RUNNING_RETRY, StillRunningRetry, type StillRunningRetryOptions } from './still-running-retry';
import { StubDocuments } from './stub-documents';
import type { SubscriptionHandle } from './subscription-record';
import { SubscriptionRegistry } from './subscription-registry';
import type { Transport } from './transport';
import { shownCall, type ShownCall } from './shown-call';

export interface ConnectionOptions {
  readonly transport: Transport;
  readonly timers?: Timers;
  /** false: never reconnect. An object tunes the back-off. */
  readonly retry?: boolean | Partial<RetryOptions>;
  /** ms of silence before a ping; 0 disables heartbeats. */
  readonly heartbeatInterval?: number;
  readonly heartbeatTimeout?: number;
  readonly bufferedWritesInterval?: number;
  readonly bufferedWritesMaxAge?: number;
  readonly connectTimeoutMs?: number;
  readonly supportedDDPVersions?: readonly string[];
  readonly respondToPings?: boolean;
  /** Where protocol trouble is reported; never thrown. */
  readonly log?: (message: string, detail?: unknown) => void;
  /** Uniform [0,1) source for back-off fuzz. */
  readonly fraction?: () => number;
  readonly onConnected?: () => void;
  /** Re-sends of a call the server answers `ddp.replay-still-running`, and their back-off. */
  readonly stillRunningRetry?: { readonly maxRetries?: number; readonly retry?: Partial<RetryOptions> };
  readonly onDDPVersionNegotiationFailure?: (description: string) => void;
}

type Handshake = 'awaiting-socket' | 'awaiting-connected' | 'connected' | 'closed';
type DataMessage = Extract<ServerMessage, { msg: 'added' | 'changed' | 'removed' | 'ready' | 'updated' | 'nosub' }>;

/** Meteor._debug, so apps and tests route (or silence) client diagnostics in one place. */
const defaultLog = (message: string, detail?: unknown): void => {
  if (detail === undefined) debug(`[ddp-client] ${message}`);
  else debug(`[ddp-client] ${message}`, detail);
};

export type { ApplyOptions, MethodPromise, MethodStub } from './method-caller';

export class Connection {
  /**
   * Meteor's `_readyToMigrate`: no method call is waiting for its result, so a reload now loses
   * none (the hot code push reload waits for this).
   */
  _readyToMigrate(): boolean {
    return this.#methods.all().length === 0;
  }

  /** Calls `callback` once every method call made so far has finished. */
  _whenMethodsSettled(callback: () => void): void {
    this.#methods.whenSettled(callback);
  }

  /** Legacy single hook (Meteor's connection.onReconnect); prefer DDP.onReconnect. */
  onReconnect: (() => void) | null = null;

  readonly #stream: ClientStream;
  readonly #timers: Timers;
  readonly #log: (message: string, detail?: unknown) => void;
  readonly #supported: readonly string[];
  readonly #heartbeatInterval: number;
  readonly #heartbeatTimeout: number;
  readonly #respondToPings: boolean;
  readonly #onConnectedCallback: () => void;
  readonly #onVersionFailure: (description: string) => void;

  readonly #statusDep = createDependency();
  readonly #userIdDep = createDependency();
  #userId: string | null = null;

  #handshake: Handshake = 'awaiting-socket';
  #sessionId: string | undefined;
  /** Non-heartbeat messages received in this session, `connected` included. */
  #receivedCount = 0;
  #versionSuggestion: string | undefined;
  #version: string | undefined;
  #heartbeat: Heartbeat | undefined;

  readonly #stores: StoreRegistry;
  readonly #pendingWritesDep = createDependency();
  readonly #callsDep = createDependency();
  readonly #stubDocs = new StubDocuments(() => this.#pendingWritesDep.changed());
  readonly #caller: MethodCaller;
  readonly #methods: MethodBlocks;
  readonly #subs: SubscriptionRegistry;
  readonly #stillRunning: StillRunningRetry;

  // Quiescence after a new session replaced an old one, or while a `wait` method runs.
  #bufferedUntilQuiescence: DataMessage[] = [];
  readonly #methodsBlockingQuiescence = new Set<string>();
  readonly #subsBeingRevived = new Set<string>();
  #resetStores = false;

  #inReconnectHooks = false;

  constructor(url: string, options: ConnectionOptions) {
    this.#timers = options.timers ?? realTimers;
    this.#log = options.log ?? defaultLog;
    this.#supported = options.supportedDDPVersions ?? SUPPORTED_DDP_VERSIONS;
    if (this.#supported.length === 0) throw new TypeError('supportedDDPVersions must not be empty');
    this.#heartbeatInterval = options.heartbeatInterval ?? 17_500;
    this.#heartbeatTimeout = options.heartbeatTimeout ?? 15_000;
    this.#respondToPings = options.respondToPings ?? true;
    this.#onConnectedCallback = options.onConnected ?? (() => {});
    this.#onVersionFailure = options.onDDPVersionNegotiationFailure ?? ((d) => this.#log(d));
    this.#stores = new StoreRegistry({
      timers: this.#timers,
      bufferedWritesInterval: options.bufferedWritesInterval ?? 5,
      bufferedWritesMaxAge: options.bufferedWritesMaxAge ?? 500,
    });
    const stillRunning = options.stillRunningRetry;
    const stillRunningOptions: StillRunningRetryOptions = {
      maxRetries: stillRunning?.maxRetries ?? DEFAULT_STILL_RUNNING_RETRY.maxRetries,
      retry: { ...DEFAULT_STILL_RUNNING_RETRY.retry, ...stillRunning?.retry },
    };
    this.#stillRunning = new StillRunningRetry(stillRunningOptions, this.#timers, options.fraction ?? Math.random);
    this.#methods = new MethodBlocks(
      (m) => this.#log(m),
      () => this.#callsDep.changed(),
    );
    this.#subs = new SubscriptionRegistry({
      send: (message) => this.#send(message),
      callApp: (what, fn) => this.#callApp(what, fn),
      log: (message, detail) => this.#log(message, detail),
    });
    this.#caller = new MethodCaller({
      stores: this.#stores,
      stubDocs: this.#stubDocs,
      methods: this.#methods,
      userId: () => this.#userId,
      setUserId: (id) => this.setUserId(id),
      send: (message) => this.#send(message),
      blockQuiescence: (methodId) => void this.#methodsBlockingQuiescence.add(methodId),
      waitingForQuiescence: () => this.#waitingForQuiescence(),
      flushStores: () => this.#flushStores(),
      inReconnectHooks: () => this.#inReconnectHooks,
      callApp: (what, fn) => this.#callApp(what, fn),
      log: (message, detail) => this.#log(message, detail),
    });
    this.#stream = new ClientStream(
      url,
      {
        transport: options.transport,
        timers: this.#timers,
        retry: options.retry ?? true,
        fraction: options.fraction ?? Math.random,
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      },
      {
        onReset: () => this.#guard('socket open', () => this.#onSocketOpen()),
        onMessage: (frame) => this.#guard('message', () => this.#onFrame(frame)),
        onDisconnect: () => this.#guard('disconnect', () => this.#onSocketLost()),
        onStatusChange: () => this.#statusDep.changed(),
      },
    );
    this.#stream.start();
  }

  // ── status ────────────────────────────────────────────────────────────────────

  /** Reactive. */
  status(): ConnectionStatus {
    this.#statusDep.depend();
    return this.#stream.status();
  }

  reconnect(options: { url?: string } = {}): void {
    if (this.#handshake === 'closed') this.#handshake = 'awaiting-socket';
    this.#stream.reconnect(options);
  }

  /** Closes the socket (telling the server not to keep the session) until reconnect(). */
  disconnect(): void {
    this.#sendRaw({ msg: 'disconnect' });
    this.#stream.disconnect();
  }

  /** Closes for good: calls still waiting for the server fail with `ddp.connection-closed`. Safe twice. */
  close(): void {
    if (this.#handshake === 'closed') return;
    this.#sendRaw({ msg: 'disconnect' });
    this.#stream.disconnect({ permanent: true, reason: 'closed' });
    this.#handshake = 'closed';
    this.#stopHeartbeat();
    this.#stores.stop();
    this.#stillRunning.stop();
    const pending = this.#methods.all();
    this.#methods.dropBlocks();
    for (const invoker of pending) {
      if (!invoker.gotResult()) invoker.receiveResult(connectionClosedError());
      invoker.dataVisible();
    }
  }

  /** The negotiated DDP version, once connected. */
  get version(): string | undefined {
    return this.#version;
  }

  /** The current session id, once connected. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  // ── user ──────────────────────────────────────────────────────────────────────

  /** Reactive. */
  userId(): string | null {
    this.#userIdDep.depend();
    return this.#userId;
  }

  setUserId(userId: string | null): void {
    if (userId !== null && typeof userId !== 'string') throw new TypeError('userId must be a string or null');
    if (this.#userId === userId) return;
    this.#userId = userId;
    this.#userIdDep.changed();
  }

  // ── stores ────────────────────────────────────────────────────────────────────

  /** Returns false if a store is already registered under `name`. */
  registerStoreClient(name: string, store: Store): boolean {
    if (typeof name !== 'string') throw new TypeError('store name must be a string');
    return this.#stores.register(name, store);
  }

  // ── subscriptions ─────────────────────────────────────────────────────────────

  /**
   * `subscribe(name, ...params, callbacks?)`: callbacks is `{ onReady, onStop }` or a
   * function (onReady). Inside a computation an identical inactive sub is reused.
   */
  subscribe(name: string, ...rest: unknown[]): SubscriptionHandle {
    return this.#subs.subscribe(name, rest);
  }

  // ── methods ───────────────────────────────────────────────────────────────────

  /** Defines client stubs. */
  methods(stubs: Record<string, MethodStub>): void {
    this.#caller.methods(stubs);
  }

  /** `call(name, ...args, callback?)`. */
  call(name: string, ...rest: unknown[]): unknown {
    return this.#caller.call(name, ...rest);
  }

  /** See MethodCaller.apply. */
  apply(name: string, args: readonly unknown[] = [], options: ApplyOptions = {}, callback?: MethodCallback): unknown {
    return this.#caller.apply(name, args, options, callback);
  }

  callAsync(name: string, ...args: unknown[]): MethodPromise {
    return this.#caller.applyAsync(name, args);
  }

  /** Resolves with the server's result once its data is visible; also exposes `stubPromise`/`serverPromise`. */
  applyAsync(name: string, args: readonly unknown[] = [], options: ApplyOptions = {}, callback?: MethodCallback): MethodPromise {
    return this.#caller.applyAsync(name, args, options, callback);
  }

  /** Reactive: every subscription made on this connection is ready (an offline cache reconciles then). */
  subscriptionsReady(): boolean {
    let all = true;
    for (const sub of this.#subs.records()) {
      sub.readyDep.depend();
      if (sub.state === 'pending') all = false;
    }
    return all;
  }

  /** Reactive: method calls made and not yet finished (answered with their data visible). */
  unansweredCalls(): number {
    this.#callsDep.depend();
    return this.#methods.count;
  }

  /**
   * Reactive: whether a method's stub wrote this document (wire id) and the server has not yet
   * answered with its data, i.e. what the UI shows of it is still a guess.
   */
  hasPendingWrites(collection: string, id: string): boolean {
    this.#pendingWritesDep.depend();
    return this.#stubDocs.hasPending(collection, id);
  }

  /**
   * Shows the effect of a call another tab of this app makes (its stub, run with the call's
   * randomSeed) without sending it. The documents it wrote report pending writes until the
   * returned call is released, answered or sent (see ShownCall).
   */
  async simulate(name: string, args: readonly unknown[], randomSeed: string): Promise<ShownCall> {
    const shadowId = await this.#caller.simulate(name, args, randomSeed);
    return shownCall({
      name,
      timers: this.#timers,
      giveWay: (untilServerCopy) => {
        if (shadowId === undefined) return false;
        const replacements = this.#stubDocs.methodDataDone(
          shadowId,
          (collection, id) => this.#stores.getDoc(collection, id),
          (fn) => this.#stores.afterUpdate(fn),
          { untilServerCopy },
        );
        for (const update of replacements) this.#stores.push(update);
        if (!this.#waitingForQuiescence()) this.#flushStores();
        return this.#stubDocs.awaitsServerCopy(shadowId);
      },
      send: () => this.#caller.sendShown(name, args, randomSeed, shadowId),
    });
  }

  /** Installs (or removes) a durable outbox's hook on this connection's method calls. */
  setMethodCallHook(hook: MethodCallHook | undefined): void {
    this.#caller.setHook(hook);
  }

  // ── internals: socket and session ─────────────────────────────────────────────

  #onSocketOpen(): void {
    if (this.#handshake === 'closed') return;
    this.#handshake = 'awaiting-connected';
    const version = this.#versionSuggestion ?? this.#supported[0] ?? '1';
    this.#versionSuggestion = version;
    this.#sendRaw({
      msg: 'connect',
      version,
      support: [...this.#supported],
      ...(this.#sessionId === undefined ? {} : { session: this.#sessionId, receivedCount: this.#receivedCount }),
    });
    // With no session to resume, nothing can be duplicated: send everything at once
    // instead of waiting a round trip for `connected`.
    if (this.#sessionId === undefined) this.#sendUnsent();
  }

  #onSocketLost(): void {
    this.#stopHeartbeat();
    if (this.#handshake !== 'closed') this.#handshake = 'awaiting-socket';
    if (this.#sessionId === undefined) this.#forgetSent();
  }

  #onConnected(message: ConnectedMessage): void {
    this.#version = this.#versionSuggestion;
    this.#startHeartbeat();
    const previous = this.#sessionId;
    this.#sessionId = message.session;
    this.#handshake = 'connected';
    if (previous !== undefined && previous === message.session) {
      this.#subs.sendUnsent();
      for (const invoker of this.#methods.firstBlock()) invoker.transmitIfDropped();
      this.#onConnectedCallback();
      return;
    }
    this.#receivedCount = 1;
    if (previous === undefined) {
      this.#sendUnsent();
      this.#onConnectedCallback();
      return;
    }
    this.#startFreshSession();
    this.#onConnectedCallback();
  }

  /** The server did not resume our session: rebuild it on the new one. */
  #startFreshSession(): void {
    this.#resetStores = true;
    this.#stores.clearUnknown();
    this.#stubDocs.clear();
    this.#stores.dropAfterUpdateCallbacks();
    this.#stillRunning.newSession();
    this.#bufferedUntilQuiescence = [];
    this.#methodsBlockingQuiescence.clear();
    this.#subsBeingRevived.clear();
    this.#subs.forgetSession();
    for (const sub of this.#subs.records()) if (sub.ready) this.#subsBeingRevived.add(sub.id);
    for (const invoker of this.#methods.takeSentNoRetry()) invoker.receiveResult(invocationFailedError());
    for (const invoker of this.#methods.all()) {
      invoker.markUnsent();
      // Answered on the old session but its data never became visible: the reset
      // at quiescence is the closest thing to "visible", so finish it then.
      if (invoker.gotResult()) this.#stores.afterUpdate(() => invoker.dataVisible());
    }

    // onReconnect hooks (e.g. accounts' resume login, a `wait` method) go before the
    // methods that were outstanding.
    this.#methods.prependFrom(() => {
      this.#inReconnectHooks = true;
      try {
        this.#callApp('onReconnect', () => this.onReconnect?.());
        runReconnectHooks(this, (error) => this.#log('exception in an onReconnect callback', error));
      } finally {
        this.#inReconnectHooks = false;
      }
    });
    this.#methods.sendFirstBlock();
    for (const invoker of this.#methods.all()) if (invoker.sentMessage) this.#methodsBlockingQuiescence.add(invoker.methodId);
    this.#subs.sendUnsent();

    if (!this.#waitingForQuiescence()) this.#flushStores();
  }

  #sendUnsent(): void {
    this.#subs.sendUnsent();
    this.#methods.sendFirstBlock();
    for (const invoker of this.#methods.firstBlock()) invoker.transmitIfDropped();
  }

  #forgetSent(): void {
    this.#subs.forgetSession();
    for (const invoker of this.#methods.all()) if (!invoker.gotResult()) invoker.markUnsent();
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    if (this.#heartbeatInterval <= 0 || this.#version === 'pre1') return;
    this.#heartbeat = new Heartbeat({
      intervalMs: this.#heartbeatInterval,
      timeoutMs: this.#heartbeatTimeout,
      timers: this.#timers,
      sendPing: () => this.#sendRaw({ msg: 'ping' }),
      onTimeout: () => this.#stream.reconnect({ force: true }),
    });
    this.#heartbeat.start();
  }

  #stopHeartbeat(): void {
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
  }

  // ── internals: incoming frames ────────────────────────────────────────────────

  #onFrame(frame: string): void {
    this.#heartbeat?.messageReceived();
    const parsed = parseServerMessage(frame);
    if (!parsed.ok) {
      // `{server_id: …}` and similar msg-less frames are allowed and ignored (DDP.md).
      if (parsed.code === 'no-msg') return;
      this.#log(`malformed frame from server (${parsed.reason}); resetting the connection`, frame);
      this.#stream.reconnect({ force: true });
      return;
    }
    const message = parsed.message;
    if (message.msg !== 'ping' && message.msg !== 'pong') this.#receivedCount += 1;
    switch (message.msg) {
      case 'connected':
        this.#onConnected(message);
        return;
      case 'failed':
        if (this.#supported.includes(message.version) && message.version !== this.#versionSuggestion) {
          this.#versionSuggestion = message.version;
          this.#stream.reconnect({ force: true });
        } else {
          const description = `DDP version negotiation failed; server requested version ${message.version}`;
          this.#stream.disconnect({ permanent: true, reason: description });
          this.#onVersionFailure(description);
        }
        return;
      case 'ping':
        if (this.#respondToPings) this.#sendRaw(message.id === undefined ? { msg: 'pong' } : { msg: 'pong', id: message.id });
        return;
      case 'pong':
        return;
      case 'added':
      case 'changed':
      case 'removed':
      case 'ready':
        this.#onData(message);
        return;
      case 'updated': {
        // The `updated` closing a still-running answer says nothing of the call's data.
        const methods = this.#stillRunning.meaningful(message.methods);
        if (methods.length > 0) this.#onData(methods.length === message.methods.length ? message : { ...message, methods });
        return;
      }
      case 'addedBefore':
        // Ordered publications are not used by Meteor; the position is irrelevant to a store.
        this.#onData({ msg: 'added', collection: message.collection, id: message.id, ...(message.fields === undefined ? {} : { fields: message.fields }) });
        return;
      case 'movedBefore':
        return;
      case 'nosub':
        this.#onNosub(message);
        return;
      case 'result':
        this.#onResult(message);
        return;
      case 'error':
        this.#log(`server reported a protocol error: ${message.reason}`, message.offendingMessage);
        return;
      default: {
        const unexpected: never = message;
        this.#log('unexpected message', unexpected);
      }
    }
  }

  #onData(message: DataMessage): void {
    if (this.#waitingForQuiescence()) {
      this.#bufferedUntilQuiescence.push(message);
      if (message.msg === 'nosub') this.#subsBeingRevived.delete(message.id);
      if (message.msg === 'ready') for (const id of message.subs) this.#subsBeingRevived.delete(id);
      if (message.msg === 'updated') for (const id of message.methods) this.#methodsBlockingQuiescence.delete(id);
      if (this.#waitingForQuiescence()) return;
      const buffered = this.#bufferedUntilQuiescence;
      this.#bufferedUntilQuiescence = [];
      for (const m of buffered) this.#processData(m);
      this.#flushStores();
      return;
    }
    this.#processData(message);
    const isWrite = message.msg === 'added' || message.msg === 'changed' || message.msg === 'removed';
    if (isWrite && !this.#resetStores) this.#stores.scheduleFlush(this.#awaitingNothing());
    else this.#flushStores();
  }

  /**
   * No method result and no subscription's ready is outstanding: a write arriving now was not
   * asked for by this client and is most likely alone, so it is not held for the batching window.
   * While a sub or method is outstanding its burst of data is batched as before.
   */
  #awaitingNothing(): boolean {
    return this.#methods.all().length === 0 && this.#subs.records().every((sub) => sub.ready);
  }

  #processData(message: DataMessage): void {
    switch (message.msg) {
      case 'added':
      case 'changed':
      case 'removed': {
        const update = this.#stubDocs.absorb(toStoreUpdate(message), (m) => this.#log(m), {
          current: (collection, id) => this.#stores.getDoc(collection, id),
          afterFlush: (fn) => this.#stores.afterUpdate(fn),
        });
        if (update !== undefined) this.#stores.push(update);
        return;
      }
      case 'ready':
        for (const id of message.subs) this.#whenFlushed(() => this.#subs.markReady(id));
        return;
      case 'updated':
        for (const methodId of message.methods) {
          const replacements = this.#stubDocs.methodDataDone(
            methodId,
            (collection, id) => this.#stores.getDoc(collection, id),
            (fn) => this.#stores.afterUpdate(fn),
          );
          for (const update of replacements) this.#stores.push(update);
          const invoker = this.#methods.get(methodId);
          if (invoker === undefined) {
            this.#log(`updated for unknown method ${methodId}`);
            continue;
          }
          this.#whenFlushed(() => invoker.dataVisible());
        }
        return;
      case 'nosub':
        return;
    }
  }

  /** Runs `fn` after the batch that makes every held-back stub document the server's. */
  #whenFlushed(fn: () => void): void {
    this.#stubDocs.whenFlushed(
      (methodId) => this.#methods.get(methodId)?.sentMessage === true,
      () => this.#stores.afterUpdate(fn),
    );
  }

  #onNosub(message: NosubMessage): void {
    this.#onData(message);
    this.#subs.ended(message.id, message.error === undefined ? undefined : meteorErrorFromWire(message.error));
  }

  #onResult(message: ResultMessage): void {
    if (this.#stores.hasBuffered && !this.#waitingForQuiescence()) this.#flushStores();
    // Still running elsewhere: the call stays in flight and goes out again (still-running-retry.ts).
    const outstanding = (id: string) => this.#methods.firstBlock().find((m) => m.methodId === id);
    if (this.#stillRunning.take(message.id, message.error, outstanding)) return;
    const invoker = this.#methods.takeForResult(message.id);
    if (invoker === undefined) {
      this.#log(`result for a method that is not outstanding: ${message.id}`);
      return;
    }
    if (message.error !== undefined) invoker.receiveResult(meteorErrorFromWire(message.error));
    else invoker.receiveResult(undefined, message.result);
  }

  #flushStores(): void {
    const reset = this.#resetStores;
    this.#resetStores = false;
    this.#stores.flush(reset);
  }

  #waitingForQuiescence(): boolean {
    return this.#subsBeingRevived.size > 0 || this.#methodsBlockingQuiescence.size > 0;
  }

  // ── internals: output and safety ──────────────────────────────────────────────

  /** Session traffic: held back while a resumption is being negotiated. */
  #send(message: ClientMessage): boolean {
    const mayUseSocket = this.#handshake === 'connected' || (this.#handshake === 'awaiting-connected' && this.#sessionId === undefined);
    if (!mayUseSocket) return false;
    return this.#stream.send(stringifyDdp(message));
  }

  /** Handshake and heartbeat traffic: goes out whenever a socket is open. */
  #sendRaw(message: ClientMessage): void {
    this.#stream.send(stringifyDdp(message));
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log(`exception while handling ${what}`, error);
    }
  }

  #callApp(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log(`exception in ${what}`, error);
    }
  }
}

function toStoreUpdate(
  message: Extract<DataMessage, { msg: 'added' | 'changed' | 'removed' }>,
): Extract<StoreUpdate, { msg: 'added' | 'changed' | 'removed' }> {
  switch (message.msg) {
    case 'added':
      return { msg: 'added', collection: message.collection, id: message.id, ...(message.fields === undefined ? {} : { fields: message.fields }) };
    case 'changed':
      return {
        msg: 'changed',
        collection: message.collection,
        id: message.id,
        ...(message.fields === undefined ? {} : { fields: message.fields }),
        ...(message.cleared === undefined ? {} : { cleared: message.cleared }),
      };
    case 'removed':
      return { msg: 'removed', collection: message.collection, id: message.id };
  }
}
