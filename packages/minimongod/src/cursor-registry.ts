import { Long, type Document } from 'bson';
import type { ChangeStreamCursor } from './change-stream-cursor';

/** A materialised result set handed out in batches. */
export interface BatchCursor {
  readonly kind: 'batch';
  readonly ns: string;
  readonly docs: Document[];
  offset: number;
  lastUsed: number;
}

export interface StreamCursor {
  readonly kind: 'changeStream';
  readonly ns: string;
  readonly stream: ChangeStreamCursor;
  lastUsed: number;
}

export type ServerCursor = BatchCursor | StreamCursor;

export const IDLE_CURSOR_TIMEOUT_MS = 10 * 60 * 1000;

/** Open cursors by id. Ids are positive int64s; 0 means "no cursor" on the wire. */
export class CursorRegistry {
  readonly #cursors = new Map<bigint, ServerCursor>();
  #nextId = BigInt(Math.floor(Math.random() * 2 ** 40)) + 1n;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  add(cursor: ServerCursor): Long {
    const id = this.#nextId;
    this.#nextId += 1n;
    this.#cursors.set(id, cursor);
    return Long.fromBigInt(id);
  }

  get(id: bigint): ServerCursor | undefined {
    const cursor = this.#cursors.get(id);
    if (cursor !== undefined) cursor.lastUsed = this.#now();
    return cursor;
  }

  /** Remove and stop; false when the id was unknown (already dead cursors are tolerated). */
  kill(id: bigint): boolean {
    const cursor = this.#cursors.get(id);
    if (cursor === undefined) return false;
    this.#cursors.delete(id);
    if (cursor.kind === 'changeStream') cursor.stream.close();
    return true;
  }

  remove(id: bigint): void {
    this.#cursors.delete(id);
  }

  reapIdle(): void {
    const cutoff = this.#now() - IDLE_CURSOR_TIMEOUT_MS;
    for (const [id, cursor] of this.#cursors) if (cursor.lastUsed < cutoff) this.kill(id);
  }

  closeAll(): void {
    for (const id of [...this.#cursors.keys()]) this.kill(id);
  }

  get size(): number {
    return this.#cursors.size;
  }

  /** Change-stream cursors with a getMore currently waiting for events. */
  get parkedCount(): number {
    let n = 0;
    for (const cursor of this.#cursors.values()) if (cursor.kind === 'changeStream' && cursor.stream.isParked) n += 1;
    return n;
  }
}
