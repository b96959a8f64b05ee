import { Meteor } from 'meteor/meteor';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { Users } from '../users-collection';
import { PUBLIC_USER_FIELDS } from '../user-profile';

export function registerUserPublications(): void {
  /** Everyone in the workspace, public fields only (never services or emails). */
  Meteor.publish('users.directory', function (this: PublicationHandle) {
    if (this.userId === null) {
      this.ready();
      return undefined;
    }
    return Users.find({}, { fields: PUBLIC_USER_FIELDS });
  });

  /** The caller's own role, flags and notification switches, beside the profile accounts-base already publishes. */
  Meteor.publish(null, function (this: PublicationHandle) {
    if (this.userId === null) {
      this.ready();
      return undefined;
    }
    return Users.find({ _id: this.userId }, { fields: { roles: 1, deactivated: 1, notifyPrefs: 1 } });
  });
}
