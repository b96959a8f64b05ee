import { EJSON } from '@perseid/ejson';
import { applyChanged } from './apply-changed';
import type { Fields, StoreUpdate } from './store';

type DataUpdate = Extract<StoreUpdate, { msg: 'added' | 'changed' | 'removed' }>;

/**
 * The server's view of one document a stub wrote, kept aside while the stub's version
 * is what the store shows.
 */
interface ServerDocument {
  /** The server's version; undefined while the server says it does not exist. */
  document: Fields | undefined;
  /** Methods whose stubs wrote it and whose `updated` has not arrived yet. */
  readonly writtenBy: Set<string>;
  /** Run once the server version has replaced the stub's. */
  readonly onFlush: Array<() => void>;
}

/** What replacing a held-back document needs of the stores. */
export interface FlushHost {
  /** The fields the store shows now. */
  current(collection: string, id: string): Fields | undefined;
  /** Runs `fn` after the batch that applies the replacement. */
  afterFlush(fn: () => void): void;
}

/**
 * Latency compensation bookkeeping (Meteor's _documentsWrittenByStub/_serverDocuments).
 *
 * Invariant: a document is in `#server` exactly while at least one method whose stub
 * wrote it still awaits `updated`. During that time server data messages for it are
 * absorbed here instead of reaching the store, so the UI keeps the stub's version and
 * never flickers; when the last writer's `updated` arrives the server's version replaces
 * the stub's in a single `replace` (which also rolls back writes the server refused).
 */
export class StubDocuments {
  readonly #written = new Map<string, Array<{ collection: string; id: string }>>();
  readonly #server = new Map<string, Map<string, ServerDocument>>();
  /**
   * Writers answered elsewhere (another tab's call, see methodDataDone's `untilServerCopy`) that
   * still hold the documents this connection has not received from the server yet.
   */
  readonly #awaitingCopy = new Set<string>();

  /** `onChange` hears when the set of documents with pending writes may have changed. */
  readonly #onChange: () => void;

  constructor(onChange: () => void = () => {}) {
    this.#onChange = onChange;
  }

  /** Whether a stub wrote this document and the server has not yet confirmed or refused it. */
  hasPending(collection: string, id: string): boolean {
    return this.#server.get(collection)?.has(id) ?? false;
  }

  /** Whether answered writer `methodId` still holds documents this connection has no server copy of. */
  awaitsServerCopy(methodId: string): boolean {
    return this.#awaitingCopy.has(methodId);
  }

  /** Records what a stub wrote: `originals` is collection → id → fields before the stub. */
  recordStubWrites(methodId: string, originals: ReadonlyMap<string, ReadonlyMap<string, Fields | undefined>>): void {
    const written: Array<{ collection: string; id: string }> = [];
    for (const [collection, docs] of originals) {
      for (const [id, before] of docs) {
        written.push({ collection, id });
        let byId = this.#server.get(collection);
        if (byId === undefined) this.#server.set(collection, (byId = new Map()));
        let serverDoc = byId.get(id);
        if (serverDoc === undefined) {
          // An earlier stub's entry already holds the server's view; only the first snapshot counts.
          serverDoc = { document: before === undefined ? undefined : EJSON.clone(before), writtenBy: new Set(), onFlush: [] };
          byId.set(id, serverDoc);
        }
        serverDoc.writtenBy.add(methodId);
      }
    }
    if (written.length > 0) {
      this.#written.set(methodId, written);
      this.#onChange();
    }
  }

  /**
   * Offers a server data message. Returns the update to pass on to the store, or
   * undefined when the document is held back because a stub wrote it. The server's copy of a
   * document only an answered call still held replaces the stub's (a `replace`).
   */
  absorb(update: DataUpdate, log: (message: string) => void, host?: FlushHost): StoreUpdate | undefined {
    const serverDoc = this.#server.get(update.collection)?.get(update.id);
    if (serverDoc === undefined) return update;
    switch (update.msg) {
      case 'added':
        if (serverDoc.document !== undefined) log(`server sent added for existing id ${update.id} in ${update.collection}`);
        serverDoc.document = { ...(update.fields ?? {}) };
        return host === undefined ? undefined : this.#copyArrived(update.collection, update.id, serverDoc, host);
      case 'changed':
        if (serverDoc.document === undefined) {
          log(`server sent changed for missing id ${update.id} in ${update.collection}`);
          return undefined;
        }
        applyChanged(serverDoc.document, update.fields, update.cleared);
        return undefined;
      case 'removed':
        if (serverDoc.document === undefined) log(`server sent removed for missing id ${update.id} in ${update.collection}`);
        serverDoc.document = undefined;
        return undefined;
    }
  }

