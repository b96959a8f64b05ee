import type { MethodMessage } from '@perseid/ddp-protocol';
import { EJSON } from '@perseid/ejson';
import { makeRpcSeed } from '@perseid/random';
import { ClientMethodInvocation } from './client-method-invocation';
import { currentInvocation, enterInvocation, withInvocation } from './current-invocation';
import { isThenable } from './is-thenable';
import type { MethodBlocks } from './method-blocks';
import { MethodInvoker, type MethodCallback } from './method-invoker';
import type { Fields } from './store';
import type { StoreRegistry } from './store-registry';
import type { StubDocuments } from './stub-documents';

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
  /**
   * The call's randomSeed, instead of a new one: a durable outbox replaying a call after a reload
   * passes the stored seed, so the stub makes the same ids and the server recognises the replay.
   */
  readonly randomSeed?: string;
}

/** A call as a durable outbox keeps it. */
export interface KeptCall {
  readonly name: string;
  readonly params: readonly unknown[];
  readonly randomSeed: string;
}

/** Lets a durable outbox keep chosen calls until the server answers them (see DurableOutbox). */
export interface MethodCallHook {
  /** Calls of `name` get a randomSeed even without a stub, so a replay can be recognised. */
  keeps(name: string): boolean;
  /** The call is being sent; the returned function is told its outcome. */
  keep(call: KeptCall): (error: unknown) => void;
}

// biome-ignore lint/suspicious/noExplicitAny: a stub receives whatever the caller passed; its parameter types are the app's business
export type MethodStub = (this: ClientMethodInvocation, ...args: any[]) => unknown;

/** `callAsync`'s promise: resolves with the server result; also exposes the stub's. */
export type MethodPromise<T = unknown> = Promise<T> & {
  readonly stubPromise: Promise<unknown>;
  readonly serverPromise: Promise<T>;
};

/** What the method machinery needs from its connection. */
export interface MethodCallerHost {
  readonly stores: StoreRegistry;
  readonly stubDocs: StubDocuments;
  readonly methods: MethodBlocks;
  userId(): string | null;
  setUserId(userId: string | null): void;
  /** Session traffic; false if no socket of the current session took it. */
  send(message: MethodMessage): boolean;
  /** A `wait` method holds back data messages until its `updated`. */
  blockQuiescence(methodId: string): void;
  waitingForQuiescence(): boolean;
  flushStores(): void;
  /** True while onReconnect hooks run: their calls must not wait behind queued stubs. */
  inReconnectHooks(): boolean;
  callApp(what: string, fn: () => void): void;
  log(message: string, detail?: unknown): void;
}

/**
 * Client method calls: stubs (latency compensation), the stub queue, and handing the
 * call to the method blocks. Stubs run one at a time in call order (Meteor 3's stub
 * queue): while an async stub is pending, the current-invocation slot is its
 * invocation, so app code must not make method calls in between.
 */
export class MethodCaller {
  readonly #stubs = new Map<string, MethodStub>();
  #nextMethodId = 1;
  /** Ids of simulated calls another tab makes; never numeric, so never a DDP method id of ours. */
  #nextShadowId = 1;
  #stubQueue: Promise<void> = Promise.resolve();
  #stubQueueDepth = 0;
  #hook: MethodCallHook | undefined;

  readonly #host: MethodCallerHost;

  constructor(host: MethodCallerHost) {
    this.#host = host;
  }

