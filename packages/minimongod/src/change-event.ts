import type { Document } from 'bson';
import type { Catalog } from './catalog';
import { toTimestamp } from './logical-clock';
import type { Namespace, OplogEntry } from './oplog-entry';
import { makeToken } from './resume-token';

export type ChangeStreamScope =
  | { readonly kind: 'collection'; readonly db: string; readonly coll: string }
  | { readonly kind: 'database'; readonly db: string }
  | { readonly kind: 'cluster' };

export type FullDocumentMode = 'default' | 'updateLookup' | 'whenAvailable' | 'required';

function isSystem(ns: Namespace): boolean {
  return ns.coll.startsWith('system.') || ns.db === 'admin' || ns.db === 'config' || ns.db === 'local';
}

function nsIn(scope: ChangeStreamScope, ns: Namespace): boolean {
  switch (scope.kind) {
    case 'collection':
      return ns.db === scope.db && ns.coll === scope.coll;
    case 'database':
      return ns.db === scope.db && !isSystem(ns);
    case 'cluster':
      return !isSystem(ns);
    default: {
      const never: never = scope;
      return never;
    }
  }
}

export interface RenderedEvents {
  readonly events: Document[];
  /** The scope ended (drop/rename of the watched collection, dropDatabase of the watched db). */
  readonly invalidates: boolean;
}

/**
 * Turn one oplog entry into the change events a stream of `scope` sees (zero, one, or an event
 * followed by `invalidate`).
 */
export function renderEvents(entry: OplogEntry, scope: ChangeStreamScope, fullDocument: FullDocumentMode, catalog: Catalog): RenderedEvents {
  const clusterTime = toTimestamp(entry.ts);
  const wallTime = new Date(Number(entry.ts >> 32n) * 1000);
  const base = (operationType: string, ns: Namespace): Document => ({
    _id: makeToken(entry.ts, 'event'),
    operationType,
    clusterTime,
    wallTime,
    ns: { db: ns.db, coll: ns.coll },
  });
  const invalidate = (): Document => ({ _id: makeToken(entry.ts, 'invalidate'), operationType: 'invalidate', clusterTime, wallTime });
  const none: RenderedEvents = { events: [], invalidates: false };
  switch (entry.op) {
    case 'insert': {
      if (!nsIn(scope, entry.ns)) return none;
      return { events: [{ ...base('insert', entry.ns), fullDocument: entry.doc, documentKey: { _id: entry.doc['_id'] } }], invalidates: false };
    }
    case 'update': {
      if (!nsIn(scope, entry.ns)) return none;
      const event: Document = {
        ...base('update', entry.ns),
        documentKey: { _id: entry.doc['_id'] },
        updateDescription: entry.description,
      };
      if (fullDocument !== 'default') event['fullDocument'] = catalog.findById(entry.ns.db, entry.ns.coll, entry.doc['_id']);
      return { events: [event], invalidates: false };
    }
    case 'replace':
      if (!nsIn(scope, entry.ns)) return none;
      return { events: [{ ...base('replace', entry.ns), fullDocument: entry.doc, documentKey: { _id: entry.doc['_id'] } }], invalidates: false };
    case 'delete':
      if (!nsIn(scope, entry.ns)) return none;
      return { events: [{ ...base('delete', entry.ns), documentKey: { _id: entry.id } }], invalidates: false };
    case 'drop':
      if (!nsIn(scope, entry.ns)) return none;
      if (scope.kind === 'collection') return { events: [base('drop', entry.ns), invalidate()], invalidates: true };
      return { events: [base('drop', entry.ns)], invalidates: false };
    case 'rename': {
      if (!nsIn(scope, entry.ns)) return none;
      const event = { ...base('rename', entry.ns), to: { db: entry.to.db, coll: entry.to.coll } };
      if (scope.kind === 'collection') return { events: [event, invalidate()], invalidates: true };
      return { events: [event], invalidates: false };
    }
    case 'dropDatabase': {
      const ns = { db: entry.db, coll: '' };
      const event: Document = { _id: makeToken(entry.ts, 'event'), operationType: 'dropDatabase', clusterTime, wallTime, ns: { db: entry.db } };
      if (scope.kind === 'database' && scope.db === entry.db) return { events: [event, invalidate()], invalidates: true };
      if (scope.kind === 'cluster' && !isSystem(ns)) return { events: [event], invalidates: false };
      return none;
    }
    case 'create':
    case 'createIndex':
    case 'dropIndex':
      return none;
    default: {
      const never: never = entry;
      return never;
    }
  }
}
