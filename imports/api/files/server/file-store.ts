import { GridFSBucket } from 'mongodb';
// GridFS ids may be any BSON value; the driver's types say ObjectId only, so string ids are cast at this one boundary.
import type { ObjectId } from 'mongodb';
import { Files } from '../collection';
import type { FileDisposer } from '../file-lifecycle';

export const BUCKET = 'uploads';

export function bucket(): GridFSBucket {
  return new GridFSBucket(Files.rawDatabase(), { bucketName: BUCKET });
}

export function gridId(fileId: string): ObjectId {
  return fileId as unknown as ObjectId;
}

/** A byte source read one chunk at a time, so the reader decides when to stop asking. */
export type ChunkSource = AsyncIterator<Buffer>;

/** Asked before each chunk is stored; a non-null answer stops the upload and names why. */
export type ChunkGate<R> = (bytes: number) => R | null;

export type StoreOutcome<R> = { kind: 'stored'; size: number } | { kind: 'refused'; refusal: R } | { kind: 'empty' };

/**
 * Streams `source` into GridFS under `fileId`, passing each chunk through `gate` first. On a
 * refusal, an empty body or a failing source, the chunks already written are deleted before
 * this resolves (or rejects), so nothing of a refused upload stays. Each write is awaited, so
 * no chunk insert is still in flight when the abort deletes them, and at most one chunk of the
 * body is held in memory.
 */
export async function storeStream<R>(
  source: ChunkSource,
  fileId: string,
  name: string,
  metadata: Record<string, unknown>,
  gate: ChunkGate<R>,
): Promise<StoreOutcome<R>> {
  const stream = bucket().openUploadStreamWithId(gridId(fileId), name, { metadata });
  let size = 0;
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      stream.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  try {
    for (let next = await source.next(); next.done !== true; next = await source.next()) {
      const chunk = next.value;
      if (chunk.length === 0) continue;
      const refusal = gate(chunk.length);
      if (refusal !== null) {
        await stream.abort();
        return { kind: 'refused', refusal };
      }
      size += chunk.length;
      await write(chunk);
    }
    if (size === 0) {
      await stream.abort();
      return { kind: 'empty' };
    }
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    return { kind: 'stored', size };
  } catch (error) {
    await stream.abort().catch(() => undefined);
    await deleteBytes(fileId).catch(() => undefined);
    throw error;
  }
}

/** Deletes files: the metadata first (downloads answer 404 from then on), then the bytes. */
export const gridFsDisposer: FileDisposer = {
  async dispose(fileIds) {
    for (const fileId of fileIds) await deleteFile(fileId);
  },
};

async function deleteFile(fileId: string): Promise<void> {
  await Files.removeAsync({ _id: fileId });
  await deleteBytes(fileId);
}

/** Deletes a file's GridFS chunks and files entry; chunks go even when the entry is missing. */
export async function deleteBytes(fileId: string): Promise<void> {
  try {
    await bucket().delete(gridId(fileId));
  } catch (error) {
    // The driver's answer when no files entry exists (never written, or deleted concurrently).
    if (error instanceof Error && error.message.startsWith('File not found')) return;
    throw error;
  }
}
