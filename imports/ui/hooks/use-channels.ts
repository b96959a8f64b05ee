import { useTracker } from 'meteor/react-meteor-data';
import type { ChannelSummary, Membership } from '/imports/api/channels/collection';
import { displayName } from '/imports/api/users/user-profile';
import { channels, memberships, people } from '/imports/ui/data/client-collections';

export interface ChannelEntry {
  readonly channel: ChannelSummary;
  readonly membership: Membership | undefined;
  readonly label: string;
  /** For 1:1 DMs: the other person. */
  readonly otherUserId: string | undefined;
}

/** How a channel is named in the UI: `general` for channels, member names for DMs. */
export function channelLabel(channel: ChannelSummary, selfId: string | null): string {
  if (channel.kind !== 'direct') return channel.name;
  const others = (channel.memberIds ?? []).filter((id) => id !== selfId);
  return others.map((id) => displayName(people.findOne({ _id: id }))).join(', ') || 'Just you';
}

/** The caller's channels and DMs, in sidebar order, reactive. */
export function useMyChannels(selfId: string | null): { channels: ChannelEntry[]; direct: ChannelEntry[] } {
  return useTracker(() => {
    if (selfId === null) return { channels: [], direct: [] };
    const all = channels.find({ joined: true }, { sort: { name: 1 } }).fetch();
    const entries = all.map((channel) => ({
      channel,
      membership: memberships.findOne({ channelId: channel._id, userId: selfId }),
      label: channelLabel(channel, selfId),
      otherUserId: channel.kind === 'direct' && channel.memberIds?.length === 2 ? channel.memberIds.find((id) => id !== selfId) : undefined,
    }));
    return {
      channels: entries.filter((e) => e.channel.kind !== 'direct' && !e.channel.archived).concat(entries.filter((e) => e.channel.kind !== 'direct' && e.channel.archived)),
      direct: entries.filter((e) => e.channel.kind === 'direct').sort((a, b) => b.channel.lastMessageAt.getTime() - a.channel.lastMessageAt.getTime()),
    };
  }, [selfId]);
}
