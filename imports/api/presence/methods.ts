import SimpleSchema from 'simpl-schema';
import { defineMethod } from '@perseid/collection-security';
import { requireUserId } from '../channels/access';
import { presenceRegistry } from './presence-registry';
import type { PresenceState } from './presence-registry';

/** Name of the client-only collection the presence publication fills: `{ _id: userId, state }`. */
export const PRESENCE_COLLECTION = 'presence';

export interface PresenceDoc {
  _id: string;
  state: PresenceState;
}

/** The client reports idle / hidden tab (away) and back (online) for its own connection. */
export const setPresence = defineMethod<{ state: PresenceState }, void>({
  name: 'presence.set',
  schema: new SimpleSchema({ state: { type: String, allowedValues: ['online', 'away'] } }),
  async run({ state }) {
    requireUserId(this.userId);
    if (this.isSimulation) return;
    const connection = this.connection as { id?: unknown } | null;
    if (connection !== null && typeof connection.id === 'string') presenceRegistry.setState(connection.id, state);
  },
});
