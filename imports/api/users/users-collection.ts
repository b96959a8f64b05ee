import { users } from 'meteor/accounts-base';
import type { ChatProfile, NotifyPrefs, WorkspaceRole } from './user-profile';

/** What the app adds to accounts-base's user documents. */
export interface ChatUserFields {
  profile?: Partial<ChatProfile>;
  roles?: WorkspaceRole[];
  deactivated?: boolean;
  /** Desktop-notification and sound switches (`users.setNotifyPrefs`). */
  notifyPrefs?: NotifyPrefs;
  /** Set once the user has been added to #general, so leaving it sticks. */
  onboarded?: boolean;
}

/** `Meteor.users`, the one users collection (accounts-base owns it). */
export const Users = users;
