import { Meteor } from 'meteor/meteor';

/**
 * What a message's broadcast mention reaches: `here` the members online right now, `channel`
 * (`@channel` or `@all`) every member; `none` when it holds neither.
 */
export type BroadcastReach = 'none' | 'here' | 'channel';

/** Whether the sender said they mean to ping a large channel (the composer's confirmation). */
export type BroadcastConfirmation = 'confirmed' | 'unconfirmed';

export const DEFAULT_BROADCAST_MEMBER_THRESHOLD = 50;

/** The widest broadcast among the mentioned names (see mentionedUsernames). */
export function broadcastReach(names: readonly string[]): BroadcastReach {
  if (names.includes('channel') || names.includes('all')) return 'channel';
  if (names.includes('here')) return 'here';
  return 'none';
}

/**
 * Channels with more members than this need a role (workspace admin or channel owner) and an
 * explicit confirmation for a broadcast mention. Public setting, read by both sides so the
 * composer asks before sending: `{ "public": { "broadcastMemberThreshold": 200 } }`.
 */
export function broadcastMemberThreshold(): number {
  const value = (Meteor.settings.public as Record<string, unknown> | undefined)?.['broadcastMemberThreshold'];
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_BROADCAST_MEMBER_THRESHOLD;
}

/** Whether the composer should ask before sending `reach` to a channel of `memberCount`. */
export function needsBroadcastConfirmation(reach: BroadcastReach, memberCount: number): boolean {
  return reach !== 'none' && memberCount > broadcastMemberThreshold();
}