  /** Installs (or with undefined removes) the durable outbox's hook. */
  setHook(hook: MethodCallHook | undefined): void {
    this.#hook = hook;
  }

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
        if (callback !== undefined) this.#host.callApp('method callback', () => callback(error, result));
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
      if (currentInvocation() !== undefined || (this.#host.inReconnectHooks() && this.#stubQueueDepth === 0)) void run();
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

  /**
   * Runs `name`'s stub with `randomSeed` and sends nothing: another tab of this app makes the
   * call, and this one shows its effect meanwhile. Resolves with the id its writes are held
   * under (see StubDocuments), undefined when there is no stub; the stub's exception is logged.
   */
  simulate(name: string, args: readonly unknown[], randomSeed: string): Promise<string | undefined> {
    validateApply(name, args, {}, undefined);
    return new Promise((resolve) => {
      this.#enqueueStub(() => {
        const prepared = this.#prepareStub(name, randomSeed);
        if (prepared === undefined) return resolve(undefined);
        const stub = this.#stubs.get(name) as MethodStub;
        const restore = enterInvocation(prepared.invocation);
        this.#host.stores.hold();
        const finish = (stubError: { error: unknown } | undefined): void => {
          restore();
          // The originals are taken before the stores apply server data held during the stub:
          // that data is the server's, not this stub's writes.
          const originals = this.#host.stores.retrieveOriginals();
          this.#host.stores.release();
          const shadowId = `shadow-${this.#nextShadowId++}`;
          this.#host.stubDocs.recordStubWrites(shadowId, originals);
          if (stubError !== undefined) this.#host.log(`Exception while simulating the effect of '${name}' made in another tab`, stubError.error);
          resolve(shadowId);
        };
        let value: unknown;
        try {
          value = stub.apply(prepared.invocation, EJSON.clone(args as unknown[]));
        } catch (error) {
          return finish({ error });
        }
        if (!isThenable(value)) return finish(undefined);
        return Promise.resolve(value).then(
          () => finish(undefined),
          (error: unknown) => finish({ error }),
        );
      });
    });
  }

