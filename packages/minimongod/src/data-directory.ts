import { Long, UUID, type Document } from 'bson';
import fs from 'node:fs';
import path from 'node:path';
import { CollectionStore } from './collection-store';
import type { IndexSpec } from './index-state';
import { encodeRecord, forEachRecord, JournalFile } from './journal-file';
import type { DurableSink } from './oplog';
import { decodeEntry, encodeEntry } from './oplog-codec';
import type { OplogEntry } from './oplog-entry';
import type { ServerState } from './server-state';

const LOCK_FILE = 'minimongod.lock';
const JOURNAL_FILE = 'journal.wal';
const SNAPSHOT_FILE = 'snapshot.bson';
const SNAPSHOT_VERSION = 1;
const DOCS_PER_SNAPSHOT_RECORD = 1000;
const ENTRIES_PER_RECORD = 1000;
export const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

/** Paths locked by servers in this process (a pid lock cannot tell two of ours apart). */
const lockedHere = new Set<string>();

export interface DataDirectory {
  readonly journal: DurableSink;
  /** Load the snapshot and replay the journal into `state`. */
  recover(state: ServerState): void;
  maybeCompact(state: ServerState): void;
  close(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireLock(dir: string): string {
  const lockPath = path.join(dir, LOCK_FILE);
  if (lockedHere.has(dir)) throw new Error(`minimongod: ${dir} is already in use by another minimongod in this process`);
  try {
    const existing = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
    if (Number.isInteger(existing) && existing > 0 && existing !== process.pid && processAlive(existing)) {
      throw new Error(`minimongod: ${dir} is already in use by process ${existing} (lock file ${lockPath}); stop that server first`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(lockPath, `${process.pid}\n`);
  lockedHere.add(dir);
  return lockPath;
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The on-disk layout: `snapshot.bson` (state up to its timestamp) + `journal.wal` (entries
 * after it) + the lock file. Every acknowledged write is in one of the two.
 */
export async function openDataDirectory(dir: string, options: { compactBytes?: number | undefined; log: (line: string) => void }): Promise<DataDirectory> {
  const resolved = path.resolve(dir);
  await fs.promises.mkdir(resolved, { recursive: true });
  const lockPath = acquireLock(resolved);
  const journalPath = path.join(resolved, JOURNAL_FILE);
  const snapshotPath = path.join(resolved, SNAPSHOT_FILE);
  const compactBytes = options.compactBytes ?? DEFAULT_COMPACT_BYTES;
  let journal: JournalFile;
  try {
    journal = new JournalFile(journalPath);
  } catch (error) {
    lockedHere.delete(resolved);
    throw error;
  }
  // Entries of one group commit go into as few journal records as possible: one checksum,
  // one BSON document per chunk instead of per change (replay cost is per record).
  let batch: OplogEntry[] = [];
  const moveBatchToJournal = (): void => {
    for (let i = 0; i < batch.length; i += ENTRIES_PER_RECORD) {
      journal.appendRecord({ entries: batch.slice(i, i + ENTRIES_PER_RECORD).map(encodeEntry) });
    }
    batch = [];
  };
  const sink: DurableSink = {
    append: (entry: OplogEntry) => {
      batch.push(entry);
    },
    sync: () => {
      moveBatchToJournal();
      return journal.sync();
    },
  };

  const writeSnapshot = (state: ServerState): void => {
    const ts = state.clock.current();
    const tmp = `${snapshotPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      const write = (doc: Document): void => {
        fs.writeSync(fd, encodeRecord(doc));
      };
      write({ kind: 'header', version: SNAPSHOT_VERSION, ts: Long.fromBigInt(ts, true) });
      for (const store of state.catalog.allCollections()) {
        write({ kind: 'collection', db: store.db, coll: store.name, options: store.options, uuid: store.uuid, indexes: [...store.indexes.values()].map((i) => i.spec) });
        let chunk: Document[] = [];
        for (const record of store.records.values()) {
          chunk.push(record.doc);
          if (chunk.length === DOCS_PER_SNAPSHOT_RECORD) {
            write({ kind: 'docs', db: store.db, coll: store.name, docs: chunk });
            chunk = [];
          }
        }
        if (chunk.length > 0) write({ kind: 'docs', db: store.db, coll: store.name, docs: chunk });
      }
      write({ kind: 'end' });
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, snapshotPath);
    fsyncDirectory(resolved);
    journal.truncateSync();
    // The in-memory history stays valid for live resumes; only a restart loses what the
    // snapshot absorbed (recover() raises the floor to the snapshot time).
  };

  return {
    journal: sink,
    recover(state) {
      const started = Date.now();
      let snapshotTs = 0n;
      let documents = 0;
      if (fs.existsSync(snapshotPath)) {
        let sawHeader = false;
        let sawEnd = false;
        forEachRecord(fs.readFileSync(snapshotPath), (record) => {
          switch (record['kind']) {
            case 'header':
              sawHeader = true;
              snapshotTs = BigInt.asUintN(64, (record['ts'] as Long).toBigInt());
              return;
            case 'collection': {
              const store = new CollectionStore(record['db'] as string, record['coll'] as string, (record['options'] ?? {}) as Document, record['uuid'] instanceof UUID ? record['uuid'] : new UUID());
              state.catalog.adopt(store);
              for (const spec of (record['indexes'] ?? []) as IndexSpec[]) store.createIndex(spec);
              return;
            }
            case 'docs': {
              const store = state.catalog.collection(record['db'] as string, record['coll'] as string);
              if (store === undefined || !sawHeader) throw new Error('minimongod: snapshot documents precede their collection');
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
        if (!sawHeader || !sawEnd) throw new Error(`minimongod: snapshot ${snapshotPath} is incomplete or corrupt; refusing to start`);
        state.clock.advanceTo(snapshotTs);
        state.oplog.raiseFloor(snapshotTs);
      }
      const bytes = fs.readFileSync(journalPath);
      let replayed = 0;
      const replay = (stored: Document): void => {
        const entry = decodeEntry(stored);
        if (entry.ts <= snapshotTs) return;
        try {
          state.catalog.apply(entry);
        } catch (error) {
          options.log(`journal replay: skipped entry at ${entry.ts}: ${error instanceof Error ? error.message : String(error)}`);
        }
        state.oplog.restore(entry);
        replayed += 1;
        lastTs = entry.ts;
      };
      let lastTs = 0n;
      const validBytes = forEachRecord(bytes, (record) => {
        // A record holds a batch of entries (or, in the first format, one entry).
        const entries = record['entries'];
        if (Array.isArray(entries)) for (const stored of entries as Document[]) replay(stored);
        else replay(record);
      });
      state.clock.advanceTo(lastTs);
      if (validBytes < bytes.length) {
        options.log(`journal: dropped a torn tail of ${bytes.length - validBytes} bytes`);
        fs.truncateSync(journalPath, validBytes);
      }
      options.log(`recovered ${documents} snapshot documents and ${replayed} journal entries in ${Date.now() - started} ms`);
    },
    maybeCompact(state) {
      if (journal.size < compactBytes || journal.isFlushing) return;
      writeSnapshot(state);
      options.log('compacted the journal into a snapshot');
    },
    async close() {
      moveBatchToJournal();
      await journal.close();
      try {
        fs.unlinkSync(lockPath);
      } catch {
        // Already gone: nothing to release.
      }
      lockedHere.delete(resolved);
    },
  };
}
