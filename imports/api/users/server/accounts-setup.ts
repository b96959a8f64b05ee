import { Accounts } from 'meteor/accounts-base';
import { appErrors } from '../../app-errors';
import { GENERAL_CHANNEL_ID } from '../../channels/collection';
import { addMembers } from '../../channels/membership';
import { presenceRegistry } from '../../presence/presence-registry';
import { setSessionTerminator } from '../methods';
import { loadWorkspaceSettings, setAccountResets } from '../../workspace/methods';
import { admitSignUp } from '../../workspace/server/admit-sign-up';
import { colorFor } from '../user-profile';
import type { ChatProfile } from '../user-profile';
import { Users } from '../users-collection';
import type { ChatUserFields } from '../users-collection';

function textOption(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, max) : undefined;
}

/**
 * Sign-up applies the workspace's sign-up policy (invite links, email domains), shapes the
 * profile (display name, avatar colour), makes the first user of a fresh database the workspace
 * admin, refuses deactivated accounts, and puts every new user in #general and the workspace's
 * default channels on their first login.
 */
export function setUpAccounts(): void {
  Accounts.onCreateUser(async (options, user) => {
    const requested = options.profile ?? {};
    const username = user.username ?? user.emails?.[0]?.address ?? 'user';
    const profile: ChatProfile = {
      name: textOption(requested['name'], 60) ?? username,
      color: colorFor(username),
      statusText: '',
      avatarFileId: null,
    };
    const isFirst = (await Users.findOneAsync({}, { fields: { _id: 1 } })) == null;
    const email = user.emails?.[0]?.address;
    // A sign-up that will be refused as a duplicate must not spend a use of its invite link.
    const duplicate =
      (user.username !== undefined && (await Accounts.findUserByUsername(user.username)) !== null) ||
      (email !== undefined && (await Accounts.findUserByEmail(email)) !== null);
    if (!duplicate) await admitSignUp({ email, inviteToken: options['inviteToken'] }, isFirst);
    return { ...user, profile: { ...profile }, roles: isFirst ? ['admin'] : [] };
  });
  Accounts.validateLoginAttempt((attempt) => {
    if ((attempt.user as ChatUserFields | undefined)?.deactivated === true) throw appErrors.deactivated();
    return true;
  });
  Accounts.onLogin(async (attempt) => {
    const user = attempt.user as (ChatUserFields & { _id: string }) | undefined;
    if (user === undefined || user.onboarded === true) return;
    const now = new Date();
    await addMembers(GENERAL_CHANNEL_ID, [user._id], now);
    // Each default channel only while it is still public and open: an admin may have archived it since.
    for (const channelId of (await loadWorkspaceSettings()).defaultChannelIds) {
      if (channelId !== GENERAL_CHANNEL_ID) await addMembers(channelId, [user._id], now, { kind: 'public', archived: false });
    }
    await Users.updateAsync({ _id: user._id }, { $set: { onboarded: true } });
  });
  const endSessions = async (userId: string): Promise<void> => {
    await Accounts.keepOnlyTokens(userId, []);
    presenceRegistry.dropUser(userId);
  };
  setSessionTerminator({ endSessions });
  setAccountResets({
    endSessions,
    forcePasswordReset: async (userId) => {
      const user = (await Users.findOneAsync({ _id: userId }, { fields: { emails: 1 } })) as { emails?: { address: string }[] } | undefined;
      if (user?.emails?.[0] === undefined) return false;
      // The old password stops working now, not when the link is used.
      await Users.updateAsync({ _id: userId }, { $unset: { 'services.password.argon2': 1, 'services.password.bcrypt': 1 } });
      await Accounts.sendResetPasswordEmail(userId);
      return true;
    },
  });
}
