import { useState } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import type { ChannelSummary, Membership } from '/imports/api/channels/collection';
import { effectiveLevel, isMuted } from '/imports/api/channels/notify-level';
import type { NotifyLevel } from '/imports/api/channels/notify-level';
import { displayName } from '/imports/api/users/user-profile';
import { channels, memberships, people } from '/imports/ui/data/client-collections';
import { systemClock, useWakeUp } from './use-clock';
import type { Clock } from './use-clock';

export interface ChannelEntry {
  readonly channel: ChannelSummary;
  readonly membership: Membership | undefined;
  readonly label: string;
  /** For 1:1 DMs: the other person. */
  readonly otherUserId: string | undefined;
  /** What of this channel reaches the reader now: their level, or 'nothing' while muted. */
  readonly level: NotifyLevel;
  /** A mute is in force (the sidebar marks it). */
  readonly muted: boolean;
}

/** How a channel is named in the UI: `general` for channels, member names for DMs. */
export function channelLabel(channel: ChannelSummary, selfId: string | null): string {
  if (channel.kind !== 'direct') return channel.name;
  const others = (channel.memberIds ?? []).filter((id) => id !== selfId);
  return others.map((id) => displayName(people.findOne({ _id: id }))).join(', ') || 'Just you';
}

/** The earliest mute among the caller's memberships that ends after `now`, if any. */
function nextMuteEnd(selfId: string | null, now: number): number | null {
  if (selfId === null) return null;
  const next = memberships.findOne({ userId: selfId, mutedUntil: { $gt: new Date(now) } }, { sort: { mutedUntil: 1 }, fields: { mutedUntil: 1 } });
  return next?.mutedUntil?.getTime() ?? null;
}

/** The caller's channels and DMs, in sidebar order, reactive (to mutes ending, too). */
export function useMyChannels(selfId: string | null, clock: Clock = systemClock): { channels: ChannelEntry[]; direct: ChannelEntry[] } {
  // Levels are read at `now`, moved on only when a mute ends: no re-render while nothing is due.
  const [now, setNow] = useState(() => clock.now());
  const mine = useTracker(() => {
    if (selfId === null) return { channels: [], direct: [], muteEnd: null };
    const all = channels.find({ joined: true }, { sort: { name: 1 } }).fetch();
    const entries = all.map((channel) => {
      const membership = memberships.findOne({ channelId: channel._id, userId: selfId });
      return {
        channel,
        membership,
        label: channelLabel(channel, selfId),
        otherUserId: channel.kind === 'direct' && channel.memberIds?.length === 2 ? channel.memberIds.find((id) => id !== selfId) : undefined,
        level: effectiveLevel(membership, now),
        muted: isMuted(membership, now),
      };
    });
    return {
      channels: entries
        .filter((e) => e.channel.kind !== 'direct' && !e.channel.archived)
        .concat(entries.filter((e) => e.channel.kind !== 'direct' && e.channel.archived)),
      direct: entries.filter((e) => e.channel.kind === 'direct').sort((a, b) => b.channel.lastMessageAt.getTime() - a.channel.lastMessageAt.getTime()),
      muteEnd: nextMuteEnd(selfId, now),
    };
  }, [selfId, now]);
  useWakeUp(mine.muteEnd, clock, setNow);
  return mine;
}
