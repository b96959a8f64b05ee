import type { StoredFile } from './collection';
import { Files } from './collection';

/** Deletes files (metadata and bytes); the server start-up installs the GridFS one. */
export interface FileDisposer {
  dispose(fileIds: readonly string[]): Promise<void>;
}

let disposer: FileDisposer = { dispose: async () => undefined };

export function setFileDisposer(next: FileDisposer): void {
  disposer = next;
}

/** Deletes files no longer referenced (a removed message's attachment, a replaced avatar). */
export async function disposeFiles(fileIds: readonly string[]): Promise<void> {
  if (fileIds.length > 0) await disposer.dispose(fileIds);
}

/**
 * Marks a pending upload of `uploadedBy` as in use, in one atomic update, and returns it; null
 * when there is no such pending file (unknown, someone else's, already taken, or collected).
 */
export async function takeFile(fileId: string, match: Pick<StoredFile, 'uploadedBy' | 'purpose'> & { channelId?: string }): Promise<StoredFile | null> {
  const selector = { _id: fileId, state: 'pending' as const, ...match };
  const taken = await Files.updateAsync(selector, { $set: { state: 'in-use' } });
  if (taken === 0) return null;
  return (await Files.findOneAsync({ _id: fileId })) ?? null;
}

/** Gives a taken file back to the pending state (its taker failed), so the sweep can collect it. */
export async function releaseFile(fileId: string): Promise<void> {
  await Files.updateAsync({ _id: fileId, state: 'in-use' }, { $set: { state: 'pending' } });
}
