// biome-ignore-all lint/suspicious/noArrayIndexKey: the elements are derived from one text in order; a position is their identity
import { Fragment, type ReactNode } from 'react';
import { customEmojiName } from '/imports/api/emoji/collection';
import { CustomEmojiImage } from './custom-emoji-image';
import { useCustomEmoji } from './use-custom-emoji';

/** Text that may hold `:name:` tokens; a quick test before anything subscribes or splits. */
export const MAY_HOLD_CUSTOM_EMOJI = /:[a-z0-9_+-]{1,32}:/;
const TOKENS = /(:[a-z0-9_+-]{1,32}:)/;

/** `text` with each `:name:` of an existing custom emoji drawn as its image; other tokens stay text. */
export function EmojiText({ text }: { readonly text: string }) {
  const custom = useCustomEmoji();
  const parts: ReactNode[] = text.split(TOKENS).map((part, i) => {
    const name = i % 2 === 1 ? customEmojiName(part) : null;
    const emoji = name === null ? undefined : custom.get(name);
    return emoji === undefined ? <Fragment key={i}>{part}</Fragment> : <CustomEmojiImage key={i} fileId={emoji.fileId} label={part} />;
  });
  return <>{parts}</>;
}

/** A reaction's emoji: the character itself, or the image of a custom `:name:`. */
export function ReactionGlyph({ value }: { readonly value: string }) {
  return MAY_HOLD_CUSTOM_EMOJI.test(value) ? <EmojiText text={value} /> : value;
}
