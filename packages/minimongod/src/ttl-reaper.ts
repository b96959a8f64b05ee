import { valuesAtPath } from './document-path';
import type { ServerState } from './server-state';

/**
 * Remove documents whose TTL-indexed date field is older than `expireAfterSeconds`. Deletions
 * go through the normal commit path, so change streams see them. Returns how many went.
 */
export function reapExpired(state: ServerState): number {
  const now = state.now();
  let removed = 0;
  for (const store of state.catalog.allCollections()) {
    for (const index of store.indexes.values()) {
      const seconds = index.spec.expireAfterSeconds;
      const field = index.fields[0];
      if (seconds === undefined || index.fields.length !== 1 || field === undefined) continue;
      const cutoff = now - seconds * 1000;
      const expired: unknown[] = [];
      for (const record of store.records.values()) {
        const dates = valuesAtPath(record.doc, field).filter((v): v is Date => v instanceof Date);
        if (dates.length > 0 && Math.min(...dates.map((d) => d.getTime())) <= cutoff) expired.push(record.doc['_id']);
      }
      for (const id of expired) {
        state.commit({ op: 'delete', ts: state.clock.tick(), ns: { db: store.db, coll: store.name }, id });
        removed += 1;
      }
    }
  }
  return removed;
}
