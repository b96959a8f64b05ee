import { Channels, GENERAL_CHANNEL_ID } from '../channels/collection';

/** A fresh database starts with #general (fixed id, so concurrent starts cannot make two). */
export async function ensureGeneralChannel(): Promise<void> {
  const now = new Date();
  await Channels.upsertAsync(
    { _id: GENERAL_CHANNEL_ID },
    {
      $setOnInsert: {
        name: 'general',
        kind: 'public',
        topic: 'Company-wide announcements and chatter',
        createdBy: 'system',
        createdAt: now,
        archived: false,
        memberIds: [],
        ownerIds: [],
        lastMessageAt: now,
      },
    },
  );
}
