import { Channels } from '../../channels/collection';
import type { ObservableServerCursor, PublicationHandle } from '../../channels/server/publish-while-member';
import { MESSAGE_FIELDS, Messages } from '../collection';
import { MAX_SAVED_PER_USER, SAVED_COLLECTION, SAVED_FIELDS, SavedMessages } from '../saved-collection';

/**
 * Publishes one cursor into `collection` and can switch to another: documents both hold stay
 * on the client (their fields refreshed), the rest come and go. Callbacks of a replaced observer
 * are ignored, so a late event of the old one cannot bring a document back.
 */
class SwitchableCursor {
  #current: { stop(): void } | null = null;
  #published = new Set<string>();
  #generation = 0;

  readonly #sub: PublicationHandle;
  readonly #collection: string;

  constructor(sub: PublicationHandle, collection: string) {
    this.#sub = sub;
    this.#collection = collection;
  }

  async switchTo(cursor: ObservableServerCursor): Promise<void> {
    const generation = ++this.#generation;
    const live = (): boolean => generation === this.#generation;
    const next = new Set<string>();
    let initial = true;
    const handle = await cursor.observeChangesAsync({
      added: (id, fields) => {
        if (!live()) return;
        next.add(id);
        if (initial && this.#published.has(id)) this.#sub.changed(this.#collection, id, fields);
        else this.#sub.added(this.#collection, id, fields);
      },
      changed: (id, fields) => {
        if (live()) this.#sub.changed(this.#collection, id, fields);
      },
      removed: (id) => {
        if (!live()) return;
        next.delete(id);
        this.#sub.removed(this.#collection, id);
      },
    });
    initial = false;
    if (!live()) {
      handle.stop();
      return;
    }
    this.#current?.stop();
    for (const id of this.#published) if (!next.has(id)) this.#sub.removed(this.#collection, id);
    this.#current = handle;
    this.#published = next;
  }

  stop(): void {
    this.#generation++;
    this.#current?.stop();
    this.#current = null;
  }
}

/**
 * The caller's saved entries and the saved messages, only in channels they are still a member
 * of: leaving or being removed withdraws that channel's entries and messages live, and being
 * invited back brings them back. Re-evaluated whenever the caller's saved list or channel set
 * changes (a person's list is bounded by MAX_SAVED_PER_USER).
 */
export async function publishSaved(sub: PublicationHandle): Promise<void> {
  const userId = sub.userId;
  if (userId === null) {
    sub.ready();
    return;
  }
  const channelIds = new Set<string>();
  const saved = new Map<string, { messageId: string; channelId: string }>();
  const entries = new SwitchableCursor(sub, SAVED_COLLECTION);
  const messages = new SwitchableCursor(sub, 'messages');
  let stopped = false;
  let started = false;
  let lastKey = '';
  // Serialises re-evaluations so two quick changes cannot interleave their observers.
  let queue: Promise<void> = Promise.resolve();

  const evaluate = async (): Promise<void> => {
    if (stopped) return;
    const channels = [...channelIds].sort();
    const messageIds = [...saved.values()]
      .filter((entry) => channelIds.has(entry.channelId))
      .map((entry) => entry.messageId)
      .sort();
    const key = `${channels.join(',')}|${messageIds.join(',')}`;
    if (key === lastKey) return;
    lastKey = key;
    await entries.switchTo(
      SavedMessages.find({ userId, channelId: { $in: channels } }, { fields: SAVED_FIELDS, sort: { savedAt: -1 }, limit: MAX_SAVED_PER_USER }),
    );
    await messages.switchTo(Messages.find({ _id: { $in: messageIds }, channelId: { $in: channels } }, { fields: MESSAGE_FIELDS }));
  };
  const schedule = (): void => {
    if (!started) return;
    queue = queue.then(evaluate).catch((error: unknown) => console.error('messages.saved', error));
  };

  const channelWatch = await Channels.find({ memberIds: userId }, { fields: { _id: 1 } }).observeChangesAsync({
    added: (id) => {
      channelIds.add(String(id));
      schedule();
    },
    removed: (id) => {
      channelIds.delete(String(id));
      schedule();
    },
  });
  const savedWatch = await SavedMessages.find({ userId }, { fields: { messageId: 1, channelId: 1 } }).observeChangesAsync({
    added: (id, fields) => {
      saved.set(String(id), { messageId: String(fields['messageId']), channelId: String(fields['channelId']) });
      schedule();
    },
    removed: (id) => {
      saved.delete(String(id));
      schedule();
    },
  });
  sub.onStop(() => {
    stopped = true;
    channelWatch.stop();
    savedWatch.stop();
    entries.stop();
    messages.stop();
  });
  started = true;
  schedule();
  await queue;
  sub.ready();
}
