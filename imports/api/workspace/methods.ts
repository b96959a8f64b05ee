import { Random } from 'meteor/random';
import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { isAdmin, requireUserId } from '../channels/access';
import { Channels } from '../channels/collection';
import { Users } from '../users/users-collection';
import type { ChatUserFields } from '../users/users-collection';
import { Invites, WORKSPACE_ID, Workspace, settingsOf } from './collection';
import type { SignupPolicy } from './collection';
import { createInviteSchema, defaultChannelsSchema, inviteIdSchema, resetUserSchema, setRoleSchema, signupPolicySchema, workspaceNameSchema } from './schema';
import type { ResetKind, RoleChoice } from './schema';

/** Server-only account actions (accounts lives in the server start-up, which installs them). */
export interface AccountResets {
  /** Ends every session of the user (all login tokens) at once. */
  endSessions(userId: string): Promise<void>;
  /** Clears the password and mails a reset link; false (and nothing changed) when the user has no email address. */
  forcePasswordReset(userId: string): Promise<boolean>;
}

let resets: AccountResets = { endSessions: async () => undefined, forcePasswordReset: async () => false };

export function setAccountResets(next: AccountResets): void {
  resets = next;
}

/** The caller, who must be an active admin; refusals name what they tried. */
async function requireAdmin(userId: string | null, what: string): Promise<string> {
  const id = requireUserId(userId);
  if (!(await isAdmin(id))) throw appErrors.forbidden(`Only an admin can ${what}`);
  return id;
}

/** Active (not deactivated) admins: the workspace must always keep one. */
export async function activeAdminCount(): Promise<number> {
  return Users.find({ roles: 'admin', deactivated: { $ne: true } }).countAsync();
}

/**
 * Runs a change that may take away an active admin (`apply`), then checks one is left; if
 * not, `undo` restores it and the caller gets `chat.last-admin`. Checking after writing (not
 * before) keeps two admins demoting each other at once from both succeeding.
 */
export async function keepingAnAdmin(apply: () => Promise<unknown>, undo: () => Promise<unknown>): Promise<void> {
  await apply();
  if ((await activeAdminCount()) === 0) {
    await undo();
    throw appErrors.lastAdmin();
  }
}

async function upsertSettings(set: Record<string, unknown>): Promise<void> {
  await Workspace.upsertAsync({ _id: WORKSPACE_ID }, { $set: set });
}

export const setWorkspaceName = defineMethod<{ name: string }, void>({
  name: 'workspace.setName',
  schema: workspaceNameSchema,
  async run({ name }) {
    if (this.isSimulation) return;
    await requireAdmin(this.userId, 'rename the workspace');
    const trimmed = name.trim();
    if (trimmed.length === 0) throw appErrors.invalid('The workspace needs a name');
    await upsertSettings({ name: trimmed });
  },
});

export const setSignupPolicy = defineMethod<{ policy: SignupPolicy; allowedDomains?: string[] }, void>({
  name: 'workspace.setSignupPolicy',
  schema: signupPolicySchema,
  async run({ policy, allowedDomains }) {
    if (this.isSimulation) return;
    await requireAdmin(this.userId, 'change who may sign up');
    const domains = [...new Set((allowedDomains ?? []).map((d) => d.toLowerCase()))];
    if (policy === 'email-domain' && domains.length === 0) throw appErrors.invalid('List at least one email domain');
    await upsertSettings({ signupPolicy: policy, allowedDomains: domains });
  },
});

export const setDefaultChannels = defineMethod<{ channelIds: string[] }, void>({
  name: 'workspace.setDefaultChannels',
  schema: defaultChannelsSchema,
  async run({ channelIds }) {
    if (this.isSimulation) return;
    await requireAdmin(this.userId, 'choose default channels');
    const ids = [...new Set(channelIds)];
    // Only public channels: a private one's members chose who joins it.
    const found = await Channels.find({ _id: { $in: ids }, kind: 'public', archived: false }, { fields: { _id: 1 } }).fetchAsync();
    if (found.length !== ids.length) throw appErrors.invalid('Default channels must be existing public channels that are not archived');
    await upsertSettings({ defaultChannelIds: ids });
  },
});

