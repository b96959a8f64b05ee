import { Long, UUID, type Document } from 'bson';
import fs from 'node:fs';
import type { Catalog } from './catalog';
import { CollectionStore, type DocRecord } from './collection-store';
import type { IndexSpec } from './index-state';
import { encodeRecord, forEachRecord } from './journal-file';

/**
 * The snapshot file: records `header`, then per collection one `collection` record followed by
 * `docs` records, then `end`. A file without both header and end is incomplete.
 *
 * Version 1 (header `ts` only) was written while the journal was a single file: it covers every
 * entry with a time up to `ts`. Version 2 adds `generation`: it covers exactly the journal
 * segments numbered up to it, whatever the times of their entries (see data-directory.ts).
 */
export const SNAPSHOT_VERSION = 2;
const DOCS_PER_RECORD = 1000;
/** Encoded records gather up to this size before one asynchronous write. */
const WRITE_BYTES = 1024 * 1024;
/**
 * Written data is made durable every this many bytes, so the final fsync does not push the
 * whole snapshot to disk at once while journal writes (acknowledgements) queue behind it.
 */
const SYNC_BYTES = 4 * 1024 * 1024;

/** Record references copied in one capture step; `records[i]` is stored under `keys[i]`. */
export interface CapturedChunk {
  readonly keys: string[];
  readonly records: DocRecord[];
}

/**
 * One collection as of the snapshot's instant: the chunks' records except those whose key is
 * in `skip`, plus `current` (see SnapshotCapture).
 */
export interface CollectionView {
  readonly db: string;
  readonly name: string;
  readonly options: Document;
  readonly uuid: UUID;
  readonly indexes: IndexSpec[];
  readonly chunks: readonly CapturedChunk[];
  readonly skip: ReadonlySet<string>;
  readonly current: readonly DocRecord[];
}

/** The catalog as it stood at one instant, and the journal segments it covers. */
export interface SnapshotView {
  readonly ts: bigint;
  readonly generation: number;
  readonly collections: readonly CollectionView[];
}

export type SnapshotWriteOutcome = 'written' | 'abandoned';

export interface SnapshotWriteOptions {
  /** Resolves on a later event-loop turn; awaited between slices. */
  readonly yieldTurn: () => Promise<void>;
  /** Checked between slices; false stops the write, leaving only a `.tmp` file to delete. */
  readonly keepGoing: () => boolean;
}

async function writeFully(handle: fs.promises.FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Write `view` to `tmpPath` in slices of at most DOCS_PER_RECORD documents, yielding between
 * them, then fsync it. The caller renames it into place; until then a crash leaves a `.tmp`
 * file that recovery ignores.
 */
export async function writeSnapshotFile(view: SnapshotView, tmpPath: string, options: SnapshotWriteOptions): Promise<SnapshotWriteOutcome> {
  const handle = await fs.promises.open(tmpPath, 'w');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let unsyncedBytes = 0;
  const push = async (doc: Document): Promise<void> => {
    const record = encodeRecord(doc);
    pending.push(record);
    pendingBytes += record.length;
    if (pendingBytes >= WRITE_BYTES) await flush();
  };
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const data = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await writeFully(handle, data);
    unsyncedBytes += data.length;
    if (unsyncedBytes >= SYNC_BYTES) {
      unsyncedBytes = 0;
      await handle.datasync();
    }
  };
  try {
    // The first slice too starts on a later turn: the capture has just run in this one.
    await options.yieldTurn();
    if (!options.keepGoing()) return 'abandoned';
    await push({ kind: 'header', version: SNAPSHOT_VERSION, ts: Long.fromBigInt(view.ts, true), generation: view.generation });
    for (const coll of view.collections) {
      await push({ kind: 'collection', db: coll.db, coll: coll.name, options: coll.options, uuid: coll.uuid, indexes: coll.indexes });
      const checkSkip = coll.skip.size > 0;
      for (const { keys, records } of coll.chunks) {
        for (let i = 0; i < records.length; i += DOCS_PER_RECORD) {
          await options.yieldTurn();
          if (!options.keepGoing()) return 'abandoned';
          const docs: Document[] = [];
          for (let j = i; j < Math.min(i + DOCS_PER_RECORD, records.length); j += 1) {
            if (checkSkip && coll.skip.has(keys[j] as string)) continue;
            docs.push((records[j] as DocRecord).doc);
          }
          if (docs.length > 0) await push({ kind: 'docs', db: coll.db, coll: coll.name, docs });
        }
      }
      for (let i = 0; i < coll.current.length; i += DOCS_PER_RECORD) {
        await options.yieldTurn();
        if (!options.keepGoing()) return 'abandoned';
        await push({ kind: 'docs', db: coll.db, coll: coll.name, docs: coll.current.slice(i, i + DOCS_PER_RECORD).map((r) => r.doc) });
      }
    }
    await push({ kind: 'end' });
    await flush();
    await handle.sync();
    return 'written';
  } finally {
    await handle.close();
  }
}

export interface LoadedSnapshot {
  readonly version: number;
  readonly ts: bigint;
  /** Journal segments numbered up to this are inside the snapshot (0 for a version-1 file). */
  readonly generation: number;
  readonly documents: number;
}

/** Install the snapshot's collections into `catalog`; throws on an incomplete or corrupt file. */
export function loadSnapshotFile(file: string, catalog: Catalog): LoadedSnapshot {
  let header: { version: number; ts: bigint; generation: number } | null = null;
  let sawEnd = false;
  let documents = 0;
  forEachRecord(fs.readFileSync(file), (record) => {
    switch (record['kind']) {
      case 'header':
        header = {
          version: typeof record['version'] === 'number' ? record['version'] : 1,
          ts: BigInt.asUintN(64, (record['ts'] as Long).toBigInt()),
          generation: typeof record['generation'] === 'number' ? record['generation'] : 0,
        };
        return;
      case 'collection': {
        const store = new CollectionStore(
          record['db'] as string,
          record['coll'] as string,
          (record['options'] ?? {}) as Document,
          record['uuid'] instanceof UUID ? record['uuid'] : new UUID(),
        );
        catalog.adopt(store);
        for (const spec of (record['indexes'] ?? []) as IndexSpec[]) store.createIndex(spec);
        return;
      }
      case 'docs': {
        const store = catalog.collection(record['db'] as string, record['coll'] as string);
        if (store === undefined || header === null) throw new Error('minimongod: snapshot documents precede their collection');
        for (const doc of record['docs'] as Document[]) store.insert(doc);
        documents += (record['docs'] as Document[]).length;
        return;
      }
      case 'end':
        sawEnd = true;
        return;
      default:
        throw new Error(`minimongod: unknown snapshot record ${String(record['kind'])}`);
    }
  });
  const found = header as { version: number; ts: bigint; generation: number } | null;
  if (found === null || !sawEnd) throw new Error(`minimongod: snapshot ${file} is incomplete or corrupt; refusing to start`);
  return { ...found, documents };
}
