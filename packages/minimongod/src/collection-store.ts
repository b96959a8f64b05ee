import { UUID, type Document } from 'bson';
import { canonicalKey, compareValues, isPlainDocument, normaliseNumbers } from './bson-value';
import { CommandError } from './errors';
import { IndexState, type IndexSpec } from './index-state';
import type { OrderedEntry } from './ordered-index';
import { planEqualityPrefix, planOrderedRead } from './ordered-plan';
import { compileFilter } from './query-engine';

/**
 * A stored document and the number-normalised view the matcher reads (often the same object).
 * `seq` grows with every insert across all collections and survives replacement and renaming,
 * so a collection's records are always in ascending `seq`: ordered indexes break ties by it and
 * so return equal sort keys in the order a scan meets them.
 */
export interface DocRecord {
  readonly doc: Document;
  readonly view: Document;
  readonly seq: number;
}

let lastSeq = 0;

export const ID_INDEX: IndexSpec = { name: '_id_', key: { _id: 1 } };

/**
 * One collection: documents in insertion order keyed by canonical `_id`, plus its secondary
 * indexes. Every mutation checks all unique indexes first, so a failed write changes nothing.
 */
export class CollectionStore {
  readonly db: string;
  name: string;
  readonly uuid: UUID;
  readonly options: Document;
  readonly records = new Map<string, DocRecord>();
  readonly indexes = new Map<string, IndexState>();

  constructor(db: string, name: string, options: Document = {}, uuid: UUID = new UUID()) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.uuid = uuid;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get(idKey: string): DocRecord | undefined {
    return this.records.get(idKey);
  }

  getById(id: unknown): DocRecord | undefined {
    return this.records.get(canonicalKey(id));
  }

  insert(doc: Document): void {
    const id = canonicalKey(doc['_id']);
    if (this.records.has(id)) {
      throw new CommandError('DuplicateKey', `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${JSON.stringify(doc['_id'])} }`, {
        extra: { keyPattern: { _id: 1 }, keyValue: { _id: doc['_id'] } },
      });
    }
    for (const index of this.indexes.values()) index.checkUnique(doc, id, this.ns);
    lastSeq += 1;
    for (const index of this.indexes.values()) index.add(doc, id, lastSeq);
    this.records.set(id, { doc, view: normaliseNumbers(doc), seq: lastSeq });
  }

  replace(doc: Document): void {
    const id = canonicalKey(doc['_id']);
    const old = this.records.get(id);
    if (old === undefined) throw new CommandError('InternalError', `replace of a missing document in ${this.ns}`);
    for (const index of this.indexes.values()) index.checkUnique(doc, id, this.ns);
    for (const index of this.indexes.values()) {
      index.remove(old.doc, id, old.seq);
      index.add(doc, id, old.seq);
    }
    this.records.set(id, { doc, view: normaliseNumbers(doc), seq: old.seq });
  }

  remove(idKey: string): DocRecord | undefined {
    const old = this.records.get(idKey);
    if (old === undefined) return undefined;
    for (const index of this.indexes.values()) index.remove(old.doc, idKey, old.seq);
    this.records.delete(idKey);
    return old;
  }

  createIndex(spec: IndexSpec): void {
    const partial = spec.partialFilterExpression === undefined ? null : compileFilter(spec.partialFilterExpression);
    const state = new IndexState(spec, partial === null ? null : (doc) => partial(normaliseNumbers(doc)));
    for (const [id, record] of this.records) {
      state.checkUnique(record.doc, id, this.ns);
      state.add(record.doc, id, record.seq);
    }
    this.indexes.set(spec.name, state);
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
  }

  /**
   * Candidate records for a filter: an `_id` or indexed-field equality (or `$in`) narrows to the
   * index, and so does a top-level `$or` whose every branch narrows; anything else is a full
   * scan. Callers still run the matcher on every candidate.
   */
  candidates(filter: unknown): Iterable<DocRecord> {
    if (!isPlainDocument(filter)) return this.records.values();
    return this.#narrowed(filter) ?? this.records.values();
  }

