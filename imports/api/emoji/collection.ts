import { Mongo } from 'meteor/mongo';

/** An image a workspace admin added, used as `:name:` in reactions and message text. */
export interface CustomEmoji {
  _id: string;
  /** Unique; the value of a reaction with it is `:name:`. */
  name: string;
  /** The image, a file of purpose `emoji` (readable by anyone signed in). */
  fileId: string;
  createdBy: string;
  createdAt: Date;
}

export const CustomEmojis = new Mongo.Collection<CustomEmoji>('customEmoji');

export const CUSTOM_EMOJI_NAME_PATTERN = /^[a-z0-9_+-]{1,32}$/;
/** A reaction or text token naming a custom emoji: the name between colons. */
export const CUSTOM_EMOJI_VALUE_PATTERN = /^:([a-z0-9_+-]{1,32}):$/;
/** Small images only: they are drawn at text size. */
export const MAX_CUSTOM_EMOJI_BYTES = 256 * 1024;

/** The name inside a `:name:` value, or null when `value` is not one. */
export function customEmojiName(value: string): string | null {
  return CUSTOM_EMOJI_VALUE_PATTERN.exec(value)?.[1] ?? null;
}
