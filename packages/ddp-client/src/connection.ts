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
 * Size: this file is the dispatcher; the parts with their own state live beside it
 * (client-stream, store-registry, stub-documents, method-invoker, subscription-record).
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
import { EJSON } from '@perseid/ejson';
import { makeRpcSeed, Random } from '@perseid/random';
import { ClientMethodInvocation } from './client-method-invocation';
import { ClientStream } from './client-stream';
import type { ConnectionStatus } from './connection-status';
import { currentInvocation, enterInvocation, withInvocation } from './current-invocation';
import { connectionClosedError, invocationFailedError, meteorErrorFromWire } from './ddp-errors';
import { Heartbeat } from './heartbeat';
import { MethodInvoker, type MethodCallback } from './method-invoker';
import { afterFlush, createDependency, inComputation, onInvalidate } from './reactivity';
import { runReconnectHooks } from './reconnect-hooks';
import type { RetryOptions } from './retry-policy';
import type { Store, StoreUpdate } from './store';
import { StoreRegistry } from './store-registry';
import { StubDocuments } from './stub-documents';
import { SubscriptionRecord, type SubscriptionCallbacks, type SubscriptionHandle } from './subscription-record';
import { realTimers, type Timers } from './timers';
import type { Transport } from './transport';

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
  readonly onDDPVersionNegotiationFailure?: (description: string) => void;
}

export interface ApplyOptions {
  /** Run alone: later methods wait until this one has its result and data. */
  readonly wait?: boolean;
  /** Fail instead of re-sending if the connection drops while it is in flight. */
  readonly noRetry?: boolean;
  /** Rethrow a stub's exception to the caller instead of logging it. */
  readonly throwStubExceptions?: boolean;
  /** `apply` returns the stub's return value. */
  readonly returnStubValue?: boolean;
  readonly onResultReceived?: MethodCallback;
}

// A stub receives whatever the caller passed; its parameter types are the app's business.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MethodStub = (this: ClientMethodInvocation, ...args: any[]) => unknown;

/** `callAsync`'s promise: resolves with the server result; also exposes the stub's. */
export type MethodPromise<T = unknown> = Promise<T> & {
  readonly stubPromise: Promise<unknown>;
  readonly serverPromise: Promise<T>;
};

type Handshake = 'awaiting-socket' | 'awaiting-connected' | 'connected' | 'closed';
type DataMessage = Extract<ServerMessage, { msg: 'added' | 'changed' | 'removed' | 'ready' | 'updated' | 'nosub' }>;

interface MethodBlock {
  readonly wait: boolean;
  methods: MethodInvoker[];
}

const defaultLog = (message: string, detail?: unknown): void => {
  if (detail === undefined) console.warn(`[ddp-client] ${message}`);
  else console.warn(`[ddp-client] ${message}`, detail);
};

export class Connection {
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
  readonly #stubDocs = new StubDocuments();
  readonly #stubs = new Map<string, MethodStub>();
  #nextMethodId = 1;
  readonly #invokers = new Map<string, MethodInvoker>();
  #blocks: MethodBlock[] = [];
  readonly #subs = new Map<string, SubscriptionRecord>();

  // Quiescence after a new session replaced an old one, or while a `wait` method runs.
  #bufferedUntilQuiescence: DataMessage[] = [];
  readonly #methodsBlockingQuiescence = new Set<string>();
  readonly #subsBeingRevived = new Set<string>();
  #resetStores = false;

