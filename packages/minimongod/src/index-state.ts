import type { Document } from 'bson';
import { canonicalKey } from './bson-value';
import { valuesAtPath, hasPath } from './document-path';
import { CommandError } from './errors';

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
  private readonly entries = new Map<string, Set<string>>();
  /** Compound indexes only: first-field key → ids (see lookup). */
  private readonly prefixEntries: Map<string, Set<string>> | null;
  private readonly partial: ((doc: Document) => boolean) | null;

  constructor(spec: IndexSpec, partialMatcher: ((doc: Document) => boolean) | null) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.partial = partialMatcher;
    this.prefixEntries = this.fields.length > 1 ? new Map() : null;
  }

  /** Keys this document occupies; empty when sparse/partial exclude it. */
  keysOf(doc: Document): string[] {
    if (this.spec.sparse === true && !this.fields.some((f) => hasPath(doc, f))) return [];
    if (this.partial !== null && !this.partial(doc)) return [];
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
      const holders = this.entries.get(key);
      if (holders === undefined) continue;
      for (const holder of holders) {
        if (holder !== selfId) {
          const keyValue: Document = {};
          for (const field of this.fields) keyValue[field] = valuesAtPath(doc, field)[0] ?? null;
          const keyPattern = this.spec.key;
          const shown = Object.entries(keyValue).map(([k, v]) => `${k}: ${JSON.stringify(v) ?? 'null'}`).join(', ');
          throw new CommandError('DuplicateKey', `E11000 duplicate key error collection: ${collectionNs} index: ${this.spec.name} dup key: { ${shown} }`, {
            extra: { keyPattern, keyValue },
          });
        }
      }
    }
  }

  add(doc: Document, id: string): void {
    const keys = this.keysOf(doc);
    for (const key of keys) addHolder(this.entries, key, id);
    if (this.prefixEntries !== null && keys.length > 0) {
      for (const key of this.prefixKeysOf(doc)) addHolder(this.prefixEntries, key, id);
    }
  }

  remove(doc: Document, id: string): void {
    const keys = this.keysOf(doc);
    for (const key of keys) removeHolder(this.entries, key, id);
    if (this.prefixEntries !== null && keys.length > 0) {
      for (const key of this.prefixKeysOf(doc)) removeHolder(this.prefixEntries, key, id);
    }
  }

  /**
   * Ids of documents whose first indexed field equals one of `values`. Compound indexes key
   * their entries by all fields joined, so they keep a second map by the first field alone:
   * `{ channelId: 1, createdAt: -1 }` then serves queries on `channelId`.
   */
  lookup(values: readonly unknown[]): Set<string> {
    const map = this.prefixEntries ?? this.entries;
    const out = new Set<string>();
    for (const value of values) {
      const holders = map.get(canonicalKey(value));
      if (holders !== undefined) for (const id of holders) out.add(id);
    }
    return out;
  }

  private prefixKeysOf(doc: Document): Set<string> {
    return new Set(valuesAtPath(doc, this.fields[0] as string).map(canonicalKey));
  }

  get keyCount(): number {
    return this.entries.size;
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
