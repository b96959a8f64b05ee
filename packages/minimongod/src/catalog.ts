import { calculateObjectSize, type Document } from 'bson';
import { canonicalKey } from './bson-value';
import { CollectionStore } from './collection-store';
import { CommandError } from './errors';
import type { OplogEntry } from './oplog-entry';

/**
 * All databases and collections. `apply` is the single way state changes, used both by live
 * commands (after validation) and by journal replay, so the two can never disagree.
 */
export class Catalog {
  readonly #dbs = new Map<string, Map<string, CollectionStore>>();

  collection(db: string, coll: string): CollectionStore | undefined {
    return this.#dbs.get(db)?.get(coll);
  }

  databaseNames(): string[] {
    return [...this.#dbs.keys()];
  }

  collections(db: string): CollectionStore[] {
    return [...(this.#dbs.get(db)?.values() ?? [])];
  }

  allCollections(): CollectionStore[] {
    return [...this.#dbs.values()].flatMap((m) => [...m.values()]);
  }

  /** Recovery: install a collection loaded from a snapshot. */
  adopt(store: CollectionStore): void {
    let colls = this.#dbs.get(store.db);
    if (colls === undefined) {
      colls = new Map();
      this.#dbs.set(store.db, colls);
    }
    colls.set(store.name, store);
  }

  #require(db: string, coll: string): CollectionStore {
    const found = this.collection(db, coll);
    if (found === undefined) throw new CommandError('NamespaceNotFound', `ns does not exist: ${db}.${coll}`);
    return found;
  }

  apply(entry: OplogEntry): void {
    switch (entry.op) {
      case 'create': {
        let colls = this.#dbs.get(entry.ns.db);
        if (colls === undefined) {
          colls = new Map();
          this.#dbs.set(entry.ns.db, colls);
        }
        if (colls.has(entry.ns.coll)) throw new CommandError('NamespaceExists', `Collection ${entry.ns.db}.${entry.ns.coll} already exists.`);
        colls.set(entry.ns.coll, new CollectionStore(entry.ns.db, entry.ns.coll, entry.options, entry.uuid));
        return;
      }
      case 'insert':
        this.#require(entry.ns.db, entry.ns.coll).insert(entry.doc);
        return;
      case 'update':
      case 'replace':
        this.#require(entry.ns.db, entry.ns.coll).replace(entry.doc);
        return;
      case 'delete':
        this.#require(entry.ns.db, entry.ns.coll).remove(canonicalKey(entry.id));
        return;
      case 'drop':
        this.#dbs.get(entry.ns.db)?.delete(entry.ns.coll);
        return;
      case 'rename': {
        const source = this.#require(entry.ns.db, entry.ns.coll);
        this.#dbs.get(entry.ns.db)?.delete(entry.ns.coll);
        let target = this.#dbs.get(entry.to.db);
        if (target === undefined) {
          target = new Map();
          this.#dbs.set(entry.to.db, target);
        }
        const moved = new CollectionStore(entry.to.db, entry.to.coll, source.options, source.uuid);
        for (const record of source.records.values()) moved.records.set(canonicalKey(record.doc['_id']), record);
        for (const index of source.indexes.values()) moved.createIndex(index.spec);
        target.set(entry.to.coll, moved);
        return;
      }
      case 'dropDatabase':
        this.#dbs.delete(entry.db);
        return;
      case 'createIndex':
        this.#require(entry.ns.db, entry.ns.coll).createIndex(entry.spec);
        return;
      case 'dropIndex':
        this.#require(entry.ns.db, entry.ns.coll).dropIndex(entry.name);
        return;
      default: {
        const never: never = entry;
        throw new Error(`unhandled oplog entry ${String(never)}`);
      }
    }
  }

  /**
   * Data size in bytes for dbStats/collStats/listDatabases: the BSON size of up to 1,000
   * documents per collection, scaled to the collection's count (exact for small collections,
   * an extrapolation beyond, so the admin commands stay cheap on big ones).
   */
  estimateSize(db: string): number {
    return this.collections(db).reduce((total, coll) => total + estimateCollectionSize(coll), 0);
  }

  findById(db: string, coll: string, id: unknown): Document | null {
    return this.collection(db, coll)?.getById(id)?.doc ?? null;
  }
}

const SIZE_SAMPLE = 1000;

export function estimateCollectionSize(coll: CollectionStore): number {
  let sampled = 0;
  let bytes = 0;
  for (const record of coll.records.values()) {
    if (sampled === SIZE_SAMPLE) break;
    bytes += calculateObjectSize(record.doc);
    sampled += 1;
  }
  return sampled === 0 ? 0 : Math.round((bytes / sampled) * coll.records.size);
}
