import { useEffect, useState } from 'react';
import { ClientAccounts as Accounts } from '/imports/ui/data/client-accounts';

// Object URLs of custom emoji images, one download per image for the page's life: the same
// few images are drawn in many messages, and their bytes never change under an id.
const urls = new Map<string, Promise<string>>();

function imageUrl(fileId: string): Promise<string> {
  let url = urls.get(fileId);
  if (url === undefined) {
    url = fetch(`/api/files/${encodeURIComponent(fileId)}`, { headers: { 'x-login-token': Accounts.loginToken() ?? '' } }).then(async (response) => {
      if (!response.ok) throw new Error(`Download failed (${response.status})`);
      return URL.createObjectURL(await response.blob());
    });
    url.catch(() => urls.delete(fileId));
    urls.set(fileId, url);
  }
  return url;
}

/** A custom emoji drawn at text size; `label` is its text alternative (`:name:`), '' when a label is given elsewhere. */
export function CustomEmojiImage({ fileId, label }: { readonly fileId: string; readonly label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    imageUrl(fileId).then(
      (url) => live && setSrc(url),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [fileId]);
  return src === null ? (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label goes with role="img"; both are absent for a decorative emoji
    <span className="custom-emoji" role={label === '' ? undefined : 'img'} aria-label={label === '' ? undefined : label} />
  ) : (
    <img className="custom-emoji" src={src} alt={label} />
  );
}
