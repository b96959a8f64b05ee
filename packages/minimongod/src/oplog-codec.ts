import { Long, UUID, type Document } from 'bson';
import type { IndexSpec } from './index-state';
import type { Namespace, OplogEntry, UpdateDescription } from './oplog-entry';

/** Oplog entries as stored in the journal (BSON: `ts` as int64). */
export function encodeEntry(entry: OplogEntry): Document {
  return { ...entry, ts: Long.fromBigInt(entry.ts, true) };
}

function ns(value: unknown): Namespace {
  const doc = value as Document;
  if (typeof doc?.['db'] !== 'string' || typeof doc['coll'] !== 'string') throw new Error('journal entry has a bad namespace');
  return { db: doc['db'], coll: doc['coll'] };
}

/** Decode a stored entry; throws on anything malformed (the caller stops replay there). */
export function decodeEntry(doc: Document): OplogEntry {
  const tsRaw = doc['ts'];
  if (!(tsRaw instanceof Long)) throw new Error('journal entry without a timestamp');
  // From the two halves: bson's toBigInt() goes through a decimal string (slow on replay).
  const ts = (BigInt(tsRaw.high >>> 0) << 32n) | BigInt(tsRaw.low >>> 0);
  const op = doc['op'];
  switch (op) {
    case 'insert':
    case 'replace':
      return { op, ts, ns: ns(doc['ns']), doc: doc['doc'] as Document };
    case 'update':
      return { op, ts, ns: ns(doc['ns']), doc: doc['doc'] as Document, description: doc['description'] as UpdateDescription };
    case 'delete':
      return { op, ts, ns: ns(doc['ns']), id: doc['id'] };
    case 'create': {
      const uuid = doc['uuid'];
      return { op, ts, ns: ns(doc['ns']), options: (doc['options'] ?? {}) as Document, uuid: uuid instanceof UUID ? uuid : new UUID() };
    }
    case 'drop':
      return { op, ts, ns: ns(doc['ns']) };
    case 'rename':
      return { op, ts, ns: ns(doc['ns']), to: ns(doc['to']) };
    case 'dropDatabase':
      if (typeof doc['db'] !== 'string') throw new Error('dropDatabase entry without db');
      return { op, ts, db: doc['db'] };
    case 'createIndex':
      return { op, ts, ns: ns(doc['ns']), spec: doc['spec'] as IndexSpec };
    case 'dropIndex':
      if (typeof doc['name'] !== 'string') throw new Error('dropIndex entry without name');
      return { op, ts, ns: ns(doc['ns']), name: doc['name'] };
    default:
      throw new Error(`journal entry with unknown op ${String(op)}`);
  }
}
