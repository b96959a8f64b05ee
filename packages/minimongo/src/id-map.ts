import { EJSON, ObjectID } from '@perseid/ejson';
import type { DocumentId } from './value-types';

/**
 * The key a document id is stored under. Tagged by type so the string "abc" and an ObjectID
 * whose hex is "abc…" can never collide.
 */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s${id}`;
  if (id instanceof ObjectID) return `o${id.toHexString()}`;
  if (typeof id === 'number') return `n${id}`;
  return `j${EJSON.stringify(id as never)}`;
}

/** A map keyed by document id (string, ObjectID or any EJSON value) with Map-like iteration. */
export class IdMap<V> {
  readonly #entries = new Map<string, { id: DocumentId; value: V }>();

  get size(): number {
    return this.#entries.size;
  }
  get(id: DocumentId): V | undefined {
    return this.#entries.get(idKey(id))?.value;
  }
  has(id: DocumentId): boolean {
    return this.#entries.has(idKey(id));
  }
  set(id: DocumentId, value: V): this {
    this.#entries.set(idKey(id), { id, value });
    return this;
  }
  delete(id: DocumentId): boolean {
    return this.#entries.delete(idKey(id));
  }
  clear(): void {
    this.#entries.clear();
  }
  forEach(fn: (value: V, id: DocumentId) => void): void {
    for (const { id, value } of this.#entries.values()) fn(value, id);
  }
  *entries(): IterableIterator<[DocumentId, V]> {
    for (const { id, value } of this.#entries.values()) yield [id, value];
  }
  *values(): IterableIterator<V> {
    for (const entry of this.#entries.values()) yield entry.value;
  }
  clone(cloneValue: (value: V) => V = (v) => v): IdMap<V> {
    const copy = new IdMap<V>();
    for (const { id, value } of this.#entries.values()) copy.set(id, cloneValue(value));
    return copy;
  }
}
