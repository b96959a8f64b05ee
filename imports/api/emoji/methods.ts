import SimpleSchema from 'simpl-schema';
import { isDuplicateKeyError } from 'meteor/mongo';
import { defineMethod } from '@perseid/collection-security';
import { appErrors } from '../app-errors';
import { isAdmin, requireUserId } from '../channels/access';
import { ID_PATTERN } from '../channels/schema';
import { isInlineImage } from '../files/collection';
import { disposeFiles, releaseFile, takeFile } from '../files/file-lifecycle';
import { CUSTOM_EMOJI_NAME_PATTERN, CustomEmojis, MAX_CUSTOM_EMOJI_BYTES } from './collection';

const nameField = { type: String, regEx: CUSTOM_EMOJI_NAME_PATTERN };

async function requireAdmin(userId: string): Promise<void> {
  if (!(await isAdmin(userId))) throw appErrors.forbidden('Only an admin can manage custom emoji');
}

/**
 * Adds a custom emoji from an image the admin uploaded with `purpose=emoji`. The name is unique
 * (a unique index settles two adds at once); a refused add leaves the upload pending, so the
 * orphan sweep collects it.
 */
export const addCustomEmoji = defineMethod<{ name: string; fileId: string }, void>({
  name: 'emoji.add',
  schema: new SimpleSchema({ name: nameField, fileId: { type: String, regEx: ID_PATTERN } }),
  async run({ name, fileId }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return;
    await requireAdmin(userId);
    if ((await CustomEmojis.findOneAsync({ name }, { fields: { _id: 1 } })) !== undefined) throw appErrors.emojiNameTaken();
    const file = await takeFile(fileId, { uploadedBy: userId, purpose: 'emoji' });
    if (file === null) throw appErrors.notFound('Emoji image');
    if (!isInlineImage(file.type) || file.size > MAX_CUSTOM_EMOJI_BYTES) {
      await releaseFile(fileId);
      throw appErrors.invalid(`A custom emoji must be a PNG, JPEG, GIF or WebP image of at most ${MAX_CUSTOM_EMOJI_BYTES / 1024} KB`);
    }
    try {
      await CustomEmojis.insertAsync({ name, fileId, createdBy: userId, createdAt: new Date() });
    } catch (error) {
      await releaseFile(fileId);
      if (isDuplicateKeyError(error)) throw appErrors.emojiNameTaken();
      throw error;
    }
  },
});

/** Removes a custom emoji and its image; reactions and text that used it show `:name:` as text. */
export const removeCustomEmoji = defineMethod<{ name: string }, void>({
  name: 'emoji.remove',
  schema: new SimpleSchema({ name: nameField }),
  async run({ name }) {
    const userId = requireUserId(this.userId);
    if (this.isSimulation) return;
    await requireAdmin(userId);
    const emoji = await CustomEmojis.findOneAsync({ name });
    if (emoji === undefined) throw appErrors.notFound('Custom emoji');
    const removed = await CustomEmojis.removeAsync({ _id: emoji._id });
    if (removed > 0) await disposeFiles([emoji.fileId]);
  },
});
