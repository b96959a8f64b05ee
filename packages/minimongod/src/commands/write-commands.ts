import type { Document } from 'bson';
import { canonicalKey, isPlainDocument, valuesEqual } from '../bson-value';
import type { CommandContext, CommandHandler } from '../command-context';
import { collectionName, documentArray, optionalBoolean, optionalDocument, optionalNumber } from '../command-args';
import type { CollectionStore, DocRecord } from '../collection-store';
import { CommandError, toCommandError } from '../errors';
import {
  applyOperatorUpdate,
  applyPipelineUpdate,
  cloneDocument,
  compileFilter,
  compileSort,
  isOperatorUpdate,
  projectDocument,
  upsertSeed,
  validateReplacement,
} from '../query-engine';
import { checkUpdatedDepth } from '../nesting-depth';
import { describeUpdate } from '../update-description';
import { toTimestamp } from '../logical-clock';

type WriteErrors = Array<Record<string, unknown>>;

function writeReply(n: number, errors: WriteErrors, extra: Document = {}): Document {
  const reply: Document = { n, ...extra };
  if (errors.length > 0) reply['writeErrors'] = errors;
  reply['ok'] = 1;
  return reply;
}

function insert(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'insert');
  const documents = documentArray(cmd, 'documents');
  const ordered = optionalBoolean(cmd, 'ordered') ?? true;
  const store = ctx.state.ensureCollection(ctx.db, coll);
  const errors: WriteErrors = [];
  let n = 0;
  for (let i = 0; i < documents.length; i += 1) {
    try {
      ctx.state.insertDocument(store, documents[i] as Document);
      n += 1;
    } catch (error) {
      errors.push(toCommandError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  ctx.state.counters.inserts += n;
  return writeReply(n, errors);
}

export interface UpdateSpec {
  readonly q: Document;
  readonly u: Document | Document[];
  readonly upsert: boolean;
  readonly multi: boolean;
  readonly arrayFilters?: Document[];
}

export interface UpdateOutcome {
  readonly matched: number;
  readonly modified: number;
  readonly upsertedId?: unknown;
  readonly before?: Document;
  readonly after?: Document;
}

function parseUpdateSpec(raw: Document): UpdateSpec {
  const q = optionalDocument(raw, 'q') ?? {};
  const u = raw['u'];
  if (!Array.isArray(u) && !isPlainDocument(u)) throw new CommandError('FailedToParse', "BSON field 'update.updates.u' is missing or not an object or array");
  if (raw['sort'] !== undefined) throw new CommandError('BadValue', "minimongod does not support 'sort' in update statements (a MongoDB 8.0 feature)");
  const spec: UpdateSpec = {
    q,
    u: Array.isArray(u) ? (u as Document[]) : u,
    upsert: optionalBoolean(raw, 'upsert') ?? false,
    multi: optionalBoolean(raw, 'multi') ?? false,
    ...(Array.isArray(raw['arrayFilters']) ? { arrayFilters: raw['arrayFilters'] as Document[] } : {}),
  };
  if (spec.multi && !Array.isArray(spec.u) && !isOperatorUpdate(spec.u))
    throw new CommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  return spec;
}

/** Compute the new version of `doc` (never mutates it); refused when it nests deeper than a stored document may. */
function updatedVersion(ctx: CommandContext, doc: Document, spec: UpdateSpec, inserting: boolean): Document {
  const updated = computeUpdatedVersion(ctx, doc, spec, inserting);
  checkUpdatedDepth(updated);
  return updated;
}

function computeUpdatedVersion(ctx: CommandContext, doc: Document, spec: UpdateSpec, inserting: boolean): Document {
  if (Array.isArray(spec.u)) return applyPipelineUpdate(doc, spec.u);
  if (isOperatorUpdate(spec.u)) {
    const clock = { date: new Date(ctx.state.now()), timestamp: toTimestamp(ctx.state.clock.current()) };
    return applyOperatorUpdate(doc, spec.u, { ...(spec.arrayFilters ? { arrayFilters: spec.arrayFilters } : {}), filter: spec.q, inserting, clock });
  }
  validateReplacement(spec.u);
  const replacement = cloneDocument(spec.u);
  if (replacement['_id'] !== undefined && !valuesEqual(replacement['_id'], doc['_id']) && !inserting) {
    throw new CommandError('ImmutableField', "After applying the update, the (immutable) field '_id' was found to have been altered");
  }
  return { _id: doc['_id'], ...replacement };
}

function matchingRecords(store: CollectionStore | undefined, q: Document, sort?: Document): DocRecord[] {
  const matcher = compileFilter(q);
  const sorter = compileSort(sort);
  if (store === undefined) return [];
  const out: DocRecord[] = [];
  for (const record of store.candidates(q)) if (matcher(record.view)) out.push(record);
  if (sorter !== null) out.sort((a, b) => sorter(a.doc, b.doc));
  return out;
}

/** Apply one update statement; shared by `update` and `findAndModify`. */
export function runUpdate(ctx: CommandContext, coll: string, spec: UpdateSpec, sort?: Document): UpdateOutcome {
  const { state } = ctx;
  const existing = state.catalog.collection(ctx.db, coll);
  const targets = matchingRecords(existing, spec.q, sort);
  if (targets.length === 0) {
    if (!spec.upsert) return { matched: 0, modified: 0 };
    const store = state.ensureCollection(ctx.db, coll);
    const seed = upsertSeed(spec.q);
    const built = updatedVersion(ctx, seed, spec, true);
    // An `_id` the query pins is the new document's; the update may repeat it, never change it.
    if (seed['_id'] !== undefined && !valuesEqual(built['_id'], seed['_id'])) {
      throw new CommandError('ImmutableField', "After applying the update, the (immutable) field '_id' was found to have been altered");
    }
    const doc = state.insertDocument(store, built);
    return { matched: 0, modified: 0, upsertedId: doc['_id'], after: doc };
  }
  let modified = 0;
  let first: { before: Document; after: Document } | undefined;
  for (const record of spec.multi ? targets : targets.slice(0, 1)) {
    const before = record.doc;
    const after = updatedVersion(ctx, before, spec, false);
    if (!valuesEqual(after['_id'], before['_id']))
      throw new CommandError('ImmutableField', "After applying the update, the (immutable) field '_id' was found to have been altered");
    first ??= { before, after };
    const ns = { db: ctx.db, coll };
    if (Array.isArray(spec.u) || isOperatorUpdate(spec.u)) {
      const description = describeUpdate(before, after);
      const unchanged =
        Object.keys(description.updatedFields).length === 0 && description.removedFields.length === 0 && description.truncatedArrays.length === 0;
      // describeUpdate also reports a same-value change of BSON type (int → Long) as a change.
      if (unchanged) continue;
      state.commit({ op: 'update', ts: state.clock.tick(), ns, doc: after, description });
    } else {
      if (canonicalKey(after) === canonicalKey(before)) continue;
      state.commit({ op: 'replace', ts: state.clock.tick(), ns, doc: after });
    }
    modified += 1;
  }
  const matched = spec.multi ? targets.length : 1;
  return { matched, modified, ...(first ? { before: first.before, after: first.after } : {}) };
}

function update(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'update');
  const updates = documentArray(cmd, 'updates');
  const ordered = optionalBoolean(cmd, 'ordered') ?? true;
  const errors: WriteErrors = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < updates.length; i += 1) {
    try {
      const outcome = runUpdate(ctx, coll, parseUpdateSpec(updates[i] as Document));
      n += outcome.matched;
      nModified += outcome.modified;
      if (outcome.upsertedId !== undefined) {
        n += 1;
        upserted.push({ index: i, _id: outcome.upsertedId });
      }
    } catch (error) {
      errors.push(toCommandError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  ctx.state.counters.updates += updates.length;
  return writeReply(n, errors, { nModified, ...(upserted.length > 0 ? { upserted } : {}) });
}

function del(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'delete');
  const deletes = documentArray(cmd, 'deletes');
  const ordered = optionalBoolean(cmd, 'ordered') ?? true;
  const errors: WriteErrors = [];
  let n = 0;
  for (let i = 0; i < deletes.length; i += 1) {
    try {
      const spec = deletes[i] as Document;
      const q = optionalDocument(spec, 'q');
      if (q === undefined) throw new CommandError('FailedToParse', "BSON field 'delete.deletes.q' is missing but a required field");
      const limit = optionalNumber(spec, 'limit') ?? 0;
      if (limit !== 0 && limit !== 1) throw new CommandError('FailedToParse', `The limit field in delete objects must be 0 or 1. Got ${limit}`);
      n += removeMatching(ctx, coll, q, limit === 1);
    } catch (error) {
      errors.push(toCommandError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  ctx.state.counters.deletes += n;
  return writeReply(n, errors);
}

export function removeMatching(ctx: CommandContext, coll: string, q: Document, justOne: boolean, sort?: Document): number {
  const targets = matchingRecords(ctx.state.catalog.collection(ctx.db, coll), q, sort);
  const chosen = justOne ? targets.slice(0, 1) : targets;
  for (const record of chosen) {
    ctx.state.commit({ op: 'delete', ts: ctx.state.clock.tick(), ns: { db: ctx.db, coll }, id: record.doc['_id'] });
  }
  return chosen.length;
}

function findAndModify(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, Object.keys(cmd)[0] as string);
  const query = optionalDocument(cmd, 'query') ?? {};
  const sort = optionalDocument(cmd, 'sort');
  const fields = optionalDocument(cmd, 'fields');
  const remove = optionalBoolean(cmd, 'remove') ?? false;
  const returnNew = optionalBoolean(cmd, 'new') ?? false;
  const upsert = optionalBoolean(cmd, 'upsert') ?? false;
  const project = (doc: Document | undefined): Document | null =>
    doc === undefined ? null : fields === undefined || Object.keys(fields).length === 0 ? doc : projectDocument(doc, fields, query);
  if (remove) {
    if (cmd['update'] !== undefined) throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
    const [target] = matchingRecords(ctx.state.catalog.collection(ctx.db, coll), query, sort);
    if (target === undefined) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    removeMatching(ctx, coll, { _id: target.doc['_id'] }, true);
    return { lastErrorObject: { n: 1 }, value: project(target.doc), ok: 1 };
  }
  const u = cmd['update'];
  if (u === undefined) throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  const spec = parseUpdateSpec({ q: query, u, upsert, multi: false, ...(cmd['arrayFilters'] !== undefined ? { arrayFilters: cmd['arrayFilters'] } : {}) });
  const outcome = runUpdate(ctx, coll, spec, sort);
  const lastErrorObject: Document = { n: outcome.upsertedId !== undefined ? 1 : outcome.matched, updatedExisting: outcome.matched > 0 };
  if (outcome.upsertedId !== undefined) lastErrorObject['upserted'] = outcome.upsertedId;
  const value = returnNew ? outcome.after : outcome.upsertedId !== undefined ? undefined : outcome.before;
  return { lastErrorObject, value: project(value), ok: 1 };
}

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: del, findAndModify, findandmodify: findAndModify };
export const RETRYABLE_WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);