  /**
   * Sends a call whose stub `simulate` already ran here (held under `shadowId`) without running
   * it again: the shown writes become this call's, pending until its `updated`. Queued behind
   * the stubs before it, as any call. Resolves as applyAsync does.
   */
  sendShown(name: string, args: readonly unknown[], randomSeed: string, shadowId: string | undefined): Promise<unknown> {
    validateApply(name, args, {}, undefined);
    return new Promise((resolve, reject) => {
      this.#enqueueStub(() => {
        const done: MethodCallback = (error, result) => {
          if (error !== undefined && error !== null) reject(error);
          else resolve(result);
        };
        this.#sendMethod(name, args, { randomSeed }, done, randomSeed, undefined, undefined, shadowId);
      });
    });
  }

  /**
   * Stubs run one at a time in call order (Meteor 3's stub queue): while an async stub is
   * pending, the current-invocation slot is its invocation, so app code must not run
   * method calls in between.
   */
  #enqueueStub(task: () => void | Promise<void>): void {
    this.#stubQueueDepth += 1;
    this.#stubQueue = this.#stubQueue
      .then(task)
      .catch((error: unknown) => this.#host.log('exception in a queued method call', error))
      .finally(() => {
        this.#stubQueueDepth -= 1;
      });
  }

  #prepareStub(name: string, givenSeed: string | undefined): { invocation: ClientMethodInvocation; seed: () => string | undefined } | undefined {
    if (!this.#stubs.has(name)) return undefined;
    const enclosing = currentInvocation();
    let randomSeed: string | undefined = enclosing === undefined ? givenSeed : undefined;
    const invocation = new ClientMethodInvocation({
      name,
      userId: this.#host.userId(),
      isFromCallAsync: false,
      setUserId: (id) => this.#host.setUserId(id),
      randomSeed: () => (randomSeed ??= makeRpcSeed(enclosing, name)),
    });
    if (enclosing === undefined) {
      if (!this.#host.waitingForQuiescence()) this.#host.flushStores();
      this.#host.stores.saveOriginals();
    }
    return { invocation, seed: () => randomSeed };
  }

  #invokeSync(name: string, args: readonly unknown[], options: ApplyOptions, callback: MethodCallback | undefined): unknown {
    const enclosing = currentInvocation();
    const prepared = this.#prepareStub(name, options.randomSeed);
    let stubValue: unknown;
    let stubError: { error: unknown } | undefined;
    if (prepared !== undefined) {
      const stub = this.#stubs.get(name) as MethodStub;
      try {
        stubValue = withInvocation(prepared.invocation, () => stub.apply(prepared.invocation, EJSON.clone(args as unknown[])));
        if (isThenable(stubValue)) {
          this.#host.log(`Method '${name}' has an async stub; use callAsync so it runs before the call is sent`);
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
    const originals = prepared === undefined ? undefined : this.#host.stores.retrieveOriginals();
    this.#sendMethod(name, args, options, callback ?? this.#logMethodError(name), prepared?.seed(), originals, stubError);
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
    const prepared = this.#prepareStub(name, options.randomSeed);
    let originals: Map<string, Map<string, Fields | undefined>> | undefined;
    const finish = (stubError: { error: unknown } | undefined, stubValue: unknown): void => {
      settleStub(stubError === undefined ? { ok: true, value: stubValue } : { ok: false, error: stubError.error });
      if (enclosing !== undefined) {
        done(stubError?.error, stubValue);
        return;
      }
      this.#sendMethod(name, args, options, done, prepared?.seed(), originals, stubError);
    };
    if (prepared === undefined) return finish(undefined, undefined);
    const stub = this.#stubs.get(name) as MethodStub;
    const restore = enterInvocation(prepared.invocation);
    // Server data must not land in the stores while the stub's originals are recorded.
    this.#host.stores.hold();
    const leave = () => {
      restore();
      // Taken before the stores apply the server data held during the stub: that data is the
      // server's, not this stub's writes (a nested stub's writes are the outer one's).
      if (enclosing === undefined) originals = this.#host.stores.retrieveOriginals();
      this.#host.stores.release();
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
    /** What the stub wrote (collection → id → fields before it); undefined: no stub ran. */
    originals: Map<string, Map<string, Fields | undefined>> | undefined,
    stubError: { error: unknown } | undefined,
    shownAs?: string,
  ): void {
    const methodId = String(this.#nextMethodId++);
    const hook = this.#hook;
    const seed = randomSeed ?? options.randomSeed ?? (hook?.keeps(name) === true ? makeRpcSeed(undefined, name) : undefined);
    const kept = seed !== undefined && hook?.keeps(name) === true ? hook.keep({ name, params: args, randomSeed: seed }) : undefined;
    if (originals !== undefined) {
      if (stubError !== undefined && options.throwStubExceptions === true) {
        // The call is abandoned, so whatever the stub wrote before throwing is undone.
        for (const [collection, docs] of originals) {
          for (const [id, before] of docs) this.#host.stores.push({ msg: 'replace', collection, id, replace: before });
        }
        this.#host.flushStores();
        throw stubError.error;
      }
      this.#host.stubDocs.recordStubWrites(methodId, originals);
    } else if (shownAs !== undefined) {
      this.#host.stubDocs.transfer(shownAs, methodId);
    }
    if (stubError !== undefined) this.#host.log(`Exception while simulating the effect of invoking '${name}'`, stubError.error);
    const invoker = new MethodInvoker({
      message: {
        msg: 'method',
        id: methodId,
        method: name,
        params: EJSON.clone(args as unknown[]),
        ...(seed === undefined ? {} : { randomSeed: seed }),
      },
      wait: options.wait === true,
      noRetry: options.noRetry === true,
      callback: (error, result) => {
        if (kept !== undefined) this.#host.callApp(`outbox of '${name}'`, () => kept(error));
        this.#host.callApp(`callback of '${name}'`, () => callback(error, result));
      },
      ...(options.onResultReceived === undefined ? {} : { onResultReceived: options.onResultReceived }),
      send: (message) => {
        if (options.wait === true) this.#host.blockQuiescence(message.id);
        return this.#host.send(message);
      },
      onFinished: (finished) => this.#host.methods.finished(finished),
    });
    this.#host.methods.add(invoker);
  }

  #logMethodError(name: string): MethodCallback {
    return (error) => {
      if (error !== undefined && error !== null) this.#host.log(`Error invoking Method '${name}'`, error);
    };
  }
}

function validateApply(name: unknown, args: unknown, options: unknown, callback: unknown): void {
  if (typeof name !== 'string' || name === '') throw new TypeError('method name must be a non-empty string');
  if (!Array.isArray(args)) throw new TypeError(`arguments of '${name}' must be an array`);
  if (typeof options !== 'object' || options === null) throw new TypeError(`options of '${name}' must be an object`);
  if (callback !== undefined && typeof callback !== 'function') throw new TypeError(`callback of '${name}' must be a function`);
}
