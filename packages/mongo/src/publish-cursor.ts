import type { Fields } from './observe-callbacks';

/** The part of a ddp-server subscription a published cursor drives (structural: no import of ddp-server). */
export interface PublicationSink {
  added(collection: string, id: unknown, fields: Fields): unknown;
  changed(collection: string, id: unknown, fields: Fields): unknown;
  removed(collection: string, id: unknown): unknown;
  onStop(callback: () => unknown): unknown;
}

export interface ObservableForPublish {
  _getCollectionName(): string;
  observeChangesAsync(
    callbacks: {
      added(id: unknown, fields: Fields): unknown;
      changed(id: unknown, fields: Fields): unknown;
      removed(id: unknown): unknown;
    },
    options: { nonMutatingCallbacks: boolean },
  ): Promise<{ stop(): void }>;
}

/**
 * Publishes a cursor into a subscription: the initial documents become `added`, later changes
 * `changed`/`removed`; the observer stops with the subscription. Callbacks are non-mutating:
 * the session's mergebox copies what it keeps, so the multiplexer need not clone per handle.
 */
export async function publishCursor(cursor: ObservableForPublish, sub: PublicationSink): Promise<{ stop(): void }> {
  const collection = cursor._getCollectionName();
  const handle = await cursor.observeChangesAsync(
    {
      added: (id, fields) => sub.added(collection, id, fields),
      changed: (id, fields) => sub.changed(collection, id, fields),
      removed: (id) => sub.removed(collection, id),
    },
    { nonMutatingCallbacks: true },
  );
  sub.onStop(() => handle.stop());
  return handle;
}
