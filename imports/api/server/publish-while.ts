import type { ObservableServerCursor, PublicationHandle } from '../channels/server/publish-while-member';

/** What decides, live, whether a subscriber may see a publication's documents. */
export interface PublicationGate {
  /** The one document whose fields decide (a channel's member list, the caller's roles). */
  watch(): ObservableServerCursor;
  /** Whether access holds, given that document's current fields (null while it does not exist). */
  allows(fields: Record<string, unknown> | null): boolean;
}

type Access = { kind: 'granted'; inner: { stop(): void }; ids: Set<string> } | { kind: 'denied' } | { kind: 'stopped' };

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
  cursor: () => ObservableServerCursor | readonly ObservableServerCursor[] | Promise<ObservableServerCursor | readonly ObservableServerCursor[]>,
): Promise<void> {
  if (sub.userId === null) {
    sub.ready();
    return;
  }
  let access: Access = { kind: 'denied' };
  // Serialises grant/revoke so a quick revoke+grant cannot interleave two observers.
  let queue: Promise<void> = Promise.resolve();

  const grant = async (): Promise<void> => {
    if (access.kind !== 'denied') return;
    const ids = new Set<string>();
    // Read only once access holds: a refused subscriber's subscription costs no query.
    const cursors = await cursor();
    const handles: { stop(): void }[] = [];
    for (const each of Array.isArray(cursors) ? (cursors as readonly ObservableServerCursor[]) : [cursors as ObservableServerCursor]) {
      handles.push(
        await each.observeChangesAsync({
          added: (id, fields) => {
            ids.add(id);
            sub.added(collection, id, fields);
          },
          changed: (id, fields) => sub.changed(collection, id, fields),
          removed: (id) => {
            ids.delete(id);
            sub.removed(collection, id);
          },
        }),
      );
    }
    const inner = {
      stop: (): void => {
        for (const handle of handles) handle.stop();
      },
    };
    // The subscription may have stopped while the observer was starting.
    if ((access as Access).kind === 'stopped') {
      inner.stop();
      return;
    }
    access = { kind: 'granted', inner, ids };
  };
  const revoke = (): void => {
    if (access.kind !== 'granted') return;
    access.inner.stop();
    for (const id of access.ids) sub.removed(collection, id);
    access = { kind: 'denied' };
  };
  // changed() carries only what changed (undefined = field removed): keep the whole document.
  let watched: Record<string, unknown> | null = null;
  const update = (): void => {
    const allowed = gate.allows(watched);
    queue = queue.then(() => (allowed ? grant() : revoke())).catch((error: unknown) => console.error('publishWhile', error));
  };

  const watcher = await gate.watch().observeChangesAsync({
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
  sub.onStop(() => {
    watcher.stop();
    // The session removes a stopped subscription's documents itself; only the observer ends here.
    if (access.kind === 'granted') access.inner.stop();
    access = { kind: 'stopped' };
  });
  await queue;
  sub.ready();
}
