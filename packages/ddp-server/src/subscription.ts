/**
 * `this` inside a publish handler, and the server's record of one subscription (Meteor's
 * Subscription).
 *
 *   starting ──ready()──► ready ──stop()/unsub──► stopped
 *      └──error()/throw──► stopped (nosub with error)
 *
 * A subscription is "deactivated" once stopped or replaced (setUserId re-runs every
 * subscription): from then on its added/changed/removed calls are ignored, so late observer
 * callbacks cannot touch the session.
 */
import { failIfArgumentsAreNotAllChecked } from '@perseid/check';
import { idStringify } from '@perseid/ddp-protocol';
import type { ConnectionHandle } from './connection-handle';
import type { Fields } from './document-view';
import { currentPublicationInvocation } from './environment';
import { isPublishableCursor, type PublishableCursor } from './publishable-cursor';
import type { RandomStreamScope } from '@perseid/random';

export type SubscriptionState = 'starting' | 'ready' | 'stopped';

/** A publish handler: `this` is the subscription; params arrive as the client sent them. */
export type PublishHandler = (this: Subscription, ...params: never[]) => unknown;

/** What a subscription needs from its session. */
export interface SubscriptionHost {
  readonly connection: ConnectionHandle | null;
  readonly userId: string | null;
  added(sub: Subscription, collection: string, id: string, fields: Fields): void;
  changed(sub: Subscription, collection: string, id: string, fields: Fields): void;
  removed(sub: Subscription, collection: string, id: string): void;
  /**
   * Whether `sub` must remember the ids it publishes in `collection` so that stopping it removes
   * them: false when the strategy removes nothing on stop, or when the host's mergebox already
   * records each document's publishers (those come from `heldBy`).
   */
  accounts(collection: string): boolean;
  /** Documents `sub` publishes that the host's mergebox records, by collection (removed when it stops). */
  heldBy(sub: Subscription): Array<[collection: string, ids: string[]]>;
  sendReady(sub: Subscription): void;
  sendNosub(sub: Subscription, error: unknown): void;
  /** The subscription ended on its own (stop()/error()); the host forgets it. */
  forget(sub: Subscription): void;
  reportError(context: string, error: unknown): void;
}

export class Subscription implements RandomStreamScope {
  /** Subscriptions carry no seed: ids generated in a publication are not reproducible. */
  readonly randomSeed: undefined = undefined;
  #state: SubscriptionState = 'starting';
  #deactivated = false;
  readonly #stopCallbacks: Array<() => void | Promise<void>> = [];
  /** Ids published, by collection, where the host asked for them (see SubscriptionHost.accounts). */
  #documents: Map<string, Set<string>> | undefined;
  readonly #unblock: () => void;

  constructor(
    readonly host: SubscriptionHost,
    readonly handler: PublishHandler,
    /** The client's subscription id; null for a universal (unnamed) publication. */
    readonly id: string | null,
    readonly name: string | null,
    readonly params: readonly unknown[],
    unblock: () => void = () => {},
    /** Fail the subscription unless the handler check()ed every param (audit-argument-checks). */
    readonly auditArguments = false,
  ) {
    this.#unblock = unblock;
  }

  get state(): SubscriptionState {
    return this.#state;
  }

  get userId(): string | null {
    return this.host.userId;
  }

  get connection(): ConnectionHandle | null {
    return this.host.connection;
  }

  get isDeactivated(): boolean {
    return this.#deactivated;
  }

  /** Lets the session handle the client's next message while this handler still runs. */
  unblock(): void {
    this.#unblock();
  }

  /** Runs the handler and publishes what it returns. Never throws: failures end in nosub. */
  async run(): Promise<void> {
    let result: unknown;
    try {
      const run = this.handler as (...p: unknown[]) => unknown;
      result = await currentPublicationInvocation.withValue(this, () =>
        this.auditArguments
          ? failIfArgumentsAreNotAllChecked(run, this, this.params, `publisher '${this.name ?? '(universal)'}'`)
          : run.apply(this, [...this.params]),
      );
    } catch (error) {
      this.error(error);
      return;
    }
    if (this.#deactivated) return;
    await this.#publishResult(result);
  }

  async #publishResult(result: unknown): Promise<void> {
    const cursors: PublishableCursor[] = [];
    if (isPublishableCursor(result)) cursors.push(result);
    else if (Array.isArray(result) && result.every(isPublishableCursor)) cursors.push(...result);
    else if (result !== undefined && !(Array.isArray(result) && result.length === 0)) {
      this.error(new Error('Publish function can only return a Cursor or an array of Cursors'));
      return;
    }
    // undefined: the handler manages readiness itself; [] is "no cursors", ready at once (Meteor).
    if (cursors.length === 0) {
      if (Array.isArray(result)) this.ready();
      return;
    }
    const names = new Set<string>();
    for (const cursor of cursors) {
      const name = cursor._getCollectionName();
      if (names.has(name)) {
        this.error(new Error(`Publish function returned multiple cursors for collection ${name}`));
        return;
      }
      names.add(name);
    }
    try {
      for (const cursor of cursors) {
        const handle = await cursor._publishCursor(this);
        if (this.#deactivated) {
          handle.stop();
          return;
        }
        this.onStop(() => handle.stop());
      }
    } catch (error) {
      this.error(error);
      return;
    }
    this.ready();
  }

