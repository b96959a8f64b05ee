import type { Document } from 'bson';
import type { Catalog } from './catalog';
import { renderEvents, type ChangeStreamScope, type FullDocumentMode } from './change-event';
import type { Oplog } from './oplog';
import { CommandError } from './errors';
import { runPipeline } from './query-engine';
import { makeToken } from './resume-token';

export type ChangeStreamState = 'open' | 'invalidated' | 'closed';

export interface ChangeBatch {
  readonly events: Document[];
  readonly postBatchResumeToken: { _data: string };
  /** True once an invalidate has been delivered: the cursor id becomes 0. */
  readonly exhausted: boolean;
}

/**
 * One change-stream cursor: a position in the oplog (everything ≤ position has been seen),
 * a scope, and the user's trailing pipeline. `next()` blocks until something in scope is
 * published or the await time passes; `close()` wakes a parked `next()`.
 */
export class ChangeStreamCursor {
  #position: bigint;
  #state: ChangeStreamState = 'open';
  #wake: (() => void) | null = null;
  readonly #scope: ChangeStreamScope;
  readonly #fullDocument: FullDocumentMode;
  readonly #pipeline: Document[];
  readonly #oplog: Oplog;
  readonly #catalog: Catalog;
  readonly #timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
  /** Events already rendered but not yet returned because of batchSize. */
  readonly #buffered: Document[] = [];
  /** Set when the user's pipeline fails on an event; reported by the next poll. */
  #failure: Error | null = null;

  constructor(options: {
    scope: ChangeStreamScope;
    fullDocument: FullDocumentMode;
    pipeline: Document[];
    startAfterTs: bigint;
    oplog: Oplog;
    catalog: Catalog;
    timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
  }) {
    this.#scope = options.scope;
    this.#fullDocument = options.fullDocument;
    this.#pipeline = options.pipeline;
    this.#position = options.startAfterTs;
    this.#oplog = options.oplog;
    this.#catalog = options.catalog;
    this.#timers = options.timers ?? { setTimeout, clearTimeout };
  }

  get isClosed(): boolean {
    return this.#state === 'closed';
  }

  /** A getMore is waiting on this cursor (reported by serverStatus). */
  get isParked(): boolean {
    return this.#wake !== null;
  }

  /** Non-blocking: whatever is available now. Throws (and closes) if the stream failed. */
  poll(batchSize: number): ChangeBatch {
    this.#collect();
    if (this.#failure !== null) {
      this.#state = 'closed';
      throw this.#failure;
    }
    const events = this.#buffered.splice(0, Math.max(1, batchSize));
    const exhausted = this.#state === 'invalidated' && this.#buffered.length === 0;
    const last = events[events.length - 1];
    // While events wait in the buffer, the resume point is the last event handed out.
    const highWater = this.#oplog.highWater();
    // biome-ignore lint/complexity/useMathMinMax: positions are bigints, which Math.max does not take
    const resumeAt = this.#position > highWater ? this.#position : highWater;
    const token = this.#buffered.length > 0 && last !== undefined ? (last['_id'] as { _data: string }) : makeToken(resumeAt, 'highWater');
    if (exhausted) this.#state = 'closed';
    return { events, postBatchResumeToken: token, exhausted };
  }

  /** Blocking: wait up to `maxAwaitMs` for events when none are available. */
  async next(batchSize: number, maxAwaitMs: number): Promise<ChangeBatch> {
    this.#collect();
    if (this.#buffered.length === 0 && this.#state === 'open' && maxAwaitMs > 0) {
      await new Promise<void>((resolve) => {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const stopListening = this.#oplog.listen(() => {
          if (this.#collect() === 0 && this.#state === 'open') return 'waiting';
          finish();
          return 'released';
        });
        const finish = (): void => {
          stopListening();
          if (timer !== null) this.#timers.clearTimeout(timer);
          timer = null;
          this.#wake = null;
          resolve();
        };
        this.#wake = finish;
        timer = this.#timers.setTimeout(finish, maxAwaitMs);
      });
    }
    return this.poll(batchSize);
  }

  /** Stop; a parked `next()` returns at once. Safe to call twice. */
  close(): void {
    this.#state = 'closed';
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** Render newly published entries into the buffer; returns how many events became available. */
  #collect(): number {
    if (this.#state !== 'open' || this.#failure !== null) return 0;
    const entries = this.#oplog.since(this.#position);
    if (entries.length === 0) return 0;
    const rendered: Document[] = [];
    for (const entry of entries) {
      const { events, invalidates } = renderEvents(entry, this.#scope, this.#fullDocument, this.#catalog);
      rendered.push(...events);
      this.#position = entry.ts;
      if (invalidates) {
        this.#state = 'invalidated';
        break;
      }
    }
    let visible: Document[];
    try {
      visible = this.#pipeline.length === 0 || rendered.length === 0 ? rendered : this.#applyPipeline(rendered);
    } catch (error) {
      // Runs inside the publisher's call stack: never throw into another connection's write.
      this.#failure = error instanceof Error ? error : new Error(String(error));
      return 1;
    }
    this.#buffered.push(...visible);
    return visible.length;
  }

  #applyPipeline(events: Document[]): Document[] {
    // The user's stages run per event; invalidate always passes so the stream can end.
    const out: Document[] = [];
    const results = runPipeline(events, this.#pipeline);
    const byToken = new Map<string, Document>();
    const issued = new Set(events.map((e) => (e['_id'] as { _data: string })._data));
    for (const r of results) {
      const id = r['_id'] as { _data?: unknown } | undefined;
      // Without its token an event cannot be resumed from: MongoDB fails the stream (280).
      if (id === undefined || typeof id._data !== 'string' || !issued.has(id._data)) {
        throw new CommandError(
          'ChangeStreamFatalError',
          'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point.',
        );
      }
      byToken.set(id._data, r);
    }
    for (const event of events) {
      const token = (event['_id'] as { _data: string })._data;
      const kept = byToken.get(token);
      if (kept !== undefined) out.push(kept);
      else if (event['operationType'] === 'invalidate') out.push(event);
    }
    return out;
  }
}
