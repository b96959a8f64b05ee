import { users } from 'meteor/accounts-base';
import { Mongo } from 'meteor/mongo';
import type { ClientCollection } from 'meteor/mongo';
import { CHANNEL_MEMBERS_COLLECTION, Channels, Memberships } from '/imports/api/channels/collection';
import type { ChannelMember, ChannelSummary, Membership } from '/imports/api/channels/collection';
import { Messages } from '/imports/api/messages/collection';
import type { Message } from '/imports/api/messages/collection';
import { PRESENCE_COLLECTION } from '/imports/api/presence/methods';
import type { PresenceDoc } from '/imports/api/presence/methods';
import { TYPING_COLLECTION } from '/imports/api/typing/methods';
import type { TypingDoc } from '/imports/api/typing/methods';
import type { ChatUser } from '/imports/api/users/user-profile';

// `meteor/mongo` is typed with the server's collection; in the browser the same objects are
// client collections (sync, reactive reads). These views give UI code the client's types.
export const channels = Channels as unknown as ClientCollection<ChannelSummary>;
export const memberships = Memberships as unknown as ClientCollection<Membership>;
export const messages = Messages as unknown as ClientCollection<Message>;
export const people = users as unknown as ClientCollection<ChatUser>;

/** Filled by the ephemeral publications; never written by the client. */
export const presence = new Mongo.Collection(PRESENCE_COLLECTION, { defineMutationMethods: false }) as unknown as ClientCollection<PresenceDoc>;
export const channelMembers = new Mongo.Collection(CHANNEL_MEMBERS_COLLECTION, { defineMutationMethods: false }) as unknown as ClientCollection<ChannelMember>;
export const typing = new Mongo.Collection(TYPING_COLLECTION, { defineMutationMethods: false }) as unknown as ClientCollection<TypingDoc>;
