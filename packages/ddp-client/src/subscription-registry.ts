import type { ClientMessage } from '@perseid/ddp-protocol';
import { EJSON } from '@perseid/ejson';
import { Random } from '@perseid/random';
import type { MeteorError } from '@perseid/meteor-core';
import { afterFlush, inComputation, onInvalidate } from './reactivity';
import { SubscriptionRecord, type SubscriptionCallbacks, type SubscriptionHandle } from './subscription-record';

export interface SubscriptionRegistryHost {
  /** Session traffic; false if no socket of the current session took it. */
  send(message: ClientMessage): boolean;
  /** Runs app code, logging what it throws. */
  callApp(what: string, fn: () => void): void;
  log(message: string, detail?: unknown): void;
}

/** The subscriptions a connection holds, with Meteor's reuse across computation re-runs. */
export class SubscriptionRegistry {
  readonly #subs = new Map<string, SubscriptionRecord>();
  /** Stopped while no socket could take the `unsub`; sent when the session resumes. */
  readonly #pendingUnsubs = new Set<string>();

  readonly #host: SubscriptionRegistryHost;

  constructor(host: SubscriptionRegistryHost) {
    this.#host = host;
  }

  records(): SubscriptionRecord[] {
    return [...this.#subs.values()];
  }

  /**
   * `subscribe(name, ...params, callbacks?)`: callbacks is `{ onReady, onStop }` or a
   * function (onReady). Inside a computation an identical inactive sub is reused.
   */
  subscribe(name: string, rest: unknown[]): SubscriptionHandle {
    if (typeof name !== 'string' || name === '') throw new TypeError('subscribe: name must be a non-empty string');
    const { params, callbacks } = splitSubscribeArgs(rest);
    let record = inComputation() ? this.#findReusable(name, params) : undefined;
    if (record !== undefined) {
      record.inactive = false;
      if (callbacks.onReady !== undefined) {
        if (record.ready) this.#host.callApp('onReady', callbacks.onReady);
        else record.callbacks.onReady = callbacks.onReady;
      }
      if (callbacks.onStop !== undefined) record.callbacks.onStop = callbacks.onStop;
    } else {
      record = new SubscriptionRecord(Random.id(), name, EJSON.clone(params), { ...callbacks });
      this.#subs.set(record.id, record);
      this.send(record);
    }
    const id = record.id;
    const readyDep = record.readyDep;
    const handle: SubscriptionHandle = {
      subscriptionId: id,
      stop: () => this.stop(id),
      ready: () => {
        readyDep.depend();
        return this.#subs.get(id)?.ready ?? false;
      },
    };
    if (inComputation()) {
      // The computation's next run decides: asking for the same sub again reuses it.
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

  send(record: SubscriptionRecord): void {
    record.sent = this.#host.send({ msg: 'sub', id: record.id, name: record.name, params: [...record.params] });
  }

  /** Sends every unsub and sub the current session has not received. */
  sendUnsent(): void {
    for (const id of [...this.#pendingUnsubs]) if (this.#host.send({ msg: 'unsub', id })) this.#pendingUnsubs.delete(id);
    for (const record of this.#subs.values()) if (!record.sent) this.send(record);
  }

  /** A new session knows none of our subs: nothing needs unsubscribing, everything re-sending. */
  forgetSession(): void {
    this.#pendingUnsubs.clear();
    for (const record of this.#subs.values()) record.sent = false;
  }

  stop(id: string): void {
    const record = this.#subs.get(id);
    if (record === undefined) return;
    if (record.sent && !this.#host.send({ msg: 'unsub', id })) this.#pendingUnsubs.add(id);
    this.#remove(record);
    const onStop = record.callbacks.onStop;
    if (onStop !== undefined) this.#host.callApp('onStop', () => onStop());
  }

  markReady(id: string): void {
    const record = this.#subs.get(id);
    if (record === undefined || record.ready) return;
    record.state = 'ready';
    const onReady = record.callbacks.onReady;
    if (onReady !== undefined) this.#host.callApp('onReady', onReady);
    record.readyDep.changed();
  }

  /** The server ended the sub (`nosub`), with `error` if it failed. */
  ended(id: string, error: MeteorError | undefined): void {
    const record = this.#subs.get(id);
    if (record === undefined) return;
    this.#remove(record);
    const onStop = record.callbacks.onStop;
    if (onStop !== undefined) this.#host.callApp('onStop', () => onStop(error));
    else if (error !== undefined) this.#host.log(`subscription '${record.name}' stopped with an error`, error);
  }

  #remove(record: SubscriptionRecord): void {
    this.#subs.delete(record.id);
    record.state = 'stopped';
    record.readyDep.changed();
  }

  #findReusable(name: string, params: unknown[]): SubscriptionRecord | undefined {
    for (const sub of this.#subs.values()) {
      if (sub.inactive && sub.name === name && EJSON.equals(sub.params as unknown[], params)) return sub;
    }
    return undefined;
  }
}

function splitSubscribeArgs(rest: unknown[]): { params: unknown[]; callbacks: SubscriptionCallbacks } {
  const last = rest[rest.length - 1];
  if (typeof last === 'function') return { params: rest.slice(0, -1), callbacks: { onReady: last as () => void } };
  if (typeof last === 'object' && last !== null) {
    const { onReady, onStop, onError } = last as Record<string, unknown>;
    if (typeof onReady === 'function' || typeof onStop === 'function' || typeof onError === 'function') {
      const callbacks: SubscriptionCallbacks = {};
      if (typeof onReady === 'function') callbacks.onReady = onReady as () => void;
      if (typeof onStop === 'function') callbacks.onStop = onStop as SubscriptionCallbacks['onStop'];
      else if (typeof onError === 'function') {
        // Meteor's pre-1.0.4 `onError` only hears about failures.
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
