import { Meteor } from 'meteor/meteor';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { PRESENCE_COLLECTION } from '../methods';
import { presenceRegistry } from '../presence-registry';

interface ConnectionView {
  readonly id: string;
}

export function registerPresencePublication(): void {
  /**
   * Everyone's presence, from memory. Subscribing also registers the caller's connection as
   * online (setUserId re-runs the sub, so login/logout move it), and stopping unregisters it.
   */
  Meteor.publish('presence', function (this: PublicationHandle & { connection: ConnectionView | null }) {
    const userId = this.userId;
    if (userId === null) {
      this.ready();
      return undefined;
    }
    const sent = new Set<string>();
    const watch = presenceRegistry.watch((who, state) => {
      if (state === 'offline') {
        if (sent.delete(who)) this.removed(PRESENCE_COLLECTION, who);
      } else if (sent.has(who)) {
        this.changed(PRESENCE_COLLECTION, who, { state });
      } else {
        sent.add(who);
        this.added(PRESENCE_COLLECTION, who, { state });
      }
    });
    for (const [who, state] of presenceRegistry.snapshot()) {
      sent.add(who);
      this.added(PRESENCE_COLLECTION, who, { state });
    }
    const registration = this.connection === null ? { stop: () => undefined } : presenceRegistry.connect(this.connection.id, userId);
    this.onStop(() => {
      watch.stop();
      registration.stop();
    });
    this.ready();
    return undefined;
  });
}
