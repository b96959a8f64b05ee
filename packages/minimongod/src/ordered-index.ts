import { compareValues } from './bson-value';

/** One document's place in an ordered index: its key values in index field order, its record sequence and id. */
export interface OrderedEntry {
  readonly keys: readonly unknown[];
  readonly seq: number;
  readonly id: string;
}

/**
 * Where an entry lies relative to a key range: before it, inside it, after it. Must be monotone
 * in index order (every 'before' precedes every 'inside', which precede every 'after').
 */
export type RangePosition = (entry: OrderedEntry) => 'before' | 'inside' | 'after';

/** Entries per chunk before it splits: keeps an insert's array copy small at any collection size. */
const CHUNK_LIMIT = 512;

/**
 * A B-tree's leaves without the tree: a list of sorted chunks, ordered by MongoDB's BSON order
 * on each field (times the field's direction), ties by record sequence so that equal keys keep
 * insertion order. Invariant: chunks are non-empty and their concatenation is sorted.
 */
export class OrderedIndex {
  #chunks: OrderedEntry[][] = [];
  readonly #directions: readonly number[];

  constructor(directions: readonly number[], entries: OrderedEntry[] = []) {
    this.#directions = directions;
    entries.sort((a, b) => this.compare(a, b));
    for (let i = 0; i < entries.length; i += CHUNK_LIMIT / 2) this.#chunks.push(entries.slice(i, i + CHUNK_LIMIT / 2));
  }

  compare(a: OrderedEntry, b: OrderedEntry): number {
    for (let j = 0; j < this.#directions.length; j += 1) {
      const c = compareValues(a.keys[j], b.keys[j]);
      if (c !== 0) return c * (this.#directions[j] as number);
    }
    return a.seq - b.seq;
  }

  get size(): number {
    let n = 0;
    for (const chunk of this.#chunks) n += chunk.length;
    return n;
  }

  add(entry: OrderedEntry): void {
    if (this.#chunks.length === 0) {
      this.#chunks.push([entry]);
      return;
    }
    const ci = this.#chunkFor(entry);
    const chunk = this.#chunks[ci] as OrderedEntry[];
    chunk.splice(this.#lowerBound(chunk, entry), 0, entry);
    if (chunk.length > CHUNK_LIMIT) this.#chunks.splice(ci, 1, chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1));
  }

  /** Remove the entry for `entry.id`; absent entries are ignored. */
  remove(entry: OrderedEntry): void {
    if (this.#chunks.length === 0) return;
    const ci = this.#chunkFor(entry);
    const chunk = this.#chunks[ci] as OrderedEntry[];
    const at = this.#lowerBound(chunk, entry);
    const found = chunk[at];
    if (found !== undefined && found.id === entry.id) {
      this.#removeAt(ci, at);
      return;
    }
    // Only reached if BSON order was not transitive for these keys (int64 beyond 2^53 beside
    // doubles): search by id, so that no entry outlives its document.
    for (let c = 0; c < this.#chunks.length; c += 1) {
      const i = (this.#chunks[c] as OrderedEntry[]).findIndex((e) => e.id === entry.id);
      if (i >= 0) {
        this.#removeAt(c, i);
        return;
      }
    }
  }

  #removeAt(ci: number, at: number): void {
    const chunk = this.#chunks[ci] as OrderedEntry[];
    chunk.splice(at, 1);
    if (chunk.length === 0) this.#chunks.splice(ci, 1);
  }

  /** Entries inside the range, in index order (`forward`) or reversed (`backward`). */
  *walk(position: RangePosition, way: 'forward' | 'backward'): Generator<OrderedEntry> {
    if (way === 'forward') {
      // First chunk whose last entry is not before the range.
      let ci = this.#firstChunk((chunk) => position(chunk[chunk.length - 1] as OrderedEntry) !== 'before');
      if (ci === this.#chunks.length) return;
      let i = firstIndex(this.#chunks[ci] as OrderedEntry[], (e) => position(e) !== 'before');
      for (; ci < this.#chunks.length; ci += 1, i = 0) {
        const chunk = this.#chunks[ci] as OrderedEntry[];
        for (; i < chunk.length; i += 1) {
          const entry = chunk[i] as OrderedEntry;
          if (position(entry) !== 'inside') return;
          yield entry;
        }
      }
      return;
    }
    // Last chunk whose first entry is not after the range.
    let ci = this.#firstChunk((chunk) => position(chunk[0] as OrderedEntry) === 'after') - 1;
    if (ci < 0) return;
    let i = firstIndex(this.#chunks[ci] as OrderedEntry[], (e) => position(e) === 'after') - 1;
    for (; ci >= 0; ci -= 1, i = Number.POSITIVE_INFINITY) {
      const chunk = this.#chunks[ci] as OrderedEntry[];
      for (i = Math.min(i, chunk.length - 1); i >= 0; i -= 1) {
        const entry = chunk[i] as OrderedEntry;
        if (position(entry) !== 'inside') return;
        yield entry;
      }
    }
  }

  /** The chunk that holds, or would hold, `entry`: the last whose first entry is not after it. */
  #chunkFor(entry: OrderedEntry): number {
    const after = this.#firstChunk((chunk) => this.compare(chunk[0] as OrderedEntry, entry) > 0);
    return Math.max(0, after - 1);
  }

  #firstChunk(test: (chunk: OrderedEntry[]) => boolean): number {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (test(this.#chunks[mid] as OrderedEntry[])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #lowerBound(chunk: OrderedEntry[], entry: OrderedEntry): number {
    return firstIndex(chunk, (e) => this.compare(e, entry) >= 0);
  }
}

/** First index whose entry passes a test that is monotone (false… then true…); length if none. */
function firstIndex(entries: readonly OrderedEntry[], test: (entry: OrderedEntry) => boolean): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(entries[mid] as OrderedEntry)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
