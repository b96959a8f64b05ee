import type { Document } from 'bson';
import { canonicalKey } from './bson-value';
import { valuesAtPath, hasPath } from './document-path';
import { CommandError } from './errors';
import { OrderedIndex, type OrderedEntry } from './ordered-index';

/** An index as `createIndexes` describes it (the subset of options minimongod honours). */
export interface IndexSpec {
  readonly name: string;
  readonly key: Document;
  readonly unique?: boolean;
  readonly sparse?: boolean;
  readonly partialFilterExpression?: Document;
  readonly expireAfterSeconds?: number;
}

/**
 * Hash index: canonical key → set of `_id` keys. Array values index each element (multikey);
 * compound keys index the cartesian product. Enforces uniqueness before anything is changed.
 */
export class IndexState {
  readonly spec: IndexSpec;
  readonly fields: readonly string[];
  readonly #entries = new Map<string, Set<string>>();
  /** Compound indexes only: first-field key → ids (see lookup). */
  readonly #prefixEntries: Map<string, Set<string>> | null;
  readonly #partial: ((doc: Document) => boolean) | null;
  /**
   * Ordered view of the same documents, for sorted and range reads. Only for indexes whose every
   * document has exactly one key (top-level fields, ascending/descending, neither sparse nor
   * partial), built on first use, then kept current. Documents holding an array in an indexed
   * field are left out and counted: while any exist, the ordered view is not offered.
   */
  #ordered: OrderedIndex | null = null;
  #arrayDocuments = 0;
  readonly #orderable: boolean;

  constructor(spec: IndexSpec, partialMatcher: ((doc: Document) => boolean) | null) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.#partial = partialMatcher;
    this.#prefixEntries = this.fields.length > 1 ? new Map() : null;
    this.#orderable =
      spec.sparse !== true &&
      spec.partialFilterExpression === undefined &&
      this.fields.every((f) => !f.includes('.') && (spec.key[f] === 1 || spec.key[f] === -1));
  }

  /** Index field directions (1 or -1); meaningful only when `orderedView` offers a view. */
  direction(field: string): 1 | -1 {
    return this.spec.key[field] === -1 ? -1 : 1;
  }

  /**
   * The ordered view, or null when it could not return every document exactly once in BSON
   * order (see `ordered`). `records` (id, document, sequence) builds it on first use.
   */
  orderedView(records: () => Iterable<readonly [string, Document, number]>): OrderedIndex | null {
    if (!this.#orderable || this.#arrayDocuments > 0) return null;
    if (this.#ordered === null) {
      const entries: OrderedEntry[] = [];
      for (const [id, doc, seq] of records()) entries.push(this.#entryOf(doc, id, seq));
      this.#ordered = new OrderedIndex(
        this.fields.map((f) => this.direction(f)),
        entries,
      );
    }
    return this.#ordered;
  }

  #entryOf(doc: Document, id: string, seq: number): OrderedEntry {
    return { keys: this.fields.map((f) => doc[f]), seq, id };
  }

  #holdsArray(doc: Document): boolean {
    return this.fields.some((f) => Array.isArray(doc[f]));
  }

  /** Keys this document occupies; empty when sparse/partial exclude it. */
  keysOf(doc: Document): string[] {
    if (this.spec.sparse === true && !this.fields.some((f) => hasPath(doc, f))) return [];
    if (this.#partial !== null && !this.#partial(doc)) return [];
    let keys: string[] = [''];
    for (const field of this.fields) {
      const values = new Set(valuesAtPath(doc, field).map(canonicalKey));
      const next: string[] = [];
      for (const prefix of keys) for (const v of values) next.push(prefix === '' ? v : `${prefix}|${v}`);
      keys = next;
    }
    return keys;
  }

  /** Throw E11000 if `doc` would collide with a document other than `selfId`. */
  checkUnique(doc: Document, selfId: string, collectionNs: string): void {
    if (this.spec.unique !== true) return;
    for (const key of this.keysOf(doc)) {
      const holders = this.#entries.get(key);
      if (holders === undefined) continue;
      for (const holder of holders) {
        if (holder !== selfId) {
          const keyValue: Document = {};
          for (const field of this.fields) keyValue[field] = valuesAtPath(doc, field)[0] ?? null;
          const keyPattern = this.spec.key;
          const shown = Object.entries(keyValue)
            .map(([k, v]) => `${k}: ${JSON.stringify(v) ?? 'null'}`)
            .join(', ');
          throw new CommandError('DuplicateKey', `E11000 duplicate key error collection: ${collectionNs} index: ${this.spec.name} dup key: { ${shown} }`, {
            extra: { keyPattern, keyValue },
          });
        }
      }
    }
  }

  add(doc: Document, id: string, seq: number): void {
    if (this.#orderable) {
      if (this.#holdsArray(doc)) this.#arrayDocuments += 1;
      else this.#ordered?.add(this.#entryOf(doc, id, seq));
    }
    const keys = this.keysOf(doc);
    for (const key of keys) addHolder(this.#entries, key, id);
    if (this.#prefixEntries !== null && keys.length > 0) {
      for (const key of this.#prefixKeysOf(doc)) addHolder(this.#prefixEntries, key, id);
    }
  }

  remove(doc: Document, id: string, seq: number): void {
    if (this.#orderable) {
      if (this.#holdsArray(doc)) this.#arrayDocuments -= 1;
      else this.#ordered?.remove(this.#entryOf(doc, id, seq));
    }
    const keys = this.keysOf(doc);
    for (const key of keys) removeHolder(this.#entries, key, id);
    if (this.#prefixEntries !== null && keys.length > 0) {
      for (const key of this.#prefixKeysOf(doc)) removeHolder(this.#prefixEntries, key, id);
    }
  }

  /**
   * Ids of documents whose first indexed field equals one of `values`. Compound indexes key
   * their entries by all fields joined, so they keep a second map by the first field alone:
   * `{ channelId: 1, createdAt: -1 }` then serves queries on `channelId`.
   */
  lookup(values: readonly unknown[]): Set<string> {
    const map = this.#prefixEntries ?? this.#entries;
    const out = new Set<string>();
    for (const value of values) {
      const holders = map.get(canonicalKey(value));
      if (holders !== undefined) for (const id of holders) out.add(id);
    }
    return out;
  }

  #prefixKeysOf(doc: Document): Set<string> {
    return new Set(valuesAtPath(doc, this.fields[0] as string).map(canonicalKey));
  }

  get keyCount(): number {
    return this.#entries.size;
  }
}

function addHolder(map: Map<string, Set<string>>, key: string, id: string): void {
  let holders = map.get(key);
  if (holders === undefined) {
    holders = new Set();
    map.set(key, holders);
  }
  holders.add(id);
}

function removeHolder(map: Map<string, Set<string>>, key: string, id: string): void {
  const holders = map.get(key);
  if (holders === undefined) return;
  holders.delete(id);
  if (holders.size === 0) map.delete(key);
}