  // Stubs run one at a time, in call order (Meteor 3's stub queue).
  #stubQueue: Promise<void> = Promise.resolve();
  #stubQueueDepth = 0;
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
    const pending = [...this.#invokers.values()];
    this.#blocks = [];
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
    if (typeof name !== 'string' || name === '') throw new TypeError('subscribe: name must be a non-empty string');
    const { params, callbacks } = splitSubscribeArgs(rest);
    let record: SubscriptionRecord | undefined;
    if (inComputation()) {
      for (const sub of this.#subs.values()) {
        if (sub.inactive && sub.name === name && EJSON.equals(sub.params as unknown[], params as unknown[])) {
          record = sub;
          break;
        }
      }
    }
    if (record !== undefined) {
      record.inactive = false;
      if (callbacks.onReady !== undefined) {
        if (record.ready) this.#callApp('onReady', callbacks.onReady);
        else record.callbacks.onReady = callbacks.onReady;
      }
      if (callbacks.onStop !== undefined) record.callbacks.onStop = callbacks.onStop;
    } else {
      record = new SubscriptionRecord(Random.id(), name, EJSON.clone(params as unknown[]), { ...callbacks });
      this.#subs.set(record.id, record);
      this.#sendSub(record);
    }
    const id = record.id;
    const readyDep = record.readyDep;
    const handle: SubscriptionHandle = {
      subscriptionId: id,
      stop: () => this.#stopSub(id),
      ready: () => {
        readyDep.depend();
        return this.#subs.get(id)?.ready ?? false;
      },
    };
    if (inComputation()) {
      onInvalidate(() => {
        const sub = this.#subs.get(id);
        if (sub !== undefined) sub.inactive = true;
        afterFlush(() => {
          if (this.#subs.get(id)?.inactive === true) handle.stop();
        });
      });
    }
    return handle;
  }

  // ── methods ───────────────────────────────────────────────────────────────────

  /** Defines client stubs. */
  methods(stubs: Record<string, MethodStub>): void {
    if (typeof stubs !== 'object' || stubs === null) throw new TypeError('methods() takes an object of functions');
    for (const [name, fn] of Object.entries(stubs)) {
      if (typeof fn !== 'function') throw new TypeError(`Method '${name}' must be a function`);
      if (this.#stubs.has(name)) throw new Error(`A method named '${name}' is already defined`);
      this.#stubs.set(name, fn);
    }
  }

  /** `call(name, ...args, callback?)`. */
  call(name: string, ...rest: unknown[]): unknown {
    const last = rest[rest.length - 1];
    if (typeof last === 'function') return this.apply(name, rest.slice(0, -1), {}, last as MethodCallback);
    return this.apply(name, rest);
  }

  /**
   * Runs the stub now (unless async stubs are pending, in which case the call is
   * queued behind them) and sends the method. Returns the stub's value only with
   * `returnStubValue`.
   */
  apply(name: string, args: readonly unknown[] = [], options: ApplyOptions = {}, callback?: MethodCallback): unknown {
    validateApply(name, args, options, callback);
    if (this.#stubQueueDepth > 0 && currentInvocation() === undefined) {
      this.#enqueueStub(() => {
        this.#invokeSync(name, args, options, callback);
      });
      return undefined;
    }
    return this.#invokeSync(name, args, options, callback);
  }

  callAsync(name: string, ...args: unknown[]): MethodPromise {
    return this.applyAsync(name, args);
  }

