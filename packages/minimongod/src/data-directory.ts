import type { Document } from 'bson';
import fs from 'node:fs';
import path from 'node:path';
import { acquireDirectoryLock } from './directory-lock';
import { forEachRecord, JournalFile } from './journal-file';
import type { DurableSink } from './oplog';
import { decodeEntry, encodeEntry } from './oplog-codec';
import type { OplogEntry } from './oplog-entry';
import type { ServerState } from './server-state';
import { SnapshotCapture } from './snapshot-capture';
import { loadSnapshotFile, writeSnapshotFile, type SnapshotView } from './snapshot-file';

const JOURNAL_FILE = 'journal.wal';
const SNAPSHOT_FILE = 'snapshot.bson';
const SEALED_SEGMENT = /^journal\.(\d+)\.wal$/;
const ENTRIES_PER_RECORD = 1000;
/** Record references copied per turn while a compaction captures the catalog. */
const CAPTURE_STEP = 20_000;
export const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

export interface DataDirectory {
  readonly journal: DurableSink;
  /** Load the snapshot and replay the journal segments into `state`. */
  recover(state: ServerState): void;
  /** Start a compaction if the journal has grown past the threshold and none is running. */
  maybeCompact(state: ServerState): void;
  /** Abandons a running compaction (its segments stay for the next one), then closes the journal. */
  close(): Promise<void>;
}

export interface DataDirectoryOptions {
  readonly compactBytes?: number | undefined;
  /** Awaited between compaction slices (default: the next event-loop turn, via setImmediate). */
  readonly compactionTurn?: (() => Promise<void>) | undefined;
  readonly log: (line: string) => void;
}

/** `running`: capturing or writing, a slice per turn; `abandoning`: close() asked it to stop at its next slice. */
type CompactionState = { readonly kind: 'idle' } | { readonly kind: 'running' | 'abandoning'; readonly done: Promise<void> };

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Sealed journal segments in the directory, oldest first. */
function sealedSegments(dir: string): Array<{ generation: number; file: string }> {
  const found: Array<{ generation: number; file: string }> = [];
  for (const name of fs.readdirSync(dir)) {
    const match = SEALED_SEGMENT.exec(name);
    if (match !== null) found.push({ generation: Number(match[1]), file: path.join(dir, name) });
  }
  return found.sort((a, b) => a.generation - b.generation);
}

/**
 * The on-disk layout, and how a compaction moves through it without stopping writes:
 *
 *   snapshot.bson        state up to its generation G (every segment numbered ≤ G)
 *   journal.<n>.wal      sealed segments, n > G, replayed in order after the snapshot
 *   journal.wal          the segment being appended to, replayed last
 *
 * A compaction first copies the catalog's record references a step per turn (SnapshotCapture),
 * entries still going to journal.wal. Then, in one synchronous step, it flushes the pending
 * batch into journal.wal, renames it to journal.<g>.wal (the open file descriptor keeps writing
 * its in-flight records there), opens a fresh journal.wal and finishes the capture, exact as of
 * that instant. So every entry is either in the view and in a segment ≤ g, or after it in
 * journal.wal. Then, across turns:
 * snapshot.bson.tmp is written in slices and fsynced; once the sealed segment is drained and
 * the directory fsynced, the tmp is renamed over snapshot.bson, the directory fsynced again, and
 * segments ≤ g are deleted. A crash at any point leaves a state recovery reads correctly:
 * the old snapshot + every segment, or the new snapshot + segments it covers (skipped, deleted)
 * + journal.wal. Nothing written to the new journal.wal is acknowledged before the sealed
 * segment is drained and the rename is on disk, so no acknowledged record sits after a gap.
 */
