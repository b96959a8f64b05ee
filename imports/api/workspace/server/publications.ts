import { Meteor } from 'meteor/meteor';
import type { PublicationHandle } from '../../channels/server/publish-while-member';
import { publishWhile } from '../../server/publish-while';
import type { PublicationGate } from '../../server/publish-while';
import { PUBLIC_USER_FIELDS } from '../../users/user-profile';
import { Users } from '../../users/users-collection';
import { Invites, PUBLIC_WORKSPACE_FIELDS, WORKSPACE_ID, Workspace } from '../collection';

/** Open while the subscriber is an active admin: demoted or deactivated, the data goes at once. */
function whileAdmin(userId: string | null): PublicationGate {
  return {
    watch: () => Users.find({ _id: userId ?? '' }, { fields: { roles: 1, deactivated: 1 } }),
    allows: (fields) => Array.isArray(fields?.['roles']) && (fields['roles'] as unknown[]).includes('admin') && fields['deactivated'] !== true,
  };
}

/** What the admin console shows of each member, beyond the public profile. */
export const ADMIN_MEMBER_FIELDS = { ...PUBLIC_USER_FIELDS, emails: 1, createdAt: 1 } as const;

export function registerWorkspacePublications(): void {
  /** The workspace name and sign-up policy, to everyone (the sign-up page says what it needs). */
  Meteor.publish('workspace.public', () => Workspace.find({ _id: WORKSPACE_ID }, { fields: PUBLIC_WORKSPACE_FIELDS }));

  /** The whole settings document (allowed domains, default channels), admins only, live. */
  Meteor.publish('admin.workspace', async function (this: PublicationHandle) {
    await publishWhile(this, whileAdmin(this.userId), 'workspace', () => Workspace.find({ _id: WORKSPACE_ID }));
  });

  /** Every member with email and sign-up date, admins only, live. */
  Meteor.publish('admin.members', async function (this: PublicationHandle) {
    await publishWhile(this, whileAdmin(this.userId), 'users', () => Users.find({}, { fields: ADMIN_MEMBER_FIELDS }));
  });

  /** Invite links with their use counts, newest first, admins only, live. */
  Meteor.publish('admin.invites', async function (this: PublicationHandle) {
    await publishWhile(this, whileAdmin(this.userId), 'invites', () => Invites.find({}, { sort: { createdAt: -1 }, limit: 200 }));
  });
}
