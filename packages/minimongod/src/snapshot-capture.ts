import { canonicalKey } from './bson-value';
import type { Catalog } from './catalog';
import type { CollectionStore, DocRecord } from './collection-store';
import type { OplogEntry } from './oplog-entry';
import type { CapturedChunk, CollectionView, SnapshotView } from './snapshot-file';

interface Progress {
  /**
   * One chunk per step: a single array growing to a million slots stalls the loop when it is
   * reallocated (and one allocated at full size up front costs milliseconds to clear).
   */
  readonly chunks: CapturedChunk[];
  /** Documents written while this store was being copied: re-read at `finish()`. */
  readonly touched: Set<string>;
  iterator: Iterator<[string, DocRecord]> | null;
}

/**
 * Copies the catalog's record references in bounded steps across event-loop turns while writes
 * continue, then `finish()` makes the copy exact as of one instant, synchronously and cheaply:
 *
 * - a document no write touched since the copy began still holds the reference copied
 *   (documents are never mutated in place: an update swaps in a new DocRecord);
 * - a document a write touched (`note()` sees every committed entry, in commit order) is
 *   skipped in the copy and re-read from its store at `finish()`;
 * - a collection created, or replaced by a rename, during the copy is copied whole at
 *   `finish()`; one dropped is left out.
 *
 * So the work done in one turn is O(step) during the copy and O(touched documents + new
 * collections) at `finish()`, not O(data set).
 */
export class SnapshotCapture {
  readonly #catalog: Catalog;
  readonly #progress = new Map<CollectionStore, Progress>();
  readonly #pending: CollectionStore[];

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
    this.#pending = catalog.allCollections();
    for (const store of this.#pending) {
      this.#progress.set(store, { chunks: [], touched: new Set(), iterator: store.records.entries() });
    }
  }

  /** Record a committed entry (called right after the catalog applied it). */
  note(entry: OplogEntry): void {
    switch (entry.op) {
      case 'insert':
      case 'update':
      case 'replace':
        this.#touch(entry.ns.db, entry.ns.coll, entry.doc['_id']);
        return;
      case 'delete':
        this.#touch(entry.ns.db, entry.ns.coll, entry.id);
        return;
      case 'create':
      case 'drop':
      case 'rename':
      case 'dropDatabase':
      case 'createIndex':
      case 'dropIndex':
        // Store identity tells these apart at finish(); index specs are read then.
        return;
      default: {
        const never: never = entry;
        throw new Error(`unhandled oplog entry ${String(never)}`);
      }
    }
  }

  #touch(db: string, coll: string, id: unknown): void {
    const store = this.#catalog.collection(db, coll);
    if (store === undefined) return;
    this.#progress.get(store)?.touched.add(canonicalKey(id));
  }

  /** Copy up to `budget` more references; 'done' once every store present at the start is copied. */
  step(budget: number): 'more' | 'done' {
    let left = budget;
    while (left > 0) {
      const store = this.#pending[0];
      if (store === undefined) return 'done';
      const progress = this.#progress.get(store) as Progress;
      const iterator = progress.iterator as Iterator<[string, DocRecord]>;
      const chunk: CapturedChunk = { keys: [], records: [] };
      progress.chunks.push(chunk);
      for (; left > 0; left -= 1) {
        const next = iterator.next();
        if (next.done === true) {
          progress.iterator = null;
          this.#pending.shift();
          break;
        }
        chunk.keys.push(next.value[0]);
        chunk.records.push(next.value[1]);
      }
    }
    return this.#pending.length === 0 ? 'done' : 'more';
  }

  /** The exact catalog as of now. Call only after `step` returned 'done'. */
  finish(ts: bigint, generation: number): SnapshotView {
    if (this.#pending.length > 0) throw new Error('SnapshotCapture.finish before the copy is done');
    const collections: CollectionView[] = this.#catalog.allCollections().map((store) => {
      const base = { db: store.db, name: store.name, options: store.options, uuid: store.uuid, indexes: [...store.indexes.values()].map((i) => i.spec) };
      const progress = this.#progress.get(store);
      if (progress === undefined) {
        const chunk: CapturedChunk = { keys: [], records: [] };
        for (const [key, record] of store.records) {
          chunk.keys.push(key);
          chunk.records.push(record);
        }
        return { ...base, chunks: [chunk], skip: new Set<string>(), current: [] };
      }
      const current: DocRecord[] = [];
      for (const key of progress.touched) {
        const record = store.records.get(key);
        if (record !== undefined) current.push(record);
      }
      return { ...base, chunks: progress.chunks, skip: progress.touched, current };
    });
    return { ts, generation, collections };
  }
}
