import { Long, UUID, type Document } from 'bson';
import fs from 'node:fs';
import type { Catalog } from './catalog';
import type { DocRecord } from './collection-store';
import { CollectionStore } from './collection-store';
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

interface CollectionView {
  readonly db: string;
  readonly name: string;
  readonly options: Document;
  readonly uuid: UUID;
  readonly indexes: IndexSpec[];
  readonly records: DocRecord[];
}

/**
 * The catalog as it stood at one instant. Documents are never mutated in place (an update
 * commits a new post-image and the store swaps in a new DocRecord), so holding the record
 * references is enough to keep this view fixed while writes continue.
 */
export interface SnapshotView {
  readonly ts: bigint;
  readonly generation: number;
  readonly collections: readonly CollectionView[];
}

/** Synchronous and O(documents) in reference copies only (no encoding): the one step that must not interleave with writes. */
export function captureSnapshotView(catalog: Catalog, ts: bigint, generation: number): SnapshotView {
  return {
    ts,
    generation,
    collections: catalog.allCollections().map((store) => ({
      db: store.db,
      name: store.name,
      options: store.options,
      uuid: store.uuid,
      indexes: [...store.indexes.values()].map((i) => i.spec),
      records: Array.from(store.records.values()),
    })),
  };
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
  };
  try {
    // The first slice too starts on a later turn: the capture has just run in this one.
    await options.yieldTurn();
    if (!options.keepGoing()) return 'abandoned';
    await push({ kind: 'header', version: SNAPSHOT_VERSION, ts: Long.fromBigInt(view.ts, true), generation: view.generation });
    for (const coll of view.collections) {
      await push({ kind: 'collection', db: coll.db, coll: coll.name, options: coll.options, uuid: coll.uuid, indexes: coll.indexes });
      for (let i = 0; i < coll.records.length; i += DOCS_PER_RECORD) {
        await options.yieldTurn();
        if (!options.keepGoing()) return 'abandoned';
        const docs = coll.records.slice(i, i + DOCS_PER_RECORD).map((r) => r.doc);
        await push({ kind: 'docs', db: coll.db, coll: coll.name, docs });
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
        const store = new CollectionStore(record['db'] as string, record['coll'] as string, (record['options'] ?? {}) as Document, record['uuid'] instanceof UUID ? record['uuid'] : new UUID());
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
