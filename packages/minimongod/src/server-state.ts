import { ObjectId, UUID, calculateObjectSize, type Document } from 'bson';
import { Catalog } from './catalog';
import type { CollectionStore } from './collection-store';
import { CursorRegistry } from './cursor-registry';
import { CommandError } from './errors';
import type { LogicalClock } from './logical-clock';
import type { Oplog } from './oplog';
import type { OplogEntry } from './oplog-entry';
import { checkInsertDepth } from './nesting-depth';
import { MAX_BSON_OBJECT_SIZE } from './wire-codec';

export interface ServerIdentity {
  readonly replSetName: string;
  /** `host:port` clients can reach; what `hello` lists in `hosts`. */
  readonly hostPort: string;
  readonly startedAt: number;
}

/** Last reply per logical session, so a retried write is answered without running twice. */
export interface RetryRecord {
  readonly txnNumber: bigint;
  readonly reply: Document;
}

/** Everything the command handlers share. One per running server. */
export class ServerState {
  readonly catalog = new Catalog();
  readonly cursors: CursorRegistry;
  readonly retries = new Map<string, RetryRecord>();
  readonly clock: LogicalClock;
  readonly oplog: Oplog;
  readonly identity: ServerIdentity;
  readonly now: () => number;
  /** Resolves once the microtasks already queued, and those they queue, have run (see `afterPendingMicrotasks`). */
  readonly nextTurn: () => Promise<void>;
  /** `scannedObjects`: documents find/count/distinct handed to the matcher (shows whether an index walk stopped early). */
  readonly counters = { connections: 0, totalConnections: 0, commands: 0, inserts: 0, queries: 0, updates: 0, deletes: 0, scannedObjects: 0 };

  constructor(options: { clock: LogicalClock; oplog: Oplog; identity: ServerIdentity; now?: () => number; nextTurn?: () => Promise<void> }) {
    this.clock = options.clock;
    this.oplog = options.oplog;
    this.identity = options.identity;
    this.now = options.now ?? Date.now;
    this.nextTurn = options.nextTurn ?? afterPendingMicrotasks;
    this.cursors = new CursorRegistry(this.now);
  }

  /** Apply a change to the catalog and record it; throws (changing nothing) if invalid. */
  commit(entry: OplogEntry): void {
    this.catalog.apply(entry);
    this.oplog.commit(entry);
  }

  ensureCollection(db: string, coll: string): CollectionStore {
    const existing = this.catalog.collection(db, coll);
    if (existing !== undefined) return existing;
    validateCollectionName(db, coll);
    this.commit({ op: 'create', ts: this.clock.tick(), ns: { db, coll }, options: {}, uuid: new UUID() });
    return this.catalog.collection(db, coll) as CollectionStore;
  }

  insertDocument(coll: CollectionStore, input: Document): Document {
    const doc = prepareForInsert(input);
    this.commit({ op: 'insert', ts: this.clock.tick(), ns: { db: coll.db, coll: coll.name }, doc });
    return doc;
  }
}

/**
 * Resolves once the microtask queue has drained, within the current turn: Node runs a
 * `process.nextTick` callback queued from a microtask only after every microtask (including those
 * queued meanwhile). A released change-stream getMore writes its reply at the end of such a chain,
 * so a write awaiting this answers right after it, in the same turn; waiting for the next turn
 * (setImmediate) instead put the acknowledgement one loop iteration behind the event, and a
 * client reading both then handled them in two iterations. The client side of this order, and
 * what a replica set gives instead: packages/mongo/src/read-scheduling-policy.ts.
 */
export function afterPendingMicrotasks(): Promise<void> {
  return new Promise<void>((resolve) => process.nextTick(resolve));
}

export function validateCollectionName(db: string, coll: string): void {
  if (db.length === 0 || /[/\\. "$\0]/.test(db)) throw new CommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (coll.length === 0 || coll.includes('\0') || coll.startsWith('.') || coll.includes('$')) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: '${coll}'`);
  }
}

/** `_id` first (generated if absent), no `$`-prefixed top-level names, within 16 MiB and the nesting limit. */
export function prepareForInsert(input: Document): Document {
  checkInsertDepth(input);
  for (const key of Object.keys(input)) {
    if (key.startsWith('$')) throw new CommandError('DollarPrefixedFieldName', `Document can't have $ prefixed field names: ${key}`);
  }
  const id = input['_id'] !== undefined ? input['_id'] : new ObjectId();
  if (Array.isArray(id)) throw new CommandError('BadValue', "can't use an array for _id");
  if (id instanceof RegExp) throw new CommandError('BadValue', "can't use a regex for _id");
  const doc: Document = { _id: id };
  for (const key of Object.keys(input)) if (key !== '_id') doc[key] = input[key];
  const size = calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE)
    throw new CommandError('Location10334', `BSONObj size: ${size} (0x${size.toString(16)}) is invalid. Size must be between 0 and 16793600(16MB)`);
  return doc;
}
