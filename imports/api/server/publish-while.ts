import type { ObservableServerCursor, PublicationHandle } from '../channels/server/publish-while-member';
import { GatedObservation } from './gated-observation';

/** What decides, live, whether a subscriber may see a publication's documents. */
export interface PublicationGate {
  /** The one document whose fields decide (a channel's member list, the caller's roles). */
  watch(): ObservableServerCursor;
  /** Whether access holds, given that document's current fields (null while it does not exist). */
  allows(fields: Record<string, unknown> | null): boolean;
}

type Access = { kind: 'granted'; inner: GatedObservation } | { kind: 'denied' } | { kind: 'stopped' };

type Cursors = ObservableServerCursor | readonly ObservableServerCursor[];

export interface PublishWhileOptions {
  /**
   * Read and observe the cursors beside the gate's own read instead of after it, so a subscriber
   * who is allowed waits for one database round trip instead of two or three. Nothing is sent
   * before the gate allows it; a refused subscriber costs the read, so use it only for bounded
   * cursors (a page, a channel's latest messages), not for a whole collection.
   */
  readonly readAhead?: boolean;
}

/**
 * Publishes `cursor()` (one cursor, or several whose results never overlap; it may first read what
 * to publish) into `collection`
 * only while `gate` allows it, live: when access ends the client loses every published document
 * at once; when it returns, they reappear. Signed-out subscribers get nothing.
 */
export async function publishWhile(
  sub: PublicationHandle,
  gate: PublicationGate,
  collection: string,
  cursor: () => Cursors | Promise<Cursors>,
  options: PublishWhileOptions = {},
): Promise<void> {
  if (sub.userId === null) {
    sub.ready();
    return;
  }
  let access: Access = { kind: 'denied' };
  // Serialises grant/revoke so a quick revoke+grant cannot interleave two observers.
  let queue: Promise<void> = Promise.resolve();
  // The first observation, started before access is known (readAhead); used by the first grant or stopped.
  let ahead: Promise<GatedObservation> | null = options.readAhead === true ? GatedObservation.start(sub, collection, cursor) : null;
  // Its failure surfaces in the grant that awaits it; a refused or stopped one must not go unhandled.
  ahead?.catch(() => undefined);
  const dropAhead = (): void => {
    if (ahead === null) return;
    void ahead.then(
      (observation) => observation.stop(),
      () => undefined,
    );
    ahead = null;
  };

  const grant = async (): Promise<void> => {
    if (access.kind !== 'denied') return;
    // Without readAhead, read only once access holds: a refused subscriber's subscription costs no query.
    const pending = ahead ?? GatedObservation.start(sub, collection, cursor);
    ahead = null;
    const observation = await pending;
    // The subscription may have stopped while the observer was starting.
    if ((access as Access).kind === 'stopped') {
      observation.stop();
      return;
    }
    observation.open();
    access = { kind: 'granted', inner: observation };
  };
  const revoke = (): void => {
    dropAhead();
    if (access.kind !== 'granted') return;
    access.inner.stop();
    for (const id of access.inner.ids) sub.removed(collection, id);
    access = { kind: 'denied' };
  };
  // changed() carries only what changed (undefined = field removed): keep the whole document.
  let watched: Record<string, unknown> | null = null;
  const update = (): void => {
    const allowed = gate.allows(watched);
    queue = queue.then(() => (allowed ? grant() : revoke())).catch((error: unknown) => console.error('publishWhile', error));
  };

  let watcher: { stop(): void };
  try {
    watcher = await watchGate();
  } catch (error) {
    dropAhead();
    throw error;
  }
  sub.onStop(() => {
    dropAhead();
    watcher.stop();
    // The session removes a stopped subscription's documents itself; only the observer ends here.
    if (access.kind === 'granted') access.inner.stop();
    access = { kind: 'stopped' };
  });
  await queue;
  // The gate's document does not exist (no added, so no grant): the read-ahead is not needed.
  if ((access as Access).kind !== 'granted') dropAhead();
  sub.ready();

  function watchGate(): Promise<{ stop(): void }> {
    return gate.watch().observeChangesAsync({
      added: (_id, fields) => {
        watched = { ...fields };
        update();
      },
      changed: (_id, fields) => {
        const next: Record<string, unknown> = { ...watched };
        for (const [key, value] of Object.entries(fields)) {
          if (value === undefined) delete next[key];
          else next[key] = value;
        }
        watched = next;
        update();
      },
      removed: () => {
        watched = null;
        update();
      },
    });
  }
}
