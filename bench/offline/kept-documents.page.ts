/**
 * Page side of kept-documents.bench.ts (bundled by esbuild, runs in Chromium): writes `count`
 * chat-like documents through collection.keep() into IndexedDB, then opens the cache as a
 * new page load does, beside the same documents parsed and inserted without IndexedDB.
 */
import { EJSON } from '@perseid/ejson';
import { ClientCollection, collectionCache, indexedDbCacheStorage } from '@perseid/mongo';

export interface KeptRoundResult {
  readonly count: number;
  readonly painted: number;
  /** collection.keep() writing every document, from the first insert to flushed. */
  readonly writeMs: number;
  /** Of writeMs, the inserts alone (minimongo plus the kept live query's upkeep), before the flush. */
  readonly keptInsertMs: number;
  /** Baseline: the same single inserts into a collection that is not kept, same page and round. */
  readonly fillBaselineMs: number;
  /** collectionCache.open(): IndexedDB read, EJSON parse, minimongo insert. */
  readonly openMs: number;
  /** The IndexedDB read alone (getAll of the same store). */
  readonly readMs: number;
  /** Baseline: the same documents as EJSON text parsed and inserted, no IndexedDB. */
  readonly baselineMs: number;
  /** navigator.storage.estimate() usage added by the cache, in bytes. */
  readonly bytes: number;
}

type Message = { _id: string; channelId: string; userId: string; text: string; createdAt: Date; reactions: { emoji: string; userIds: string[] }[] };

function messages(count: number): Message[] {
  const list: Message[] = [];
  for (let i = 0; i < count; i++) {
    list.push({
      _id: `m${String(i).padStart(6, '0')}`,
      channelId: `c${i % 20}`,
      userId: `u${i % 50}`,
      text: `message ${i}: the train is in the tunnel again, so this one waits on the device for a while`,
      createdAt: new Date(1_700_000_000_000 + i * 1000),
      reactions: i % 7 === 0 ? [{ emoji: '👍', userIds: [`u${i % 3}`] }] : [],
    });
  }
  return list;
}

async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? 0;
}

declare global {
  interface Window {
    runKeptRound(count: number, round: number): Promise<KeptRoundResult>;
  }
}

window.runKeptRound = async (count, round) => {
  const scope = `bench-${round}-${Date.now()}`;
  const name = `bench_messages_${round}`;
  const collection = new ClientCollection<Message>(name, { connection: null });
  collection.keep({}, { sort: { createdAt: -1 }, limit: count });
  const docs = messages(count);

  // The same single inserts into a collection that is not kept (a fresh name per round).
  const plain = new ClientCollection<Message>(`bench_plain_${round}`, { connection: null });
  const fillBaselineStart = performance.now();
  for (const doc of docs) plain.insert(doc);
  const fillBaselineMs = performance.now() - fillBaselineStart;
  plain.remove({});

  const emptyUsage = await usage();
  await collectionCache.open(scope);
  const writeStart = performance.now();
  for (const doc of docs) collection.insert(doc);
  const keptInsertMs = performance.now() - writeStart;
  await collectionCache.flush();
  const writeMs = performance.now() - writeStart;
  const bytes = (await usage()) - emptyUsage;
  collectionCache.close(false);
  collection.remove({});

  // A new page load: read, parse and insert every kept document.
  const openStart = performance.now();
  const painted = await collectionCache.open(scope);
  const openMs = performance.now() - openStart;
  collectionCache.close(false);
  collection.remove({});

  const readStart = performance.now();
  const records = await indexedDbCacheStorage(scope).load();
  const readMs = performance.now() - readStart;

  const texts = docs.map((doc) => EJSON.stringify(doc));
  const baseline = new ClientCollection<Message>(null);
  const baselineStart = performance.now();
  for (const text of texts) baseline.insert(EJSON.parse(text) as Message);
  const baselineMs = performance.now() - baselineStart;

  if (records.length !== count) throw new Error(`expected ${count} stored documents, read ${records.length}`);
  await collectionCache.wipe(scope);
  return { count, painted, writeMs, keptInsertMs, fillBaselineMs, openMs, readMs, baselineMs, bytes };
};
