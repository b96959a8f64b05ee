import { DDP } from 'meteor/ddp';
import type { Connection, SubscriptionHandle } from 'meteor/ddp';
import { Meteor } from 'meteor/meteor';
import { ClientCollection } from 'meteor/mongo';
import { Random } from 'meteor/random';
import { digestPassword } from '@perseid/accounts-base';
import { CHANNEL_MEMBERS_COLLECTION } from '/imports/api/channels/collection';
import type { ChannelMember, ChannelSummary, Membership } from '/imports/api/channels/collection';
import type { Message } from '/imports/api/messages/collection';
import type { ChatUser } from '/imports/api/users/user-profile';

/**
 * A real DDP client of the app under test (Node `ws`), with its own client collections, so a
 * test sees exactly what one user's browser would receive.
 */
export class ChatTestClient {
  readonly messages: ClientCollection<Message>;
  readonly channels: ClientCollection<ChannelSummary>;
  readonly channelMembers: ClientCollection<ChannelMember>;
  readonly memberships: ClientCollection<Membership>;
  readonly users: ClientCollection<ChatUser>;
  readonly typing: ClientCollection<{ _id: string; channelId: string; userId: string }>;
  readonly presence: ClientCollection<{ _id: string; state: string }>;
  userId: string | null = null;
  token: string | null = null;

  private constructor(
    readonly connection: Connection,
    readonly username: string,
  ) {
    const options = { connection, defineMutationMethods: false };
    this.messages = new ClientCollection<Message>('messages', options);
    this.channels = new ClientCollection<ChannelSummary>('channels', options);
    this.channelMembers = new ClientCollection<ChannelMember>(CHANNEL_MEMBERS_COLLECTION, options);
    this.memberships = new ClientCollection<Membership>('memberships', options);
    this.users = new ClientCollection<ChatUser>('users', options);
    this.typing = new ClientCollection('typing', options);
    this.presence = new ClientCollection('presence', options);
  }

  static connect(): ChatTestClient {
    return new ChatTestClient(DDP.connect(Meteor.absoluteUrl()), '');
  }

  /** Signs a fresh user up (unique name) and logs this connection in. */
  static async signUp(prefix = 'user', password = 'correct horse'): Promise<ChatTestClient> {
    const username = `${prefix}${Random.id(6).toLowerCase()}`;
    const client = new ChatTestClient(DDP.connect(Meteor.absoluteUrl()), username);
    const result = (await client.connection.applyAsync(
      'createUser',
      [{ username, password: await digestPassword(password), profile: { name: `${prefix} ${username.slice(-3)}` } }],
      { wait: true },
    )) as {
      id: string;
      token: string;
    };
    client.connection.setUserId(result.id);
    client.userId = result.id;
    client.token = result.token;
    return client;
  }

  get id(): string {
    if (this.userId === null) throw new Error('not logged in');
    return this.userId;
  }

  call<R = unknown>(name: string, args?: unknown): Promise<R> {
    return this.connection.applyAsync(name, args === undefined ? [] : [args]) as Promise<R>;
  }

  /** Resolves once the subscription is ready; rejects with the server's error if it refuses. */
  subscribe(name: string, ...params: unknown[]): Promise<SubscriptionHandle> {
    return new Promise((resolve, reject) => {
      const handle: SubscriptionHandle = this.connection.subscribe(name, ...params, {
        onReady: () => resolve(handle),
        onStop: (error?: unknown) => {
          if (error !== undefined) reject(error);
        },
      });
    });
  }

  close(): void {
    this.connection.close();
  }
}

/**
 * For one `describe`: clients opened through these are closed after each test, so a failing test
 * never leaves a logged-in connection behind for the next one.
 */
export function chatClientsPerTest(): { signUp(prefix: string): Promise<ChatTestClient>; connect(): ChatTestClient } {
  const open: ChatTestClient[] = [];
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  return {
    async signUp(prefix) {
      const client = await ChatTestClient.signUp(prefix);
      open.push(client);
      return client;
    },
    connect() {
      const client = ChatTestClient.connect();
      open.push(client);
      return client;
    },
  };
}

export { eventually } from './eventually';

/** Gives the server a moment to deliver anything it (wrongly) would; used to assert absence. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The stable error code of a rejected call. */
export async function errorCodeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as { error?: unknown }).error;
  }
  throw new Error('expected the call to fail');
}