  /**
   * `updated` arrived for `methodId`: returns the replacements for documents no other
   * pending stub still holds, and runs their flush callbacks through `afterFlush`.
   *
   * With `untilServerCopy` (another tab heard the call answered, so no `updated` comes here), a
   * document the stub shows and whose server copy this connection has not received yet stays
   * as shown, held by `methodId`, until that copy arrives (absorb) or this is called again
   * without it: the call's document does not vanish for a moment before its data comes.
   */
  methodDataDone(
    methodId: string,
    current: (collection: string, id: string) => Fields | undefined,
    afterFlush: (fn: () => void) => void,
    options: { readonly untilServerCopy?: boolean } = {},
  ): StoreUpdate[] {
    const updates: StoreUpdate[] = [];
    const kept: Array<{ collection: string; id: string }> = [];
    for (const written of this.#written.get(methodId) ?? []) {
      const { collection, id } = written;
      const byId = this.#server.get(collection);
      const serverDoc = byId?.get(id);
      if (byId === undefined || serverDoc === undefined) continue;
      if (options.untilServerCopy === true && serverDoc.document === undefined && current(collection, id) !== undefined) {
        kept.push(written);
        continue;
      }
      serverDoc.writtenBy.delete(methodId);
      if (serverDoc.writtenBy.size > 0) continue;
      const update = this.#serverVersion(collection, id, serverDoc, { current, afterFlush });
      if (update !== undefined) updates.push(update);
    }
    if (kept.length > 0) {
      this.#written.set(methodId, kept);
      this.#awaitingCopy.add(methodId);
      return updates;
    }
    this.#awaitingCopy.delete(methodId);
    if (this.#written.delete(methodId)) afterFlush(this.#onChange);
    return updates;
  }

  /**
   * The writes stub `from` made become `to`'s: a call shown here (another tab's) is now sent by
   * this connection as `to`, and its documents stay as shown, pending until `to`'s `updated`.
   */
  transfer(from: string, to: string): void {
    const written = this.#written.get(from);
    if (written === undefined || from === to) return;
    this.#written.delete(from);
    this.#awaitingCopy.delete(from);
    for (const { collection, id } of written) {
      const writtenBy = this.#server.get(collection)?.get(id)?.writtenBy;
      if (writtenBy?.delete(from) === true) writtenBy.add(to);
    }
    this.#written.set(to, [...(this.#written.get(to) ?? []), ...written]);
  }

  /** The server's copy of a document arrived: writers that only waited for it let go. */
  #copyArrived(collection: string, id: string, serverDoc: ServerDocument, host: FlushHost): StoreUpdate | undefined {
    let letGo = false;
    for (const writer of [...serverDoc.writtenBy]) {
      if (!this.#awaitingCopy.has(writer)) continue;
      serverDoc.writtenBy.delete(writer);
      letGo = true;
      const rest = (this.#written.get(writer) ?? []).filter((w) => w.collection !== collection || w.id !== id);
      if (rest.length > 0) this.#written.set(writer, rest);
      else {
        this.#written.delete(writer);
        this.#awaitingCopy.delete(writer);
        host.afterFlush(this.#onChange);
      }
    }
    if (!letGo || serverDoc.writtenBy.size > 0) return undefined;
    return this.#serverVersion(collection, id, serverDoc, host);
  }

  /** No stub holds the document any more: the server's version replaces the stub's. */
  #serverVersion(collection: string, id: string, serverDoc: ServerDocument, host: FlushHost): StoreUpdate | undefined {
    this.#server.get(collection)?.delete(id);
    for (const fn of serverDoc.onFlush) host.afterFlush(fn);
    if (EJSON.equals(host.current(collection, id) ?? null, serverDoc.document ?? null)) return undefined;
    return { msg: 'replace', collection, id, replace: serverDoc.document };
  }

  /**
   * Runs `fn` once every held-back document written by a method in `isSent` has been
   * replaced by the server's version (at once if there are none): a sub is not ready
   * and a method's data not visible while the store still shows a stub's guess.
   */
  whenFlushed(isSent: (methodId: string) => boolean, fn: () => void): void {
    let pending = 0;
    const done = () => {
      pending -= 1;
      if (pending === 0) fn();
    };
    for (const byId of this.#server.values()) {
      for (const serverDoc of byId.values()) {
        if ([...serverDoc.writtenBy].some(isSent)) {
          pending += 1;
          serverDoc.onFlush.push(done);
        }
      }
    }
    if (pending === 0) fn();
  }

  /** Forgets everything: the stores are about to be reset to a fresh session. */
  clear(): void {
    this.#written.clear();
    this.#awaitingCopy.clear();
    this.#server.clear();
    this.#onChange();
  }
}
