import { publishWhile } from '../../server/publish-while';
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

/**
 * Publishes `cursor()` (one cursor, or several whose results never overlap; it may first read what to publish) into `collection` only while the user is a member of `channelId`, live:
 * removed from the channel, the client loses every published document at once; invited back,
 * they reappear. Membership is watched through the channel document itself, and the cursor is
 * read at the same time (nothing is sent before membership is known).
 */
export async function publishWhileMember(
  sub: PublicationHandle,
  channelId: string,
  collection: string,
  cursor: () => ObservableServerCursor | readonly ObservableServerCursor[] | Promise<ObservableServerCursor | readonly ObservableServerCursor[]>,
): Promise<void> {
  const userId = sub.userId;
  await publishWhile(
    sub,
    {
      watch: () => Channels.find({ _id: channelId }, { fields: { memberIds: 1 } }),
      allows: (fields) => Array.isArray(fields?.['memberIds']) && (fields['memberIds'] as unknown[]).includes(userId),
    },
    collection,
    cursor,
    // Every member-only cursor is bounded (a page, a channel's latest, a thread): read it beside the membership check.
    { readAhead: true },
  );
}
