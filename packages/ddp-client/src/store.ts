/**
 * A document as it travels between the connection and a store: its fields without
 * `_id`. Documents are named by their wire id string; only the store parses ids.
 */
export type Fields = Record<string, unknown>;

/**
 * One change applied to a store. `replace` swaps a whole document at once (`replace`
 * undefined removes it): it is how a stub's version gives way to the server's.
 */
export type StoreUpdate =
  | { readonly msg: 'added'; readonly collection: string; readonly id: string; readonly fields?: Fields }
  | { readonly msg: 'changed'; readonly collection: string; readonly id: string; readonly fields?: Fields; readonly cleared?: readonly string[] }
  | { readonly msg: 'removed'; readonly collection: string; readonly id: string }
  | { readonly msg: 'replace'; readonly collection: string; readonly id: string; readonly replace: Fields | undefined };

/**
 * What a client collection registers with `registerStoreClient(name, store)`. Each batch
 * of updates is wrapped in beginUpdate/endUpdate so observers fire once per batch;
 * `reset` asks the store to empty itself first (a fresh session after reconnect).
 */
export interface Store {
  beginUpdate(batchSize: number, reset: boolean): void;
  update(message: StoreUpdate): void;
  endUpdate(): void;
  /** Start recording the pre-write state of every document a stub touches. */
  saveOriginals(): void;
  /** Stop recording: wire id → fields before the stub (undefined: did not exist). */
  retrieveOriginals(): Map<string, Fields | undefined>;
  /** The fields the store currently holds for a wire id (no `_id`). */
  getDoc(id: string): Fields | undefined;
}
