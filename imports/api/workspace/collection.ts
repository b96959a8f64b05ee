import { Mongo } from 'meteor/mongo';

/** Who may create an account: anyone, only holders of an invite link, or addresses at listed domains. */
export const SIGNUP_POLICIES = ['open', 'invite-only', 'email-domain'] as const;
export type SignupPolicy = (typeof SIGNUP_POLICIES)[number];

/** The one workspace settings document (`_id` WORKSPACE_ID); absent on a fresh database = DEFAULT_WORKSPACE. */
export interface WorkspaceSettings {
  _id: string;
  name: string;
  signupPolicy: SignupPolicy;
  /** Lower-case domains accepted under 'email-domain' (`example.com`, matched whole). */
  allowedDomains: string[];
  /** Public channels every new member joins on their first sign-in, beside #general. */
  defaultChannelIds: string[];
}

export const WORKSPACE_ID = 'workspace';

export const DEFAULT_WORKSPACE: Omit<WorkspaceSettings, '_id'> = {
  name: 'Perseid',
  signupPolicy: 'open',
  allowedDomains: [],
  defaultChannelIds: [],
};

/** What every visitor (signed in or not) may read: the sign-up page needs the policy. */
export const PUBLIC_WORKSPACE_FIELDS = { name: 1, signupPolicy: 1 } as const;

export const Workspace = new Mongo.Collection<WorkspaceSettings>('workspace');

/**
 * An invite link: `#/invite/<token>` lets its holder sign up while it is neither expired,
 * used up nor revoked, whatever the sign-up policy.
 */
export interface Invite {
  _id: string;
  /** The secret in the link; only admins read it. */
  token: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  /** null: any number of sign-ups until it expires. */
  maxUses: number | null;
  uses: number;
  revokedAt: Date | null;
}

export const Invites = new Mongo.Collection<Invite>('invites');

export function settingsOf(doc: Partial<WorkspaceSettings> | undefined | null): Omit<WorkspaceSettings, '_id'> {
  return { ...DEFAULT_WORKSPACE, ...doc };
}