/** Creates an invite link; answers its token (the link is `#/invite/<token>`). */
export const createInvite = defineMethod<{ expiresInHours: number; maxUses?: number }, { inviteId: string; token: string }>({
  name: 'invites.create',
  schema: createInviteSchema,
  async run({ expiresInHours, maxUses }) {
    if (this.isSimulation) return { inviteId: '', token: '' };
    const userId = await requireAdmin(this.userId, 'create invite links');
    const now = new Date();
    const invite = {
      _id: Random.id(),
      token: Random.secret(),
      createdBy: userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiresInHours * 3_600_000),
      maxUses: maxUses ?? null,
      uses: 0,
      revokedAt: null,
    };
    await Invites.insertAsync(invite);
    return { inviteId: invite._id, token: invite.token };
  },
});

export const revokeInvite = defineMethod<{ inviteId: string }, void>({
  name: 'invites.revoke',
  schema: inviteIdSchema,
  async run({ inviteId }) {
    if (this.isSimulation) return;
    await requireAdmin(this.userId, 'revoke invite links');
    const invite = await Invites.findOneAsync({ _id: inviteId }, { fields: { _id: 1 } });
    if (invite === undefined) throw appErrors.notFound('Invite link');
    await Invites.updateAsync({ _id: inviteId, revokedAt: null }, { $set: { revokedAt: new Date() } });
  },
});

export const setRole = defineMethod<{ userId: string; role: RoleChoice }, void>({
  name: 'users.setRole',
  schema: setRoleSchema,
  async run({ userId: target, role }) {
    if (this.isSimulation) return;
    await requireAdmin(this.userId, 'change roles');
    const user = (await Users.findOneAsync({ _id: target }, { fields: { roles: 1 } })) as ChatUserFields | undefined;
    if (user == null) throw appErrors.notFound('User');
    if (role === 'admin') {
      await Users.updateAsync({ _id: target }, { $addToSet: { roles: 'admin' } });
      return;
    }
    if (user.roles?.includes('admin') !== true) return;
    await keepingAnAdmin(
      () => Users.updateAsync({ _id: target }, { $pull: { roles: 'admin' } }),
      () => Users.updateAsync({ _id: target }, { $addToSet: { roles: 'admin' } }),
    );
  },
});

/** What the console tells the admin happened, so they can pass it on. */
export interface ResetOutcome {
  sessionsEnded: true;
  /** 'password' only: whether a reset link went to the member's address. */
  resetMailed: boolean;
}

export const resetUser = defineMethod<{ userId: string; kind: ResetKind }, ResetOutcome>({
  name: 'users.reset',
  schema: resetUserSchema,
  async run({ userId: target, kind }) {
    if (this.isSimulation) return { sessionsEnded: true, resetMailed: false };
    await requireAdmin(this.userId, 'reset members');
    const user = await Users.findOneAsync({ _id: target }, { fields: { _id: 1 } });
    if (user == null) throw appErrors.notFound('User');
    if (kind === 'sessions') {
      await resets.endSessions(target);
      return { sessionsEnded: true, resetMailed: false };
    }
    // Without an address the member could never set a new password: refuse rather than lock them out.
    if (!(await resets.forcePasswordReset(target)))
      throw appErrors.invalid('This member has no email address for a reset link; sign them out everywhere instead');
    await resets.endSessions(target);
    return { sessionsEnded: true, resetMailed: true };
  },
});

/** The workspace settings as the server holds them (defaults until an admin changes one). */
export async function loadWorkspaceSettings(): Promise<ReturnType<typeof settingsOf>> {
  return settingsOf(await Workspace.findOneAsync({ _id: WORKSPACE_ID }));
}
