import { clusterTimeFromResumeToken, clusterTimeFromTimestamp, type ClusterTime } from './cluster-time';
import { fromBson } from './bson-conversion';
import { idKey, type MongoDocument } from './document-id';

/** A change to one document, as the observe drivers consume it (EJSON values). */
export interface DocumentChange {
  readonly kind: 'insert' | 'update' | 'replace' | 'delete';
  readonly id: unknown;
  readonly key: string;
  /** The document after the change; null for deletes and for updates whose document is gone. */
  readonly fullDocument: MongoDocument | null;
  readonly clusterTime: ClusterTime | null;
}

/** The stream can no longer say what changed (drop, rename, invalidate…): observers must re-query. */
export interface StreamReset {
  readonly kind: 'reset';
  readonly reason: string;
  readonly clusterTime: ClusterTime | null;
}

export type ParsedChangeEvent = DocumentChange | StreamReset;

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The one place a raw change-stream event (wire input) becomes typed. Unknown operation types
 * that do not touch documents are ignored (null); ones that invalidate what we know become a
 * reset; a malformed document event is a reset too, because guessing would lose changes.
 */
export function parseChangeEvent(raw: unknown): ParsedChangeEvent | null {
  const event = asRecord(raw);
  if (!event) return { kind: 'reset', reason: 'malformed change event', clusterTime: null };
  const clusterTime = clusterTimeFromTimestamp(event['clusterTime']) ?? clusterTimeFromResumeToken(event['_id']);
  const op = event['operationType'];
  switch (op) {
    case 'insert':
    case 'update':
    case 'replace':
    case 'delete': {
      const documentKey = asRecord(event['documentKey']);
      if (!documentKey || !('_id' in documentKey)) return { kind: 'reset', reason: `${op} event without documentKey`, clusterTime };
      const id = fromBson(documentKey['_id']);
      const full = asRecord(event['fullDocument']);
      return {
        kind: op,
        id,
        key: idKey(id),
        fullDocument: op === 'delete' || !full ? null : (fromBson(full) as MongoDocument),
        clusterTime,
      };
    }
    case 'drop':
    case 'rename':
    case 'dropDatabase':
    case 'invalidate':
      return { kind: 'reset', reason: op, clusterTime };
    default:
      // create, createIndexes, modify, shardCollection…: no document changed.
      return null;
  }
}
