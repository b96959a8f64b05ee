import { appErrors } from '../app-errors';
import { MAX_REACTIONS_PER_MESSAGE, Messages } from './collection';
import { matchedAny } from '../write-result';

export type ReactionToggle = 'added' | 'removed';

/** Rounds of the three conditional updates before giving up on a message that keeps changing. */
const MAX_ROUNDS = 4;
/** A constant path: once this slot is taken the message holds all the emoji it may. */
const LAST_SLOT = `reactions.${MAX_REACTIONS_PER_MESSAGE - 1}`;

/** One conditional update; true when a document matched its selector. */
async function updated(selector: Record<string, unknown>, modifier: Record<string, unknown>): Promise<boolean> {
  return matchedAny(await Messages.updateAsync(selector, modifier));
}

/**
 * Toggles `userId`'s `emoji` on one message with conditional updates only: each step matches
 * exactly when its precondition holds at write time, so concurrent toggles never act on a stale
 * read (two toggles at once add then remove, never add twice). The emoji is only ever a value in
 * a selector or a pushed element, never part of a field path.
 */
export async function applyReactionToggle(messageId: string, emoji: string, userId: string): Promise<ReactionToggle> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // The emoji exists and the user is not on it: join it.
    const joined = await updated(
      { _id: messageId, reactions: { $elemMatch: { emoji, userIds: { $ne: userId } } } },
      { $addToSet: { 'reactions.$.userIds': userId } },
    );
    if (joined) return 'added';
    // The user is on it: leave it, and drop the entry if that emptied it.
    const left = await updated({ _id: messageId, reactions: { $elemMatch: { emoji, userIds: userId } } }, { $pull: { 'reactions.$.userIds': userId } });
    if (left) {
      await updated(
        { _id: messageId, reactions: { $elemMatch: { emoji, userIds: { $size: 0 } } } },
        { $pull: { reactions: { emoji, userIds: { $size: 0 } } } },
      );
      return 'removed';
    }
    // Nobody has used this emoji here yet: start it, unless the message is full.
    const started = await updated(
      { _id: messageId, 'reactions.emoji': { $ne: emoji }, [LAST_SLOT]: { $exists: false } },
      { $push: { reactions: { emoji, userIds: [userId] } } },
    );
    if (started) return 'added';
    // None matched: another toggle changed this emoji in between, or the message is full or gone.
    const message = await Messages.findOneAsync({ _id: messageId }, { fields: { reactions: 1 } });
    if (message === undefined) throw appErrors.notFound('Message');
    const reactions = Array.isArray(message.reactions) ? message.reactions : [];
    if (reactions.length >= MAX_REACTIONS_PER_MESSAGE && !reactions.some((r) => r.emoji === emoji)) {
      throw appErrors.invalid('This message has as many different reactions as it can hold');
    }
  }
  throw appErrors.invalid('This message is changing too fast; try again');
}
