import { Channels } from '../collection';

/** The slice of a ddp-server Subscription the guarded publications use. */
export interface PublicationHandle {
  readonly userId: string | null;
  added(collection: string, id: string, fields: Record<string, unknown>): void;
  changed(collection: string, id: string, fields: Record<string, unknown>): void;
  removed(collection: string, id: string): void;
  ready(): void;
  onStop(callback: () => void | Promise<void>): void;
}

/** A server cursor as far as observing it goes. */
export interface ObservableServerCursor {
  observeChangesAsync(callbacks: {
    added?(id: string, fields: Record<string, unknown>): void;
    changed?(id: string, fields: Record<string, unknown>): void;
    removed?(id: string): void;
  }): Promise<{ stop(): void }>;
}

type Access = { kind: 'granted'; inner: { stop(): void }; ids: Set<string> } | { kind: 'denied' } | { kind: 'stopped' };

/**
 * Publishes `cursor()` (one cursor, or several whose results never overlap) into `collection` only while the user is a member of `channelId`, live:
 * removed from the channel, the client loses every published document at once; invited back,
 * they reappear. Membership is watched through the channel document itself.
 */
export async function publishWhileMember(
  sub: PublicationHandle,
  channelId: string,
  collection: string,
  cursor: () => ObservableServerCursor | readonly ObservableServerCursor[],
): Promise<void> {
  const userId = sub.userId;
  if (userId === null) {
    sub.ready();
    return;
  }
  let access: Access = { kind: 'denied' };
  // Serialises grant/revoke so a quick remove+re-invite cannot interleave two observers.
  let queue: Promise<void> = Promise.resolve();

  const grant = async (): Promise<void> => {
    if (access.kind !== 'denied') return;
    const ids = new Set<string>();
    const cursors = cursor();
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
  const update = (memberIds: unknown): void => {
    const member = Array.isArray(memberIds) && memberIds.includes(userId);
    queue = queue.then(() => (member ? grant() : revoke())).catch((error: unknown) => console.error('publishWhileMember', error));
  };

  const watcher = await Channels.find({ _id: channelId }, { fields: { memberIds: 1 } }).observeChangesAsync({
    added: (_id, fields) => update(fields['memberIds']),
    changed: (_id, fields) => {
      if ('memberIds' in fields) update(fields['memberIds']);
    },
    removed: () => update([]),
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
