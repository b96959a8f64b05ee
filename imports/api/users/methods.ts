import SimpleSchema from 'simpl-schema';
import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { isAdmin, requireUserId } from '../channels/access';
import { ID_PATTERN } from '../channels/schema';
import { disposeFiles, releaseFile, takeFile } from '../files/file-lifecycle';
import { keepingAnAdmin } from '../workspace/methods';
import { Users } from './users-collection';
import { AVATAR_COLORS } from './user-profile';
import type { ChatUser, NotifyPrefs } from './user-profile';

/** Ends a user's sessions at once; installed by the server start-up (accounts lives there). */
export interface SessionTerminator {
  endSessions(userId: string): Promise<void>;
}

let terminator: SessionTerminator = { endSessions: async () => undefined };

export function setSessionTerminator(next: SessionTerminator): void {
  terminator = next;
}

export const updateProfile = defineMethod<{ name: string; statusText?: string; color?: string }, void>({
  name: 'users.updateProfile',
  schema: new SimpleSchema({
    name: { type: String, min: 1, max: 60 },
    statusText: { type: String, max: 100, optional: true },
    color: { type: String, allowedValues: [...AVATAR_COLORS], optional: true },
  }),
  async run({ name, statusText, color }) {
    const userId = requireUserId(this.userId);
    const set: Record<string, unknown> = { 'profile.name': name, 'profile.statusText': statusText ?? '' };
    if (color !== undefined) set['profile.color'] = color;
    await Users.updateAsync({ _id: userId }, { $set: set });
  },
});

/** The caller's desktop-notification and sound switches. */
export const setNotifyPrefs = defineMethod<NotifyPrefs, void>({
  name: 'users.setNotifyPrefs',
  schema: new SimpleSchema({ desktop: Boolean, sounds: Boolean }),
  async run({ desktop, sounds }) {
    const userId = requireUserId(this.userId);
    await Users.updateAsync({ _id: userId }, { $set: { notifyPrefs: { desktop, sounds } } });
  },
});

export const setDeactivated = defineMethod<{ userId: string; deactivated: boolean }, void>({
  name: 'users.setDeactivated',
  schema: new SimpleSchema({ userId: { type: String, regEx: ID_PATTERN }, deactivated: Boolean }),
  async run({ userId: target, deactivated }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return;
    if (!(await isAdmin(userId))) throw appErrors.forbidden('Only an admin can deactivate users');
    if (target === userId) throw appErrors.forbidden('You cannot deactivate yourself');
    const user = await Users.findOneAsync({ _id: target }, { fields: { _id: 1 } });
    if (user == null) throw appErrors.notFound('User');
    if (deactivated) {
      await keepingAnAdmin(
        () => Users.updateAsync({ _id: target }, { $set: { deactivated: true } }),
        () => Users.updateAsync({ _id: target }, { $set: { deactivated: false } }),
      );
      await terminator.endSessions(target);
    } else {
      await Users.updateAsync({ _id: target }, { $set: { deactivated: false } });
    }
  },
});

/** Attempts at swapping the avatar against concurrent swaps before giving up. */
const AVATAR_SWAP_ATTEMPTS = 5;

/**
 * Uses an uploaded avatar image (or, with no fileId, goes back to initials). The previous
 * picture is deleted: an avatar file belongs to one profile, and only while it is in use.
 */
export const setAvatar = defineMethod<{ fileId?: string }, void>({
  name: 'users.setAvatar',
  schema: new SimpleSchema({ fileId: { type: String, regEx: ID_PATTERN, optional: true } }),
  async run({ fileId }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return;
    const next = fileId ?? null;
    const current = async () =>
      ((await Users.findOneAsync({ _id: userId }, { fields: { profile: 1 } })) as ChatUser | undefined)?.profile?.avatarFileId ?? null;
    if (next !== null && next !== (await current())) {
      if ((await takeFile(next, { uploadedBy: userId, purpose: 'avatar' })) === null) throw appErrors.notFound('Avatar image');
    }
    // Compare-and-set, so two concurrent swaps each delete exactly the picture they replaced.
    for (let attempt = 0; attempt < AVATAR_SWAP_ATTEMPTS; attempt++) {
      const previous = await current();
      if (previous === next) return;
      const swapped = await Users.updateAsync({ _id: userId, 'profile.avatarFileId': previous }, { $set: { 'profile.avatarFileId': next } });
      if (swapped === 1) {
        if (previous !== null) await disposeFiles([previous]);
        return;
      }
    }
    if (next !== null) await releaseFile(next);
    throw appErrors.invalid('The picture changed meanwhile; try again');
  },
});
