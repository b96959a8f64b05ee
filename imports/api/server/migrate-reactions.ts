import { Messages } from '../messages/collection';
import { reactionList } from '../messages/reaction-list';
import { matchedAny } from '../write-result';

/**
 * Rewrites reactions stored in the older emoji-keyed shape (`{ "👍": [userIds] }`) as the list
 * the methods update (`[{ emoji, userIds }]`). Runs at start-up before anything is served;
 * each rewrite applies only if the document still holds a non-list, so it never undoes a newer
 * write. The UI reads both shapes (reactionList), for client caches filled before the change.
 * Returns how many messages were rewritten.
 */
export async function migrateReactions(): Promise<number> {
  let rewritten = 0;
  const legacy = Messages.find({ reactions: { $not: { $type: 'array' } } }, { fields: { reactions: 1 } });
  for (const message of await legacy.fetchAsync()) {
    const matched = await Messages.updateAsync(
      { _id: message._id, reactions: { $not: { $type: 'array' } } },
      { $set: { reactions: reactionList(message.reactions) } },
    );
    if (matchedAny(matched)) rewritten += 1;
  }
  return rewritten;
}
