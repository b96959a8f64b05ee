import { Long, type Document } from 'bson';
import { isPlainDocument, toNumber } from '../bson-value';
import type { DocRecord } from '../collection-store';
import type { CommandContext, CommandHandler } from '../command-context';
import { collectionName, optionalBoolean, optionalDocument, optionalNumber, stringField } from '../command-args';
import { DEFAULT_FIRST_BATCH, cursorReply, takeBatch } from '../cursor-reply';
import { valuesAtPath } from '../document-path';
import { CommandError } from '../errors';
import { compileFilter, compileSort, projectDocuments } from '../query-engine';
import { canonicalKey } from '../bson-value';

export interface QueryOptions {
  readonly filter?: Document;
  readonly sort?: Document;
  readonly skip?: number;
  readonly limit?: number;
  readonly projection?: Document;
  /** `'scan'` when the client's hint asks for natural order (`{ $natural: ±1 }`): every record, no index. */
  readonly access?: IndexAccess;
}

export type IndexAccess = 'planned' | 'scan';

/**
 * `hint: { $natural: 1 }` (or -1) forces a collection scan; a hint naming an index (by name or
 * key pattern) leaves the plan to us, but like MongoDB it must name one that exists.
 */
function accessFromHint(ctx: CommandContext, coll: string, hint: unknown): IndexAccess {
  if (hint === undefined) return 'planned';
  if (isPlainDocument(hint) && Object.keys(hint).length === 1 && '$natural' in hint) return 'scan';
  if (typeof hint !== 'string' && !isPlainDocument(hint)) throw new CommandError('FailedToParse', 'hint must be either a string or nested object');
  const store = ctx.state.catalog.collection(ctx.db, coll);
  // MongoDB answers an empty result for a missing collection whatever the hint says.
  if (store === undefined) return 'planned';
  const specs = [...store.indexes.values()].map((index) => index.spec);
  const known = typeof hint === 'string' ? specs.some((spec) => spec.name === hint) : specs.some((spec) => sameKeyPattern(spec.key, hint));
  if (!known)
    throw new CommandError('BadValue', 'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
  return 'planned';
}

function sameKeyPattern(a: Document, b: Document): boolean {
  const left = Object.entries(a);
  const right = Object.entries(b);
  return (
    left.length === right.length &&
    left.every(([field, direction], i) => {
      const other = right[i];
      return other !== undefined && other[0] === field && (typeof direction === 'string' ? direction === other[1] : toNumber(direction) === toNumber(other[1]));
    })
  );
}

/**
 * Run a query against a collection: index-assisted candidates, matcher, sort, skip, limit.
 * An ordered index already yields candidates in sort order, so the read stops after skip + limit
 * matches; otherwise every candidate is matched and then sorted. Either way each candidate
 * handed to the matcher counts as a scanned object (serverStatus metrics.queryExecutor).
 */
export function queryDocuments(ctx: CommandContext, coll: string, options: QueryOptions): Document[] {
  // Compile first: a malformed query is an error even on a missing collection.
  const matcher = compileFilter(options.filter);
  const sorter = compileSort(options.sort);
  const store = ctx.state.catalog.collection(ctx.db, coll);
  if (store === undefined) return [];
  const skip = options.skip ?? 0;
  const limit = options.limit ?? 0;
  const sorted = sorter === null || options.access === 'scan' ? null : store.sortedCandidates(options.filter, options.sort, limit > 0);
  const candidates = sorted ?? (options.access === 'scan' ? store.records.values() : store.candidates(options.filter));
  // Without a sort left to do we can stop as soon as skip + limit documents matched.
  const stopAt = (sorter === null || sorted !== null) && limit > 0 ? skip + limit : Infinity;
  const matched: DocRecord[] = [];
  let scanned = 0;
  for (const record of candidates) {
    scanned += 1;
    if (matcher(record.view)) {
      matched.push(record);
      if (matched.length >= stopAt) break;
    }
  }
  ctx.state.counters.scannedObjects += scanned;
  // Equal sort keys keep insertion order whichever way the candidates came (index walks do too).
  if (sorter !== null && sorted === null) matched.sort((a, b) => sorter(a.doc, b.doc) || a.seq - b.seq);
  const out = matched.map((record) => record.doc);
  const sliced = out.slice(skip, limit > 0 ? skip + limit : undefined);
  const projection = options.projection;
  if (projection === undefined || Object.keys(projection).length === 0) return sliced;
  return projectDocuments(sliced, projection, options.filter);
}

function nonNegative(value: number | undefined, field: string): number | undefined {
  if (value !== undefined && value < 0) throw new CommandError('BadValue', `${field} value must be non-negative, but received: ${value}`);
  return value;
}

function find(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'find');
  const filter = optionalDocument(cmd, 'filter');
  const sort = optionalDocument(cmd, 'sort');
  const projection = optionalDocument(cmd, 'projection');
  const skip = nonNegative(optionalNumber(cmd, 'skip'), 'skip');
  let limit = optionalNumber(cmd, 'limit');
  let singleBatch = optionalBoolean(cmd, 'singleBatch') ?? false;
  if (limit !== undefined && limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = nonNegative(optionalNumber(cmd, 'batchSize'), 'batchSize');
  ctx.state.counters.queries += 1;
  const docs = queryDocuments(ctx, coll, { filter, sort, projection, skip, limit, access: accessFromHint(ctx, coll, cmd['hint']) });
  return openBatchCursor(ctx, `${ctx.db}.${coll}`, docs, batchSize ?? DEFAULT_FIRST_BATCH, singleBatch);
}

/** Reply with a first batch, registering a cursor only if documents remain. */
export function openBatchCursor(ctx: CommandContext, ns: string, docs: Document[], firstBatchSize: number, singleBatch = false): Document {
  const batch = takeBatch(docs, 0, firstBatchSize === 0 ? 0 : firstBatchSize);
  if (singleBatch || batch.length >= docs.length) return cursorReply(0, ns, batch, 'firstBatch');
  const id = ctx.state.cursors.add({ kind: 'batch', ns, docs, offset: batch.length, lastUsed: ctx.state.now() });
  return cursorReply(id, ns, batch, 'firstBatch');
}

function cursorIdOf(value: unknown, field: string): bigint {
  if (typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'Long') return (value as Long).toBigInt();
  const n = toNumber(value);
  if (n === undefined || !Number.isInteger(n)) throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type, expected type 'long'`);
  return BigInt(n);
}

async function getMore(cmd: Document, ctx: CommandContext): Promise<Document> {
  const id = cursorIdOf(cmd['getMore'], 'getMore');
  const coll = stringField(cmd, 'collection');
  const batchSize = nonNegative(optionalNumber(cmd, 'batchSize'), 'batchSize');
  const maxTimeMS = nonNegative(optionalNumber(cmd, 'maxTimeMS'), 'maxTimeMS');
  const cursor = ctx.state.cursors.get(id);
  if (cursor === undefined) throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
  if (cursor.ns !== `${ctx.db}.${coll}`) {
    throw new CommandError('BadValue', `Requested getMore on namespace '${ctx.db}.${coll}', but cursor belongs to a different namespace ${cursor.ns}`);
  }
  switch (cursor.kind) {
    case 'batch': {
      const batch = takeBatch(cursor.docs, cursor.offset, batchSize === undefined || batchSize === 0 ? Number.MAX_SAFE_INTEGER : batchSize);
      cursor.offset += batch.length;
      const done = cursor.offset >= cursor.docs.length;
      if (done) ctx.state.cursors.remove(id);
      return cursorReply(done ? 0 : Long.fromBigInt(id), cursor.ns, batch, 'nextBatch');
    }
    case 'changeStream': {
      let result: Awaited<ReturnType<typeof cursor.stream.next>>;
      try {
        result = await cursor.stream.next(batchSize === undefined || batchSize === 0 ? Number.MAX_SAFE_INTEGER : batchSize, maxTimeMS ?? 1000);
      } catch (error) {
        ctx.state.cursors.kill(id);
        throw error;
      }
      const closed = result.exhausted || cursor.stream.isClosed;
      if (closed) ctx.state.cursors.remove(id);
      return cursorReply(closed ? 0 : Long.fromBigInt(id), cursor.ns, result.events, 'nextBatch', { postBatchResumeToken: result.postBatchResumeToken });
    }
    default: {
      const never: never = cursor;
      return never;
    }
  }
}

function killCursors(cmd: Document, ctx: CommandContext): Document {
  collectionName(cmd, 'killCursors');
  const ids = cmd['cursors'];
  if (!Array.isArray(ids)) throw new CommandError('TypeMismatch', "BSON field 'cursors' is the wrong type, expected type 'array'");
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = cursorIdOf(raw, 'cursors');
    (ctx.state.cursors.kill(id) ? killed : notFound).push(Long.fromBigInt(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

function count(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'count');
  const query = optionalDocument(cmd, 'query');
  const skip = nonNegative(optionalNumber(cmd, 'skip'), 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(cmd, 'limit') ?? 0);
  const store = ctx.state.catalog.collection(ctx.db, coll);
  if (store === undefined) return { n: 0, ok: 1 };
  let n = query === undefined || Object.keys(query).length === 0 ? store.records.size : queryDocuments(ctx, coll, { filter: query }).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
}

function distinct(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'distinct');
  const key = stringField(cmd, 'key');
  const query = optionalDocument(cmd, 'query');
  const seen = new Map<string, unknown>();
  for (const doc of queryDocuments(ctx, coll, { filter: query })) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === undefined) continue;
      const k = canonicalKey(value);
      if (!seen.has(k)) seen.set(k, value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
}

function explain(cmd: Document): Document {
  const inner = cmd['explain'];
  if (!isPlainDocument(inner)) throw new CommandError('TypeMismatch', "BSON field 'explain' is the wrong type, expected type 'object'");
  return {
    queryPlanner: { plannerVersion: 1, namespace: String(Object.values(inner)[0]), winningPlan: { stage: 'COLLSCAN_OR_INDEX' }, rejectedPlans: [] },
    command: inner,
    serverInfo: { host: 'minimongod' },
    ok: 1,
  };
}

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct, explain };
