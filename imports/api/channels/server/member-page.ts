import { Users } from '../../users/users-collection';
import type { ChatUser } from '../../users/user-profile';
import { membershipId, Memberships } from '../collection';
import { compareMembers, memberMatches } from '../member-match';
import type { ObservableServerCursor } from './publish-while-member';

interface Entry {
  readonly userId: string;
  readonly username: string;
}

type PageState = { kind: 'loading'; ids: Set<string> } | { kind: 'live' } | { kind: 'stopped' };

const USER_FIELDS = { username: 1, 'profile.name': 1 } as const;

/**
 * One page of a channel's members, live: the first `limit` members matching `query`
 * (memberMatches), by username, as `{ channelId, userId }` documents keyed by membership id.
 * Membership is read from the channel's read markers (one document per member), so a join costs
 * this page one small event, not the whole member list; the marker observer is one per channel,
 * shared by every reader of that channel's members.
 */
export function memberPage(channelId: string, query: string, limit: number): ObservableServerCursor {
  return {
    async observeChangesAsync(callbacks) {
      // Matching members in page order; the first `limit` of them are published.
      const matching: Entry[] = [];
      // Read-marker id → member, and the members themselves, as the marker observer reports them.
      const userIdOf = new Map<string, string>();
      const members = new Set<string>();
      let state: PageState = { kind: 'loading', ids: new Set() };
      let queue: Promise<void> = Promise.resolve();

      const emitAdded = (entry: Entry): void => callbacks.added?.(membershipId(channelId, entry.userId), { channelId, userId: entry.userId });
      const emitRemoved = (entry: Entry): void => callbacks.removed?.(membershipId(channelId, entry.userId));
      const entryOf = (user: ChatUser): Entry | undefined => (memberMatches(user, query) ? { userId: user._id, username: user.username ?? '' } : undefined);

      const insert = (entry: Entry): void => {
        let low = 0;
        let high = matching.length;
        while (low < high) {
          const middle = (low + high) >>> 1;
          const other = matching[middle];
          if (other !== undefined && compareMembers(other, entry) < 0) low = middle + 1;
          else high = middle;
        }
        if (matching[low]?.userId === entry.userId) return;
        matching.splice(low, 0, entry);
        if (low >= limit) return;
        emitAdded(entry);
        const pushedOut = matching[limit];
        if (pushedOut !== undefined) emitRemoved(pushedOut);
      };
      const remove = (userId: string): void => {
        const index = matching.findIndex((entry) => entry.userId === userId);
        if (index < 0) return;
        const [entry] = matching.splice(index, 1);
        if (index >= limit || entry === undefined) return;
        emitRemoved(entry);
        const pulledIn = matching[limit - 1];
        if (pulledIn !== undefined) emitAdded(pulledIn);
      };
      const join = async (userId: string): Promise<void> => {
        const user = (await Users.findOneAsync({ _id: userId }, { fields: USER_FIELDS })) as ChatUser | undefined;
        if (state.kind !== 'live' || user === undefined || !members.has(userId)) return;
        const entry = entryOf(user);
        if (entry !== undefined) insert(entry);
      };
      const enqueue = (work: () => void | Promise<void>): void => {
        queue = queue.then(work).catch((error: unknown) => console.error('channels.members', error));
      };

      const markers = await Memberships.find({ channelId }, { fields: { userId: 1 } }).observeChangesAsync({
        added: (id, fields) => {
          const userId = fields['userId'];
          if (typeof userId !== 'string') return;
          userIdOf.set(String(id), userId);
          members.add(userId);
          if (state.kind === 'loading') state.ids.add(userId);
          else if (state.kind === 'live') enqueue(() => join(userId));
        },
        removed: (id) => {
          const userId = userIdOf.get(String(id));
          userIdOf.delete(String(id));
          if (userId === undefined) return;
          members.delete(userId);
          if (state.kind === 'loading') state.ids.delete(userId);
          else if (state.kind === 'live') enqueue(() => remove(userId));
        },
      });
      const initial = state.kind === 'loading' ? [...state.ids] : [];
      // Later events queue behind the first page, so they apply to it in order.
      enqueue(async () => {
        const users = (await Users.find({ _id: { $in: initial } }, { fields: USER_FIELDS }).fetchAsync()) as ChatUser[];
        if (state.kind === 'stopped') return;
        state = { kind: 'live' };
        const present = users.filter((user) => members.has(user._id));
        matching.push(...present.flatMap((user) => entryOf(user) ?? []).sort(compareMembers));
        matching.slice(0, limit).forEach(emitAdded);
      });
      await queue;
      return {
        stop: () => {
          state = { kind: 'stopped' };
          markers.stop();
        },
      };
    },
  };
}
