import { digestPassword } from '@perseid/accounts-base';
import { DDP } from '@perseid/ddp-client';
import type { Connection, Fields, Store, StoreUpdate } from '@perseid/ddp-client';

/** What the app's pages subscribe to besides the open channel (see imports/ui/pages/workspace-page). */
const WORKSPACE_SUBSCRIPTIONS = ['channels.mine', 'users.directory', 'presence'] as const;
const COLLECTIONS = ['messages', 'channels', 'memberships', 'users', 'presence', 'typing'] as const;

/**
 * A store that keeps nothing: the bench process must not become the bottleneck. `messages`
 * arrivals are reported with their server `createdAt`, for delivery latency.
 */
function countingStore(onMessage: ((createdAt: Date) => void) | undefined): Store {
  return {
    beginUpdate: () => undefined,
    update(update: StoreUpdate) {
      if (onMessage !== undefined && update.msg === 'added' && update.fields?.['createdAt'] instanceof Date) onMessage(update.fields['createdAt']);
    },
    endUpdate: () => undefined,
    saveOriginals: () => undefined,
    retrieveOriginals: () => new Map<string, Fields | undefined>(),
    getDoc: () => undefined,
  };
}

/**
 * One simulated person: a real DDP client (Node `ws`) that signs up, then subscribes as the
 * workspace page does. `onMessage` sees every message `added` to this client.
 */
export class SimulatedUser {
  private constructor(
    readonly connection: Connection,
    readonly userId: string,
  ) {}

  static async signUp(url: string, username: string, onMessage?: (createdAt: Date) => void): Promise<SimulatedUser> {
    const connection = DDP.connect(url);
    for (const name of COLLECTIONS) connection.registerStoreClient(name, countingStore(name === 'messages' ? onMessage : undefined));
    const result = (await connection.applyAsync(
      'createUser',
      [{ username, password: await digestPassword(`${username}-password`), profile: { name: username } }],
      { wait: true },
    )) as { id: string };
    connection.setUserId(result.id);
    for (const name of WORKSPACE_SUBSCRIPTIONS) connection.subscribe(name);
    return new SimulatedUser(connection, result.id);
  }

  openChannel(channelId: string): void {
    this.connection.subscribe('messages.channel', { channelId });
    this.connection.subscribe('typing', { channelId });
  }

  close(): void {
    this.connection.close();
  }
}