export async function openDataDirectory(dir: string, options: DataDirectoryOptions): Promise<DataDirectory> {
  const resolved = path.resolve(dir);
  await fs.promises.mkdir(resolved, { recursive: true });
  const lock = await acquireDirectoryLock(resolved);
  const journalPath = path.join(resolved, JOURNAL_FILE);
  const snapshotPath = path.join(resolved, SNAPSHOT_FILE);
  const tmpPath = `${snapshotPath}.tmp`;
  const compactBytes = options.compactBytes ?? DEFAULT_COMPACT_BYTES;
  const yieldTurn = options.compactionTurn ?? nextTurn;
  let journal: JournalFile;
  try {
    journal = new JournalFile(journalPath);
  } catch (error) {
    await lock.release();
    throw error;
  }
  let nextGeneration = 1;
  /** Bytes in sealed segments not yet covered by a snapshot. */
  let sealedBytes = 0;
  /** Set while a sealed segment drains: syncs of the new journal.wal wait for it. */
  let sealing: Promise<void> | null = null;
  /**
   * A sealed segment failed to drain: records after it would follow a gap, so every later
   * sync is refused, as JournalFile refuses them after its own failure.
   */
  let sealFailure: Error | null = null;
  let compaction: CompactionState = { kind: 'idle' };
  /** Set while a compaction copies the catalog: it must see every entry committed meanwhile. */
  let capturing: SnapshotCapture | null = null;
  let closed = false;

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
      capturing?.note(entry);
    },
    sync: () => {
      moveBatchToJournal();
      if (sealFailure !== null) return Promise.reject(sealFailure);
      if (sealing === null) return journal.sync();
      const current = journal;
      return sealing.then(() => current.sync());
    },
  };

  /** The synchronous switch: seal journal.wal as segment `generation`, open a new one, finish the capture. */
  const sealAndCapture = (state: ServerState, capture: SnapshotCapture): SnapshotView => {
    const generation = nextGeneration;
    const switching = performance.now();
    moveBatchToJournal();
    const sealedPath = path.join(resolved, `journal.${generation}.wal`);
    fs.renameSync(journalPath, sealedPath);
    const sealed = journal;
    try {
      journal = new JournalFile(journalPath);
    } catch (error) {
      fs.renameSync(sealedPath, journalPath);
      throw error;
    }
    nextGeneration += 1;
    sealedBytes += sealed.size;
    const drained = Promise.all([sealed.sync().finally(() => sealed.close()), fsyncDirectory(resolved)]);
    const gate: Promise<void> = drained.then(
      () => {
        if (sealing === gate) sealing = null;
      },
      (error: unknown) => {
        sealFailure = new Error(
          `journal segment ${generation} failed to drain (${error instanceof Error ? error.message : String(error)}); restart minimongod`,
        );
        throw sealFailure;
      },
    );
    sealing = gate;
    gate.catch(() => undefined);
    const view = capture.finish(state.clock.current(), generation);
    const rewritten = view.collections.reduce((n, c) => n + c.current.length, 0);
    options.log(
      `compaction sealed journal segment ${generation} and finished its capture in ${(performance.now() - switching).toFixed(1)} ms (${rewritten} documents re-read)`,
    );
    return view;
  };

  const runCompaction = async (state: ServerState, capture: SnapshotCapture): Promise<void> => {
    const started = Date.now();
    const keepGoing = (): boolean => compaction.kind === 'running';
    while (capture.step(CAPTURE_STEP) === 'more') {
      await yieldTurn();
      if (!keepGoing()) {
        options.log('compaction abandoned (server closing) before it sealed the journal');
        return;
      }
    }
    const view = sealAndCapture(state, capture);
    capturing = null;
    const outcome = await writeSnapshotFile(view, tmpPath, { yieldTurn, keepGoing });
    if (outcome === 'abandoned') {
      await fs.promises.rm(tmpPath, { force: true });
      options.log('compaction abandoned (server closing); its journal segments stay for the next one');
      return;
    }
    // The snapshot must not replace the old one before the sealed segment's own records and
    // the new journal.wal's directory entry are durable.
    await sealing;
    await fs.promises.rename(tmpPath, snapshotPath);
    await fsyncDirectory(resolved);
    for (const segment of sealedSegments(resolved)) {
      if (segment.generation <= view.generation) await fs.promises.rm(segment.file, { force: true });
    }
    sealedBytes = 0;
    options.log(`compacted the journal into a snapshot (generation ${view.generation}) in ${Date.now() - started} ms`);
  };

  const startCompaction = (state: ServerState): Promise<void> => {
    if (compaction.kind !== 'idle') return compaction.done;
    if (closed || sealFailure !== null) return Promise.resolve();
    const capture = new SnapshotCapture(state.catalog);
    capturing = capture;
    options.log('compaction started');
    const done = runCompaction(state, capture)
      .catch(async (error: unknown) => {
        // A tmp left behind is deleted by the next recovery; this must not reject.
        await fs.promises.rm(tmpPath, { force: true }).catch(() => undefined);
        options.log(`compaction failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        capturing = null;
        compaction = { kind: 'idle' };
      });
    compaction = { kind: 'running', done };
    return done;
  };

  const replaySegment = (file: string, skipThrough: bigint, state: ServerState): { replayed: number; lastTs: bigint } => {
    if (!fs.existsSync(file)) return { replayed: 0, lastTs: 0n };
    const bytes = fs.readFileSync(file);
    let replayed = 0;
    let lastTs = 0n;
    const replay = (stored: Document): void => {
      const entry = decodeEntry(stored);
      if (entry.ts <= skipThrough) return;
      try {
        state.catalog.apply(entry);
      } catch (error) {
        options.log(`journal replay: skipped entry at ${entry.ts}: ${error instanceof Error ? error.message : String(error)}`);
      }
      state.oplog.restore(entry);
      replayed += 1;
      lastTs = entry.ts;
    };
    const validBytes = forEachRecord(bytes, (record) => {
      // A record holds a batch of entries (or, in the first format, one entry).
      const entries = record['entries'];
      if (Array.isArray(entries)) for (const stored of entries as Document[]) replay(stored);
      else replay(record);
    });
    if (validBytes < bytes.length) {
      options.log(`journal: dropped a torn tail of ${bytes.length - validBytes} bytes from ${path.basename(file)}`);
      fs.truncateSync(file, validBytes);
    }
    return { replayed, lastTs };
  };

  return {
    journal: sink,
    recover(state) {
      const started = Date.now();
      // A tmp snapshot is a compaction that never finished; the segments it would have covered are all still here.
      fs.rmSync(tmpPath, { force: true });
      let snapshotTs = 0n;
      let covered = 0;
      let skipThrough = -1n;
      let documents = 0;
      if (fs.existsSync(snapshotPath)) {
        const loaded = loadSnapshotFile(snapshotPath, state.catalog);
        snapshotTs = loaded.ts;
        covered = loaded.generation;
        documents = loaded.documents;
        // A version-1 snapshot shared journal.wal with the entries it absorbed (a crash between
        // its rename and the truncation): only those are told apart by time.
        if (loaded.version === 1) skipThrough = loaded.ts;
        state.clock.advanceTo(snapshotTs);
        state.oplog.raiseFloor(snapshotTs);
      }
      let replayed = 0;
      let lastTs = 0n;
      for (const segment of sealedSegments(resolved)) {
        nextGeneration = Math.max(nextGeneration, segment.generation + 1);
        if (segment.generation <= covered) {
          fs.rmSync(segment.file, { force: true });
          continue;
        }
        const result = replaySegment(segment.file, skipThrough, state);
        sealedBytes += fs.statSync(segment.file).size;
        replayed += result.replayed;
        if (result.lastTs > lastTs) lastTs = result.lastTs;
      }
      nextGeneration = Math.max(nextGeneration, covered + 1);
      const current = replaySegment(journalPath, skipThrough, state);
      replayed += current.replayed;
      if (current.lastTs > lastTs) lastTs = current.lastTs;
      state.clock.advanceTo(lastTs);
      options.log(`recovered ${documents} snapshot documents and ${replayed} journal entries in ${Date.now() - started} ms`);
    },
    maybeCompact(state) {
      const bytes = journal.size + sealedBytes;
      if (bytes === 0 || bytes < compactBytes || compaction.kind !== 'idle') return;
      void startCompaction(state);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (compaction.kind === 'running') {
        const { done } = compaction;
        compaction = { kind: 'abandoning', done };
        await done;
      }
      moveBatchToJournal();
      await sealing?.catch(() => undefined);
      await journal.close();
      await lock.release();
    },
  };
}