  /**
   * Resolves with the server's result once its data is visible. `stubPromise` settles
   * with the stub's outcome, `serverPromise` is the same as the promise itself.
   */
  applyAsync(name: string, args: readonly unknown[] = [], options: ApplyOptions = {}, callback?: MethodCallback): MethodPromise {
    validateApply(name, args, options, callback);
    let settleStub!: (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => void;
    const stubOutcome = new Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>((resolve) => (settleStub = resolve));
    const server = new Promise<unknown>((resolve, reject) => {
      const done: MethodCallback = (error, result) => {
        if (callback !== undefined) this.#callApp('method callback', () => callback(error, result));
        if (error !== undefined && error !== null) reject(error);
        else resolve(result);
      };
      const fail = (error: unknown) => {
        settleStub({ ok: false, error });
        reject(error);
      };
      const run = (): void | Promise<void> => {
        try {
          const pending = this.#invokeAsync(name, args, options, done, settleStub);
          return pending === undefined ? undefined : pending.catch(fail);
        } catch (error) {
          fail(error);
          return undefined;
        }
      };
      // Inside a stub: simulated at once. From an onReconnect hook with no stub pending: at
      // once too, so the call (e.g. the resume login) is queued before outstanding methods.
      if (currentInvocation() !== undefined || (this.#inReconnectHooks && this.#stubQueueDepth === 0)) void run();
      else this.#enqueueStub(run);
    });
    const stubPromise = stubOutcome.then((o) => {
      if (!o.ok) throw o.error;
      return o.value;
    });
    // Callers often ignore one of the two; an unobserved rejection there is not an app error.
    stubPromise.catch(() => {});
    return Object.assign(server, { stubPromise, serverPromise: server });
  }

  // ── internals: methods ────────────────────────────────────────────────────────

  /**
   * Stubs run one at a time in call order (Meteor 3's stub queue): while an async stub is
   * pending, the current-invocation slot is its invocation, so app code must not run
   * method calls in between.
   */
  #enqueueStub(task: () => void | Promise<void>): void {
    this.#stubQueueDepth += 1;
    this.#stubQueue = this.#stubQueue
      .then(task)
      .catch((error: unknown) => this.#log('exception in a queued method call', error))
      .finally(() => {
        this.#stubQueueDepth -= 1;
      });
  }

  #prepareStub(name: string): { invocation: ClientMethodInvocation; seed: () => string | undefined } | undefined {
    if (!this.#stubs.has(name)) return undefined;
    const enclosing = currentInvocation();
    let randomSeed: string | undefined;
    const invocation = new ClientMethodInvocation({
      name,
      userId: this.#userId,
      isFromCallAsync: false,
      setUserId: (id) => this.setUserId(id),
      randomSeed: () => (randomSeed ??= makeRpcSeed(enclosing, name)),
    });
    if (enclosing === undefined) {
      if (!this.#waitingForQuiescence()) this.#flushStores();
      this.#stores.saveOriginals();
    }
    return { invocation, seed: () => randomSeed };
  }

  #invokeSync(name: string, args: readonly unknown[], options: ApplyOptions, callback: MethodCallback | undefined): unknown {
    const enclosing = currentInvocation();
    const prepared = this.#prepareStub(name);
    let stubValue: unknown;
    let stubError: { error: unknown } | undefined;
    if (prepared !== undefined) {
      const stub = this.#stubs.get(name) as MethodStub;
      try {
        stubValue = withInvocation(prepared.invocation, () => stub.apply(prepared.invocation, EJSON.clone(args as unknown[])));
        if (isThenable(stubValue)) {
          this.#log(`Method '${name}' has an async stub; use callAsync so it runs before the call is sent`);
        }
      } catch (error) {
        stubError = { error };
      }
    }
    if (enclosing !== undefined) {
      // A call from inside a stub is simulated only; the outer method's RPC covers it.
      if (callback !== undefined) {
        callback(stubError?.error, stubValue);
        return undefined;
      }
      if (stubError !== undefined) throw stubError.error;
      return stubValue;
    }
    this.#sendMethod(name, args, options, callback ?? this.#logMethodError(name), prepared?.seed(), prepared !== undefined, stubError);
    return options.returnStubValue === true ? stubValue : undefined;
  }

  /** Synchronous unless the stub returns a promise, so sync stubs never wait a tick. */
  #invokeAsync(
    name: string,
    args: readonly unknown[],
    options: ApplyOptions,
    done: MethodCallback,
    settleStub: (o: { ok: true; value: unknown } | { ok: false; error: unknown }) => void,
  ): void | Promise<void> {
    const enclosing = currentInvocation();
    const prepared = this.#prepareStub(name);
    const finish = (stubError: { error: unknown } | undefined, stubValue: unknown): void => {
      settleStub(stubError === undefined ? { ok: true, value: stubValue } : { ok: false, error: stubError.error });
      if (enclosing !== undefined) {
        done(stubError?.error, stubValue);
        return;
      }
      this.#sendMethod(name, args, options, done, prepared?.seed(), prepared !== undefined, stubError);
    };
    if (prepared === undefined) return finish(undefined, undefined);
    const stub = this.#stubs.get(name) as MethodStub;
    const restore = enterInvocation(prepared.invocation);
    // Server data must not land in the stores while the stub's originals are recorded.
    this.#stores.hold();
    const leave = () => {
      restore();
      this.#stores.release();
    };
    let value: unknown;
    try {
      value = stub.apply(prepared.invocation, EJSON.clone(args as unknown[]));
    } catch (error) {
      leave();
      return finish({ error }, undefined);
    }
    if (!isThenable(value)) {
      leave();
      return finish(undefined, value);
    }
    return Promise.resolve(value).then(
      (resolved) => {
        leave();
        finish(undefined, resolved);
      },
      (error: unknown) => {
        leave();
        finish({ error }, undefined);
      },
    );
  }

  #sendMethod(
    name: string,
    args: readonly unknown[],
    options: ApplyOptions,
    callback: MethodCallback,
    randomSeed: string | undefined,
    hadStub: boolean,
    stubError: { error: unknown } | undefined,
  ): void {
    const methodId = String(this.#nextMethodId++);
    if (hadStub) {
      const originals = this.#stores.retrieveOriginals();
      if (stubError !== undefined && options.throwStubExceptions === true) {
        // The call is abandoned, so whatever the stub wrote before throwing is undone.
        for (const [collection, docs] of originals) {
          for (const [id, before] of docs) this.#stores.push({ msg: 'replace', collection, id, replace: before });
        }
        this.#flushStores();
        throw stubError.error;
      }
      this.#stubDocs.recordStubWrites(methodId, originals);
    }
    if (stubError !== undefined) this.#log(`Exception while simulating the effect of invoking '${name}'`, stubError.error);
    const invoker = new MethodInvoker({
      message: {
        msg: 'method',
        id: methodId,
        method: name,
        params: EJSON.clone(args as unknown[]),
        ...(randomSeed === undefined ? {} : { randomSeed }),
      },
      wait: options.wait === true,
      noRetry: options.noRetry === true,
      callback: (error, result) => this.#callApp(`callback of '${name}'`, () => callback(error, result)),
      ...(options.onResultReceived === undefined ? {} : { onResultReceived: options.onResultReceived }),
      send: (message) => {
        if (options.wait === true) this.#methodsBlockingQuiescence.add(message.id);
        return this.#send(message);
      },
      onFinished: (finished) => {
        this.#invokers.delete(finished.methodId);
        this.#outstandingMethodFinished();
      },
    });
    this.#invokers.set(methodId, invoker);
    this.#addOutstanding(invoker);
  }

  #logMethodError(name: string): MethodCallback {
    return (error) => {
      if (error !== undefined && error !== null) this.#log(`Error invoking Method '${name}'`, error);
    };
  }

  #addOutstanding(invoker: MethodInvoker): void {
    const last = this.#blocks[this.#blocks.length - 1];
    if (invoker.wait) this.#blocks.push({ wait: true, methods: [invoker] });
    else if (last === undefined || last.wait) this.#blocks.push({ wait: false, methods: [invoker] });
    else last.methods.push(invoker);
    if (this.#blocks.length === 1) invoker.sendMessage();
  }

  #outstandingMethodFinished(): void {
    for (const invoker of this.#invokers.values()) if (invoker.sentMessage) return;
    const finished = this.#blocks.shift();
    if (finished !== undefined && finished.methods.length > 0) {
      this.#log('internal: a method block finished with methods still unanswered');
    }
    this.#sendFirstBlock();
  }

  #sendFirstBlock(): void {
    for (const invoker of this.#blocks[0]?.methods ?? []) if (!invoker.sentMessage) invoker.sendMessage();
  }

  // ── internals: subscriptions ──────────────────────────────────────────────────

  #sendSub(record: SubscriptionRecord): void {
    record.sent = this.#send({ msg: 'sub', id: record.id, name: record.name, params: [...record.params] });
  }

