import { Accounts } from 'meteor/accounts-base';
import { appErrors } from '../../app-errors';
import { GENERAL_CHANNEL_ID } from '../../channels/collection';
import { addMembers } from '../../channels/membership';
import { presenceRegistry } from '../../presence/presence-registry';
import { setSessionTerminator } from '../methods';
import { colorFor } from '../user-profile';
import type { ChatProfile } from '../user-profile';
import { Users } from '../users-collection';
import type { ChatUserFields } from '../users-collection';

function textOption(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, max) : undefined;
}

/**
 * Sign-up shapes the profile (display name, avatar colour), makes the first user of a fresh
 * database the workspace admin, refuses deactivated accounts, and puts every new user in
 * #general on their first login.
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
    return { ...user, profile: { ...profile }, roles: isFirst ? ['admin'] : [] };
  });
  Accounts.validateLoginAttempt((attempt) => {
    if ((attempt.user as ChatUserFields | undefined)?.deactivated === true) throw appErrors.deactivated();
    return true;
  });
  Accounts.onLogin(async (attempt) => {
    const user = attempt.user as (ChatUserFields & { _id: string }) | undefined;
    if (user === undefined || user.onboarded === true) return;
    await addMembers(GENERAL_CHANNEL_ID, [user._id], new Date());
    await Users.updateAsync({ _id: user._id }, { $set: { onboarded: true } });
  });
  setSessionTerminator({
    endSessions: async (userId) => {
      await Accounts.keepOnlyTokens(userId, []);
      presenceRegistry.dropUser(userId);
    },
  });
}
