import SimpleSchema from 'simpl-schema';
import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { isAdmin, requireUserId } from '../channels/access';
import { ID_PATTERN } from '../channels/schema';
import { Files } from '../files/collection';
import { Users } from './users-collection';
import { AVATAR_COLORS } from './user-profile';

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
    await Users.updateAsync({ _id: target }, { $set: { deactivated } });
    if (deactivated) await terminator.endSessions(target);
  },
});

/** Uses an uploaded avatar image (or, with no fileId, goes back to initials). */
export const setAvatar = defineMethod<{ fileId?: string }, void>({
  name: 'users.setAvatar',
  schema: new SimpleSchema({ fileId: { type: String, regEx: ID_PATTERN, optional: true } }),
  async run({ fileId }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return;
    if (fileId !== undefined) {
      const file = await Files.findOneAsync({ _id: fileId });
      if (file === undefined || file.uploadedBy !== userId || file.purpose !== 'avatar') throw appErrors.notFound('Avatar image');
    }
    await Users.updateAsync({ _id: userId }, { $set: { 'profile.avatarFileId': fileId ?? null } });
  },
});
