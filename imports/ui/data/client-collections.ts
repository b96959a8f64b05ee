import { users } from 'meteor/accounts-base';
import { Mongo } from 'meteor/mongo';
import type { ClientCollection } from 'meteor/mongo';
import { CHANNEL_MEMBERS_COLLECTION, Channels, Memberships } from '/imports/api/channels/collection';
import type { ChannelMember, ChannelSummary } from '/imports/api/channels/collection';
import { Messages } from '/imports/api/messages/collection';
import { PRESENCE_COLLECTION } from '/imports/api/presence/methods';
import type { PresenceDoc } from '/imports/api/presence/methods';
import { TYPING_COLLECTION } from '/imports/api/typing/methods';
import type { TypingDoc } from '/imports/api/typing/methods';
import type { ChatUser } from '/imports/api/users/user-profile';

// Client code is checked under the `browser` export conditions (tsconfig.client.json), where
// `meteor/mongo`'s collections are client collections: sync, reactive reads, typed documents.
// Shared code types channels as stored (Channel); the client holds what channels.mine and
// channels.directory publish instead: summaries, member lists left out.
export const channels = Channels as ClientCollection<ChannelSummary>;
export const memberships = Memberships;
export const messages = Messages;
// accounts-base types users by the fields it publishes itself; the users publication of this
// app adds ChatUser's (roles, profile, ...), which the package cannot know.
export const people = users as ClientCollection<ChatUser>;

/** Filled by the ephemeral publications; never written by the client. */
export const presence = new Mongo.Collection<PresenceDoc>(PRESENCE_COLLECTION, { defineMutationMethods: false });
export const channelMembers = new Mongo.Collection<ChannelMember>(CHANNEL_MEMBERS_COLLECTION, { defineMutationMethods: false });
export const typing = new Mongo.Collection<TypingDoc>(TYPING_COLLECTION, { defineMutationMethods: false });
