import { useState } from 'react';
import { addCustomEmoji, removeCustomEmoji } from '/imports/api/emoji/methods';
import { MAX_CUSTOM_EMOJI_BYTES } from '/imports/api/emoji/collection';
import { isInlineImage } from '/imports/api/files/collection';
import { CustomEmojiImage } from '/imports/ui/emoji/custom-emoji-image';
import { useCustomEmoji } from '/imports/ui/emoji/use-custom-emoji';
import { uploadEmojiImage } from '/imports/ui/hooks/use-file-url';
import { ErrorLine, useAction } from './panel-actions';

// CUSTOM_EMOJI_NAME_PATTERN as an HTML pattern (matched whole, in the `v` mode, where `-` is escaped).
const NAME_INPUT_PATTERN = '[a-z0-9_+\\-]{1,32}';

/** An admin's list of the workspace's custom emoji, with adding (name + image) and removing. */
export function CustomEmojiSection() {
  const custom = useCustomEmoji();
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, act] = useAction();
  const [fileKey, setFileKey] = useState(0);
  return (
    <section className="panel-section" aria-labelledby="custom-emoji-heading">
      <h3 id="custom-emoji-heading">Custom emoji</h3>
      <ErrorLine error={error} />
      <ul className="custom-emoji-list">
        {[...custom.values()].map((emoji) => (
          <li key={emoji._id}>
            <CustomEmojiImage fileId={emoji.fileId} label="" /> <code>:{emoji.name}:</code>
            <button
              type="button"
              className="link"
              aria-label={`Remove :${emoji.name}:`}
              onClick={() => act(() => removeCustomEmoji.callAsync({ name: emoji.name }))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file === null) return;
          if (!isInlineImage(file.type) || file.size > MAX_CUSTOM_EMOJI_BYTES) {
            const reason = `Choose a PNG, JPEG, GIF or WebP image of at most ${MAX_CUSTOM_EMOJI_BYTES / 1024} KB`;
            act(() => Promise.reject(Object.assign(new Error(reason), { reason })));
            return;
          }
          act(async () => {
            const { fileId } = await uploadEmojiImage(file);
            await addCustomEmoji.callAsync({ name, fileId });
            setName('');
            setFile(null);
            setFileKey((k) => k + 1);
          });
        }}
      >
        <label>
          Name (used as :name:)
          <input
            value={name}
            onChange={(e) => setName(e.target.value.toLowerCase())}
            maxLength={32}
            pattern={NAME_INPUT_PATTERN}
            title="Lower-case letters, digits, _ + -"
            placeholder="party-parrot"
            required
          />
        </label>
        <label>
          Image
          <input key={fileKey} type="file" accept="image/png,image/jpeg,image/gif,image/webp" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </label>
        <button className="btn btn-small" type="submit">
          Add emoji
        </button>
      </form>
    </section>
  );
}
