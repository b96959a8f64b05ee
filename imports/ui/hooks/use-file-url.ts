import { useEffect, useState } from 'react';
import { ClientAccounts as Accounts } from '/imports/ui/data/client-accounts';

export type FileUrlState = { kind: 'loading' } | { kind: 'ready'; url: string } | { kind: 'failed'; reason: string };

/**
 * Downloads need the login token in a header (never in a URL that could leak), so files are
 * fetched and shown through an object URL, revoked on unmount.
 */
export function useFileUrl(fileId: string): FileUrlState {
  const [state, setState] = useState<FileUrlState>({ kind: 'loading' });
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    fetch(`/api/files/${encodeURIComponent(fileId)}`, { headers: { 'x-login-token': Accounts.loginToken() ?? '' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(response.status === 404 ? 'File not available' : `Download failed (${response.status})`);
        const blob = await response.blob();
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setState({ kind: 'ready', url });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ kind: 'failed', reason: error instanceof Error ? error.message : 'Download failed' });
      });
    return () => {
      cancelled = true;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [fileId]);
  return state;
}

export interface UploadResult {
  fileId: string;
  name: string;
  type: string;
  size: number;
}

/**
 * An upload the server refused. `code` is the stable `error` of its answer (`files.too-large`,
 * `files.quota-exceeded`, `files.rate-limited`, …); `reason` (also the message) is what to show,
 * read by the panels' `reasonOf` as for a Meteor.Error.
 */
export class UploadRefusedError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'UploadRefusedError';
  }
}

/** Uploads into a channel, or (channelId null) as the caller's avatar; a refusal rejects with UploadRefusedError. */
export function uploadFile(channelId: string | null, file: File): Promise<UploadResult> {
  return postFile(channelId === null ? 'purpose=avatar' : `channelId=${encodeURIComponent(channelId)}`, file);
}

/** Uploads an admin's image for a custom emoji (then named by `emoji.add`). */
export function uploadEmojiImage(file: File): Promise<UploadResult> {
  return postFile('purpose=emoji', file);
}

async function postFile(target: string, file: File): Promise<UploadResult> {
  const response = await fetch(`/api/files?${target}&name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', 'x-login-token': Accounts.loginToken() ?? '' },
    body: file,
  });
  const body = (await response.json().catch(() => ({}))) as { error?: unknown; reason?: unknown } & Partial<UploadResult>;
  if (!response.ok) {
    const code = typeof body.error === 'string' ? body.error : `http-${response.status}`;
    throw new UploadRefusedError(code, typeof body.reason === 'string' ? body.reason : `Upload failed (${response.status})`);
  }
  return body as UploadResult;
}