  /** A superset of the records matching `filter` that an index finds, or null (scan). */
  #narrowed(filter: Document): DocRecord[] | null {
    const idValues = equalityValues(filter['_id']);
    if (idValues !== null) {
      const out: DocRecord[] = [];
      for (const v of idValues) {
        const record = this.records.get(canonicalKey(v));
        if (record !== undefined) out.push(record);
      }
      return out;
    }
    const prefixPlan = planEqualityPrefix(filter, this.indexes.values());
    const prefixView = prefixPlan?.index.orderedView(() => this.#recordTriples()) ?? null;
    if (prefixPlan !== null && prefixView !== null) {
      // recordsOf puts them in insertion order, as the scan would meet them.
      return [...this.#recordsOf([...prefixView.walk(prefixPlan.position, 'forward')])];
    }
    for (const index of this.indexes.values()) {
      if (index.spec.sparse === true || index.spec.partialFilterExpression !== undefined) continue;
      // Compound indexes answer by their first field through their prefix map (IndexState.lookup).
      const first = index.fields[0];
      if (first === undefined) continue;
      const values = equalityValues(filter[first]);
      if (values === null) continue;
      // Null matches array elements lacking a dotted field, which the index does not key.
      if (first.includes('.') && values.some((v) => v === null || v === undefined)) continue;
      const out: DocRecord[] = [];
      for (const id of index.lookup(values)) {
        const record = this.records.get(id);
        if (record !== undefined) out.push(record);
      }
      return out;
    }
    return this.#narrowedOr(filter['$or']);
  }

  /** `$or`: the union of its branches' candidates in insertion order, if every branch narrows. */
  #narrowedOr(branches: unknown): DocRecord[] | null {
    if (!Array.isArray(branches) || branches.length === 0) return null;
    const union = new Map<number, DocRecord>();
    for (const branch of branches) {
      if (!isPlainDocument(branch)) return null;
      const records = this.#narrowed(branch);
      if (records === null) return null;
      for (const record of records) union.set(record.seq, record);
    }
    return [...union.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Candidate records already in `sort` order, from an ordered index, or null when no index can
   * give exactly the order a scan and sort would (the caller then scans). Callers still run the
   * matcher on every candidate, and may stop once they hold enough.
   */
  sortedCandidates(filter: unknown, sort: Document | undefined, limited: boolean): Iterable<DocRecord> | null {
    const where = filter === undefined || filter === null ? {} : filter;
    if (!isPlainDocument(where) || equalityValues(where['_id']) !== null) return null;
    const plan = planOrderedRead(where, sort, this.indexes.values(), limited);
    if (plan === null) return null;
    const view = plan.index.orderedView(() => this.#recordTriples());
    if (view === null) return null;
    return this.#recordsInOrder(view.walk(plan.position, plan.way), plan.slot);
  }

  /** Records for walked entries, grouped into runs of equal sort keys. */
  *#recordsInOrder(entries: Iterable<OrderedEntry>, slot: number): Generator<DocRecord> {
    let run: OrderedEntry[] = [];
    for (const entry of entries) {
      const first = run[0];
      if (first !== undefined && compareValues(first.keys[slot], entry.keys[slot]) !== 0) {
        yield* this.#recordsOf(run);
        run = [];
      }
      run.push(entry);
    }
    yield* this.#recordsOf(run);
  }

  /** One run of equal sort keys, in `seq` order as a stable sort over a scan leaves it. */
  *#recordsOf(run: OrderedEntry[]): Generator<DocRecord> {
    if (run.length > 1) run.sort((a, b) => a.seq - b.seq);
    for (const entry of run) {
      const record = this.records.get(entry.id);
      if (record !== undefined) yield record;
    }
  }

  *#recordTriples(): Generator<readonly [string, Document, number]> {
    for (const [id, record] of this.records) yield [id, record.doc, record.seq];
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
  }
}

/** Values a field is constrained to equal, or null when the condition is not a plain equality. */
function equalityValues(condition: unknown): unknown[] | null {
  if (condition === undefined) return null;
  if (Array.isArray(condition)) return null;
  if (isPlainDocument(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) {
      return keys.some((k) => k.startsWith('$')) ? null : [condition];
    }
    if (keys.length === 1 && keys[0] === '$eq') {
      const v = condition['$eq'];
      return Array.isArray(v) || (isPlainDocument(v) && Object.keys(v).some((k) => k.startsWith('$'))) ? null : [v];
    }
    if (keys.length === 1 && keys[0] === '$in' && Array.isArray(condition['$in'])) {
      const values = condition['$in'] as unknown[];
      if (
        values.some(
          (v) =>
            Array.isArray(v) ||
            v instanceof RegExp ||
            (typeof v === 'object' && v !== null && '_bsontype' in v && (v as { _bsontype: string })._bsontype === 'BSONRegExp'),
        )
      )
        return null;
      return values;
    }
    return null;
  }
  if (condition instanceof RegExp) return null;
  if (typeof condition === 'object' && condition !== null && '_bsontype' in condition && (condition as { _bsontype: string })._bsontype === 'BSONRegExp')
    return null;
  return [condition];
}
