import { AsyncQueue } from './async-queue';
import type { ClusterTime } from './cluster-time';
import type { DocumentChange } from './change-event';
import type { CursorDescription } from './cursor-description';
import { diffOrdered, diffUnordered, changedFields, fieldsOf } from './diff-sequence';
import { idKey, type MongoDocument } from './document-id';
import type { ObserveDriver, ObserveMultiplexer } from './observe-multiplexer';
import type { ChangeSink } from './observe-callbacks';
import { compileProjection, type ProjectFn } from './projection';
import type { DocumentComparator, DocumentMatcher } from './query-matcher';
import type { QueryRunner } from './query-runner';
import { selectorRouting } from './selector-routing';
import type { ChangeStreamListener, SharedChangeStream } from './shared-change-stream';

export type ChangeStreamDriverPhase = 'querying' | 'steady' | 'stopped';

/**
 * Keeps one cursor's results current from the collection's shared change stream, matching
 * each routed event in-process. Windows (sort + limit) are maintained in place while an event
 * can be decided locally; when it cannot (a document leaves a full window, or skip is used),
 * the driver re-queries and diffs. Events at or before the time of the last query are skipped:
 * that query already reflects them.
 */
export class ChangeStreamObserveDriver implements ObserveDriver, ChangeStreamListener {
  readonly name = 'changeStreams' as const;
  readonly routingField: string | null;
  readonly routingValues: readonly string[];
  readonly wantsEveryChange: boolean;
  readonly #description: CursorDescription;
  readonly #multiplexer: ObserveMultiplexer;
  readonly #stream: SharedChangeStream;
  readonly #runQuery: QueryRunner;
  readonly #matcher: DocumentMatcher;
  readonly #sorter: DocumentComparator | null;
  readonly #project: ProjectFn;
  readonly #limit: number | undefined;
  readonly #work: AsyncQueue;
  #phase: ChangeStreamDriverPhase = 'querying';
  #baseline: ClusterTime | null = null;
  /** Full documents currently in the result set (the window, when limited). */
  readonly #full = new Map<string, MongoDocument>();
  /** Result keys in result order (sort order, or arrival order when unsorted). */
  #order: string[] = [];
  /** What the multiplexer has been told: projected documents. */
  readonly #published = new Map<string, MongoDocument>();
  /** Where incremental callbacks go: the multiplexer, or a holding buffer while a window batch is tentative. */
  #sink: ChangeSink & { readonly ordered?: boolean };

