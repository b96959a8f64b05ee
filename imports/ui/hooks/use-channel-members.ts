import { useSubscribe, useTracker } from 'meteor/react-meteor-data';
import { memberMatches } from '/imports/api/channels/member-match';
import type { ChatUser } from '/imports/api/users/user-profile';
import { channelMembers, people } from '/imports/ui/data/client-collections';

export interface MemberPageRequest {
  /** What is typed to narrow the list (memberMatches); '' for everyone. */
  readonly query: string;
  readonly limit: number;
}

/**
 * A channel's members as far as this client has them, by username, matching `request.query`;
 * with a request, subscribes to that page of `channels.members` (null: reads only, e.g. while no
 * `@` is being typed). Members come from every page held for the channel, so a mention typed
 * with the details panel open finds whoever that panel shows too.
 */
export function useChannelMembers(channelId: string, request: MemberPageRequest | null): ChatUser[] {
  useSubscribe(request === null ? null : 'channels.members', { channelId, query: request?.query ?? '', limit: request?.limit ?? 0 });
  const query = request?.query ?? '';
  return useTracker(() => {
    const ids = channelMembers
      .find({ channelId })
      .fetch()
      .map((member) => member.userId);
    return people
      .find({ _id: { $in: ids } }, { sort: { username: 1 } })
      .fetch()
      .filter((user) => memberMatches(user, query));
  }, [channelId, query]);
}