  /** Publishes a document (Meteor's `this.added`). `id` may be any Mongo id; it is stringified. */
  added(collection: string, id: unknown, fields: Fields = {}): void {
    if (this.#deactivated) return;
    const wireId = idStringify(id);
    if (this.host.accounts(collection)) {
      const documents = (this.#documents ??= new Map());
      let ids = documents.get(collection);
      if (ids === undefined) documents.set(collection, (ids = new Set()));
      ids.add(wireId);
    }
    this.host.added(this, collection, wireId, fields);
  }

  /** Changes published fields; `undefined` values clear fields. */
  changed(collection: string, id: unknown, fields: Fields): void {
    if (this.#deactivated) return;
    this.host.changed(this, collection, idStringify(id), fields);
  }

  /** Stops publishing a document. */
  removed(collection: string, id: unknown): void {
    if (this.#deactivated) return;
    const wireId = idStringify(id);
    this.#documents?.get(collection)?.delete(wireId);
    this.host.removed(this, collection, wireId);
  }

  /** Tells the client the initial batch is complete. Later calls do nothing. */
  ready(): void {
    if (this.#deactivated || this.#state !== 'starting') return;
    this.#state = 'ready';
    if (this.id !== null) this.host.sendReady(this);
  }

  /** Ends the subscription with an error the client sees in `nosub` (non-Meteor errors → 500). */
  error(error: unknown): void {
    this.#end(error);
  }

  /** Ends the subscription from the server side; the client loses its documents, then gets `nosub`. */
  stop(): void {
    this.#end(undefined);
  }

  // As Meteor's _stopSubscription: the documents go first, so `nosub` follows their `removed`.
  #end(error: unknown): void {
    if (this.#deactivated) return;
    this.host.forget(this);
    const stopped = this.removeAllDocumentsAndDeactivate();
    this.host.sendNosub(this, error);
    void stopped;
  }

  /** Runs `callback` when the subscription ends (immediately if it already has). */
  onStop(callback: () => void | Promise<void>): void {
    if (this.#deactivated) {
      void this.#runStopCallback(callback);
      return;
    }
    this.#stopCallbacks.push(callback);
  }

  async #runStopCallback(callback: () => void | Promise<void>): Promise<void> {
    try {
      await callback();
    } catch (error) {
      this.host.reportError(`in onStop callback of publication ${this.name ?? '(universal)'}`, error);
    }
  }

  /**
   * Stops the handler's work without telling the client anything: the mergebox this subscription
   * fed is being dropped or rebuilt (session closed, user changed), so its accounting of published
   * documents is dropped with it. The state changes synchronously; the promise settles once the
   * onStop callbacks have run. Safe to call twice.
   */
  deactivate(): Promise<void> {
    if (this.#deactivated) return Promise.resolve();
    this.#documents = undefined;
    return this.#runStopCallbacks(this.#markDeactivated());
  }

  /**
   * Removes every document this subscription still publishes (on unsub or stop), then
   * deactivates. The removal is synchronous and precedes the onStop callbacks: a session that
   * closes or rebuilds its mergebox while those callbacks run must not receive removals for
   * documents it no longer holds. Does nothing once deactivated.
   */
  removeAllDocumentsAndDeactivate(): Promise<void> {
    if (this.#deactivated) return Promise.resolve();
    const held: Array<[string, Iterable<string>]> = [...(this.#documents ?? []), ...this.host.heldBy(this)];
    this.#documents = undefined;
    const callbacks = this.#markDeactivated();
    for (const [collection, ids] of held) {
      for (const id of ids) this.host.removed(this, collection, id);
    }
    return this.#runStopCallbacks(callbacks);
  }

  /** From here on data calls are ignored; returns the onStop callbacks still to run. */
  #markDeactivated(): Array<() => void | Promise<void>> {
    this.#deactivated = true;
    this.#state = 'stopped';
    return this.#stopCallbacks.splice(0);
  }

  #runStopCallbacks(callbacks: Array<() => void | Promise<void>>): Promise<void> {
    if (callbacks.length === 0) return Promise.resolve();
    return (async () => {
      for (const callback of callbacks) await this.#runStopCallback(callback);
    })();
  }

  /** A fresh, not yet started copy (setUserId re-runs every subscription). */
  recreate(host: SubscriptionHost = this.host): Subscription {
    return new Subscription(host, this.handler, this.id, this.name, this.params, this.#unblock, this.auditArguments);
  }
}
