import SimpleSchema from 'simpl-schema';
import { ID_PATTERN } from '../channels/schema';
import { SIGNUP_POLICIES } from './collection';

const id = { type: String, regEx: ID_PATTERN };

export const WORKSPACE_NAME_MAX = 60;
/** A DNS name as people type it after '@' (no IDN conversion: punycode is accepted as typed). */
export const EMAIL_DOMAIN_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
export const MAX_ALLOWED_DOMAINS = 50;
export const MAX_DEFAULT_CHANNELS = 20;
export const INVITE_MAX_HOURS = 30 * 24;
export const INVITE_MAX_USES = 1000;
export const WORKSPACE_ROLES = ['admin', 'member'] as const;
export type RoleChoice = (typeof WORKSPACE_ROLES)[number];
/** What an admin's "reset" of a member does: end every session, or that plus a forced new password. */
export const RESET_KINDS = ['sessions', 'password'] as const;
export type ResetKind = (typeof RESET_KINDS)[number];

export const workspaceNameSchema = new SimpleSchema({ name: { type: String, min: 1, max: WORKSPACE_NAME_MAX } });

export const signupPolicySchema = new SimpleSchema({
  policy: { type: String, allowedValues: [...SIGNUP_POLICIES] },
  allowedDomains: { type: Array, maxCount: MAX_ALLOWED_DOMAINS, optional: true },
  'allowedDomains.$': { type: String, max: 253, regEx: EMAIL_DOMAIN_PATTERN },
});

export const defaultChannelsSchema = new SimpleSchema({
  channelIds: { type: Array, maxCount: MAX_DEFAULT_CHANNELS },
  'channelIds.$': id,
});

export const createInviteSchema = new SimpleSchema({
  expiresInHours: { type: SimpleSchema.Integer, min: 1, max: INVITE_MAX_HOURS },
  maxUses: { type: SimpleSchema.Integer, min: 1, max: INVITE_MAX_USES, optional: true },
});

export const inviteIdSchema = new SimpleSchema({ inviteId: id });

export const setRoleSchema = new SimpleSchema({ userId: id, role: { type: String, allowedValues: [...WORKSPACE_ROLES] } });

export const resetUserSchema = new SimpleSchema({ userId: id, kind: { type: String, allowedValues: [...RESET_KINDS] } });

/** An invite token as links carry it (Random.secret: 43 URL-safe characters). */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,64}$/;