  constructor(options: {
    description: CursorDescription;
    multiplexer: ObserveMultiplexer;
    stream: SharedChangeStream;
    runQuery: QueryRunner;
    matcher: DocumentMatcher;
    sorter: DocumentComparator | null;
    onError: (error: unknown) => void;
  }) {
    this.#description = options.description;
    this.#multiplexer = options.multiplexer;
    this.#sink = options.multiplexer;
    this.#stream = options.stream;
    this.#runQuery = options.runQuery;
    this.#matcher = options.matcher;
    this.#sorter = options.sorter;
    this.#project = compileProjection(options.description.options.projection);
    this.#limit = options.description.options.limit;
    this.#work = new AsyncQueue(options.onError);
    const { skip } = options.description.options;
    // With skip (or a limit without a sort) membership depends on documents we do not hold.
    this.wantsEveryChange = Boolean(skip) || (this.#limit !== undefined && this.#sorter === null);
    const routing = selectorRouting(options.description.selector);
    this.routingField = routing.field;
    this.routingValues = routing.values;
  }

  get currentPhase(): ChangeStreamDriverPhase {
    return this.#phase;
  }

  async start(): Promise<void> {
    await this.#stream.ensureStarted();
    // Queued before the listener is added, so routed events wait for the initial results.
    const initial = this.#work.push(() => this.#requery());
    this.#stream.addListener(this);
    await initial;
    if (this.#phase === 'stopped') return;
    this.#phase = 'steady';
    this.#multiplexer.ready();
  }

  stop(): void {
    if (this.#phase === 'stopped') return;
    this.#phase = 'stopped';
    this.#stream.removeListener(this);
    for (const key of this.#full.keys()) this.#stream.untrackDocument(this, key);
  }

  isInterested(change: DocumentChange): boolean {
    // While a query is pending or queued, `full` is not yet the truth: take everything.
    if (this.wantsEveryChange || this.#phase !== 'steady' || this.#work.size > 0) return true;
    if (this.#full.has(change.key)) return true;
    const doc = change.fullDocument;
    return doc !== null && change.kind !== 'delete' && this.#matcher.matches(doc);
  }

  handleChanges(changes: readonly DocumentChange[]): Promise<void> | undefined {
    // Synchronous unless a re-query is needed or a callback is asynchronous: the usual change
    // reaches the handles within this call, and then there is nothing to wait for.
    const delivered = this.#work.push(() => {
      if (this.#phase === 'stopped') return undefined;
      const needsRequery = this.wantsEveryChange || (this.#limit === undefined ? this.#applyChanges(changes) : this.#applyToWindow(changes));
      if (needsRequery) return this.#requery().then(() => this.#multiplexer.flushed());
      return this.#multiplexer.isFlushed ? undefined : this.#multiplexer.flushed();
    });
    return this.#work.size === 0 ? undefined : delivered;
  }

  handleReset(): Promise<void> {
    return this.#work.push(async () => {
      if (this.#phase === 'stopped') return;
      await this.#requery();
      await this.#multiplexer.flushed();
    });
  }

  async #requery(): Promise<void> {
    const { docs, time } = await this.#runQuery(this.#description);
    if (this.#phase === 'stopped') return;
    const before = this.#multiplexer.ordered ? this.#order.map((k) => this.#published.get(k) as MongoDocument) : null;
    const beforeMap = new Map(this.#published);
    for (const key of this.#full.keys()) this.#stream.untrackDocument(this, key);
    this.#full.clear();
    this.#published.clear();
    this.#order = [];
    for (const doc of docs) {
      const key = idKey(doc._id);
      this.#full.set(key, doc);
      this.#published.set(key, this.#project(doc));
      this.#order.push(key);
      this.#stream.trackDocument(this, key);
    }
    if (time !== null && (this.#baseline === null || time > this.#baseline)) this.#baseline = time;
    if (before)
      diffOrdered(
        before,
        this.#order.map((k) => this.#published.get(k) as MongoDocument),
        this.#multiplexer,
      );
    else diffUnordered(beforeMap, this.#published, this.#multiplexer);
  }

  /**
   * Windowed results: apply the batch tentatively, holding back the callbacks. If the batch
   * turns out to need a re-query, roll back so the re-query diffs against what observers were
   * actually told (and they see one clean transition, the same the polling driver reports).
   */
  #applyToWindow(changes: readonly DocumentChange[]): boolean {
    const saved = { full: new Map(this.#full), order: [...this.#order], published: new Map(this.#published) };
    const held: Array<(sink: ChangeSink) => void> = [];
    this.#sink = {
      added: (id, fields) => held.push((s) => s.added(id, fields)),
      addedBefore: (id, fields, before) => held.push((s) => s.addedBefore(id, fields, before)),
      changed: (id, fields) => held.push((s) => s.changed(id, fields)),
      movedBefore: (id, before) => held.push((s) => s.movedBefore(id, before)),
      removed: (id) => held.push((s) => s.removed(id)),
    };
    let needsRequery: boolean;
    try {
      needsRequery = this.#applyChanges(changes);
    } finally {
      this.#sink = this.#multiplexer;
    }
    if (!needsRequery) {
      for (const emit of held) emit(this.#multiplexer);
      return false;
    }
    for (const key of this.#full.keys()) if (!saved.full.has(key)) this.#stream.untrackDocument(this, key);
    for (const key of saved.full.keys()) if (!this.#full.has(key)) this.#stream.trackDocument(this, key);
    this.#full.clear();
    for (const [k, v] of saved.full) this.#full.set(k, v);
    this.#published.clear();
    for (const [k, v] of saved.published) this.#published.set(k, v);
    this.#order = saved.order;
    return true;
  }

  /** Applies changes in place; returns true when only a re-query can tell the right answer. */
  #applyChanges(changes: readonly DocumentChange[]): boolean {
    for (const change of changes) {
      if (change.clusterTime !== null && this.#baseline !== null && change.clusterTime <= this.#baseline) continue;
      const doc = change.fullDocument;
      const matches = doc !== null && change.kind !== 'delete' && this.#matcher.matches(doc);
      const held = this.#full.has(change.key);
      if (!held && !matches) continue;
      if (this.#limit === undefined) {
        if (matches) this.#upsert(change.key, doc as MongoDocument);
        else this.#remove(change.key);
        continue;
      }
      // Sorted window of `limit` documents.
      const full = this.#full.size >= this.#limit;
      if (held) {
        if (!matches) {
          this.#remove(change.key);
          if (full) return true;
          continue;
        }
        this.#upsert(change.key, doc as MongoDocument);
        if (full && this.#order[this.#order.length - 1] === change.key) {
          // It may now sort after a document outside the window.
          return true;
        }
        continue;
      }
      if (!full) {
        this.#upsert(change.key, doc as MongoDocument);
        continue;
      }
      const lastKey = this.#order[this.#order.length - 1] as string;
      const last = this.#full.get(lastKey) as MongoDocument;
      if ((this.#sorter as DocumentComparator)(doc as MongoDocument, last) < 0) {
        this.#remove(lastKey);
        this.#upsert(change.key, doc as MongoDocument);
      }
    }
    return false;
  }

  #positionFor(doc: MongoDocument): number {
    const sorter = this.#sorter;
    if (sorter === null) return this.#order.length;
    let lo = 0;
    let hi = this.#order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorter(this.#full.get(this.#order[mid] as string) as MongoDocument, doc) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #beforeId(index: number): unknown {
    const key = this.#order[index];
    return key === undefined ? null : (this.#published.get(key) as MongoDocument)._id;
  }

  #upsert(key: string, doc: MongoDocument): void {
    const projected = this.#project(doc);
    const previous = this.#published.get(key);
    const sink = this.#sink;
    if (previous === undefined) {
      const at = this.#positionFor(doc);
      this.#full.set(key, doc);
      this.#order.splice(at, 0, key);
      this.#published.set(key, projected);
      this.#stream.trackDocument(this, key);
      if (this.#multiplexer.ordered) sink.addedBefore(doc._id, fieldsOf(projected), this.#beforeId(at + 1));
      else sink.added(doc._id, fieldsOf(projected));
      return;
    }
    const from = this.#order.indexOf(key);
    this.#order.splice(from, 1);
    this.#full.set(key, doc);
    // Unsorted results keep their place; sorted ones move to where the sort puts them.
    const to = this.#sorter === null ? from : this.#positionFor(doc);
    this.#order.splice(to, 0, key);
    this.#published.set(key, projected);
    const fields = changedFields(previous, projected);
    if (Object.keys(fields).length > 0) sink.changed(doc._id, fields);
    if (this.#multiplexer.ordered && to !== from) sink.movedBefore(doc._id, this.#beforeId(to + 1));
  }

  #remove(key: string): void {
    const previous = this.#published.get(key);
    if (previous === undefined) return;
    this.#full.delete(key);
    this.#published.delete(key);
    const at = this.#order.indexOf(key);
    if (at >= 0) this.#order.splice(at, 1);
    this.#stream.untrackDocument(this, key);
    this.#sink.removed(previous._id);
  }
}