  #stopSub(id: string): void {
    const record = this.#subs.get(id);
    if (record === undefined) return;
    this.#send({ msg: 'unsub', id });
    this.#subs.delete(id);
    record.state = 'stopped';
    record.readyDep.changed();
    const onStop = record.callbacks.onStop;
    if (onStop !== undefined) this.#callApp('onStop', () => onStop());
  }

  #markReady(id: string): void {
    const record = this.#subs.get(id);
    if (record === undefined || record.ready) return;
    record.state = 'ready';
    const onReady = record.callbacks.onReady;
    if (onReady !== undefined) this.#callApp('onReady', onReady);
    record.readyDep.changed();
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
      for (const sub of this.#subs.values()) if (!sub.sent) this.#sendSub(sub);
      for (const invoker of this.#blocks[0]?.methods ?? []) invoker.transmitIfDropped();
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
    this.#bufferedUntilQuiescence = [];
    this.#methodsBlockingQuiescence.clear();
    this.#subsBeingRevived.clear();
    for (const sub of this.#subs.values()) {
      sub.sent = false;
      if (sub.ready) this.#subsBeingRevived.add(sub.id);
    }

    const first = this.#blocks[0];
    if (first !== undefined) {
      first.methods = first.methods.filter((invoker) => {
        if (invoker.sentMessage && invoker.noRetry) {
          invoker.receiveResult(invocationFailedError());
          return false;
        }
        return true;
      });
      if (first.methods.length === 0) this.#blocks.shift();
    }
    for (const invoker of this.#invokers.values()) {
      invoker.markUnsent();
      // Answered on the old session but its data never became visible: the reset
      // at quiescence is the closest thing to "visible", so finish it then.
      if (invoker.gotResult()) this.#stores.afterUpdate(() => invoker.dataVisible());
    }

    // onReconnect hooks (e.g. accounts' resume login, a `wait` method) go before the
    // methods that were outstanding.
    const saved = this.#blocks;
    this.#blocks = [];
    this.#inReconnectHooks = true;
    try {
      this.#callApp('onReconnect', () => this.onReconnect?.());
      runReconnectHooks(this, (error) => this.#log('exception in an onReconnect callback', error));
    } finally {
      this.#inReconnectHooks = false;
    }
    for (const block of saved) {
      const last = this.#blocks[this.#blocks.length - 1];
      if (last !== undefined && !last.wait && !block.wait) last.methods.push(...block.methods);
      else this.#blocks.push(block);
    }
    this.#sendFirstBlock();
    for (const invoker of this.#invokers.values()) if (invoker.sentMessage) this.#methodsBlockingQuiescence.add(invoker.methodId);
    for (const sub of this.#subs.values()) if (!sub.sent) this.#sendSub(sub);

    if (!this.#waitingForQuiescence()) this.#flushStores();
  }

  #sendUnsent(): void {
    for (const sub of this.#subs.values()) if (!sub.sent) this.#sendSub(sub);
    this.#sendFirstBlock();
    for (const invoker of this.#blocks[0]?.methods ?? []) invoker.transmitIfDropped();
  }

  #forgetSent(): void {
    for (const sub of this.#subs.values()) sub.sent = false;
    for (const invoker of this.#invokers.values()) if (!invoker.gotResult()) invoker.markUnsent();
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    if (this.#heartbeatInterval <= 0 || this.#version === 'pre1') return;
    this.#heartbeat = new Heartbeat({
      interval: this.#heartbeatInterval,
      timeout: this.#heartbeatTimeout,
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
      case 'updated':
        this.#onData(message);
        return;
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
    if (isWrite && !this.#resetStores) this.#stores.scheduleFlush();
    else this.#flushStores();
  }

  #processData(message: DataMessage): void {
    switch (message.msg) {
      case 'added':
      case 'changed':
      case 'removed': {
        const update = this.#stubDocs.absorb(toStoreUpdate(message), (m) => this.#log(m));
        if (update !== undefined) this.#stores.push(update);
        return;
      }
      case 'ready':
        for (const id of message.subs) this.#whenFlushed(() => this.#markReady(id));
        return;
      case 'updated':
        for (const methodId of message.methods) {
          const replacements = this.#stubDocs.methodDataDone(
            methodId,
            (collection, id) => this.#stores.getDoc(collection, id),
            (fn) => this.#stores.afterUpdate(fn),
          );
          for (const update of replacements) this.#stores.push(update);
          const invoker = this.#invokers.get(methodId);
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
      (methodId) => this.#invokers.get(methodId)?.sentMessage === true,
      () => this.#stores.afterUpdate(fn),
    );
  }

  #onNosub(message: NosubMessage): void {
    this.#onData(message);
    const record = this.#subs.get(message.id);
    if (record === undefined) return;
    this.#subs.delete(message.id);
    record.state = 'stopped';
    record.readyDep.changed();
    const error = message.error === undefined ? undefined : meteorErrorFromWire(message.error);
    const onStop = record.callbacks.onStop;
    if (onStop !== undefined) this.#callApp('onStop', () => onStop(error));
    else if (error !== undefined) this.#log(`subscription '${record.name}' stopped with an error`, error);
  }

  #onResult(message: ResultMessage): void {
    if (this.#stores.hasBuffered && !this.#waitingForQuiescence()) this.#flushStores();
    const block = this.#blocks[0];
    const index = block?.methods.findIndex((m) => m.methodId === message.id) ?? -1;
    const invoker = index >= 0 ? block?.methods[index] : undefined;
    if (block === undefined || invoker === undefined) {
      this.#log(`result for a method that is not outstanding: ${message.id}`);
      return;
    }
    block.methods.splice(index, 1);
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
    const mayUseSocket =
      this.#handshake === 'connected' || (this.#handshake === 'awaiting-connected' && this.#sessionId === undefined);
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

function toStoreUpdate(message: Extract<DataMessage, { msg: 'added' | 'changed' | 'removed' }>): Extract<StoreUpdate, { msg: 'added' | 'changed' | 'removed' }> {
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

function splitSubscribeArgs(rest: unknown[]): { params: unknown[]; callbacks: SubscriptionCallbacks } {
  const last = rest[rest.length - 1];
  if (typeof last === 'function') return { params: rest.slice(0, -1), callbacks: { onReady: last as () => void } };
  if (typeof last === 'object' && last !== null) {
    const candidate = last as Record<string, unknown>;
    const { onReady, onStop, onError } = candidate;
    if (typeof onReady === 'function' || typeof onStop === 'function' || typeof onError === 'function') {
      const callbacks: SubscriptionCallbacks = {};
      if (typeof onReady === 'function') callbacks.onReady = onReady as () => void;
      if (typeof onStop === 'function') callbacks.onStop = onStop as SubscriptionCallbacks['onStop'];
      else if (typeof onError === 'function') {
        const onErr = onError as (e: unknown) => void;
        callbacks.onStop = (e) => {
          if (e !== undefined) onErr(e);
        };
      }
      return { params: rest.slice(0, -1), callbacks };
    }
  }
  return { params: rest, callbacks: {} };
}

function validateApply(name: unknown, args: unknown, options: unknown, callback: unknown): void {
  if (typeof name !== 'string' || name === '') throw new TypeError('method name must be a non-empty string');
  if (!Array.isArray(args)) throw new TypeError(`arguments of '${name}' must be an array`);
  if (typeof options !== 'object' || options === null) throw new TypeError(`options of '${name}' must be an object`);
  if (callback !== undefined && typeof callback !== 'function') throw new TypeError(`callback of '${name}' must be a function`);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
