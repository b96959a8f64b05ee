import { Long, calculateObjectSize, type Document } from 'bson';

/** Real servers cap a batch at 16 MiB of documents; stay well below the reply limit. */
const BATCH_BYTES = 8 * 1024 * 1024;
export const DEFAULT_FIRST_BATCH = 101;

/** The cursor reply the driver expects; `id` must be int64 or the driver rejects it. */
export function cursorReply(id: Long | number, ns: string, batch: Document[], which: 'firstBatch' | 'nextBatch', extra: Document = {}): Document {
  return { cursor: { [which]: batch, id: typeof id === 'number' ? Long.fromNumber(id) : id, ns, ...extra }, ok: 1 };
}

/** Take up to `count` documents from `docs` at `offset`, bounded by the byte budget (at least one). */
export function takeBatch(docs: Document[], offset: number, count: number): Document[] {
  // One document always fits (it is at most 16 MiB): skip measuring it (findOne's common case).
  if (count >= 1 && docs.length - offset === 1) return [docs[offset] as Document];
  const out: Document[] = [];
  let bytes = 0;
  for (let i = offset; i < docs.length && out.length < count; i += 1) {
    const doc = docs[i] as Document;
    bytes += calculateObjectSize(doc);
    if (bytes > BATCH_BYTES && out.length > 0) break;
    out.push(doc);
  }
  return out;
}
