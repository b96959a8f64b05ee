/**
 * An observer on a real minimongod that goes away and comes back on its port with its data:
 * its change stream resumes from its token (changes made while this process could not see the
 * database all arrive, none twice), and when the database no longer has the history behind the
 * token, the observer re-queries instead of missing changes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { Collection } from './collection';
import type { ObserveHandle } from './observe-handle';
import { RemoteCollectionDriver } from './remote-collection-driver';
import { eventually } from '../../../tests/helpers/eventually';

describe('an observer across a database restart', function () {
  this.timeout(60_000);
  let dir: string;
  let db: MinimongodHandle | undefined;
  let driver: RemoteCollectionDriver;
  let handle: ObserveHandle | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-restart-'));
    db = await startMinimongod({ port: 0, dbPath: dir, quiet: true });
    driver = new RemoteCollectionDriver(db.url, { log: () => undefined, changeStreamMaxAwaitMs: 50, clientOptions: { serverSelectionTimeoutMS: 20_000 } });
  });

  afterEach(async () => {
    handle?.stop();
    await driver.close();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Stops the database, writes `count` documents through another minimongod on another port
   * over the same data (this process cannot see it), then restarts on the first port keeping
   * `history` change events.
   */
  async function writesUnseen(count: number, history: number): Promise<void> {
    const port = (db as MinimongodHandle).port;
    await db?.stop();
    const elsewhere = await startMinimongod({ port: 0, dbPath: dir, quiet: true });
    const other = new MongoClient(elsewhere.url);
    await other
      .db()
      .collection('items')
      .insertMany(Array.from({ length: count }, (_, i) => ({ _id: `unseen-${i}` as never, i })));
    await other.close();
    await elsewhere.stop();
    db = await startMinimongod({ port, dbPath: dir, quiet: true, changeStreamHistory: history });
  }

  const itemsStream = () => driver.stats().changeStreams.find((s) => s.collection === 'items');

  async function observed(): Promise<{ added: string[]; removed: string[] }> {
    const seen = { added: [] as string[], removed: [] as string[] };
    const items = new Collection<{ _id: string; i: number }>('items', { _driver: driver, defineMutationMethods: false });
    await items.insertAsync({ _id: 'before', i: -1 });
    handle = await items.find({}).observeChangesAsync({
      added: (id) => void seen.added.push(String(id)),
      removed: (id) => void seen.removed.push(String(id)),
    });
    // The stream has read past the first insert: its token is after it.
    await items.insertAsync({ _id: 'streamed', i: 0 });
    await eventually('streamed insert observed', () => seen.added.includes('streamed'), { timeoutMs: 50_000, intervalMs: 20 });
    return seen;
  }

  it('resumes from its token: every change made meanwhile arrives once', async () => {
    const seen = await observed();
    await writesUnseen(20, 100_000);
    await eventually('all unseen inserts observed', () => seen.added.filter((id) => id.startsWith('unseen-')).length >= 20, {
      timeoutMs: 50_000,
      intervalMs: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(seen.added.filter((id) => id.startsWith('unseen-')).sort(), Array.from({ length: 20 }, (_, i) => `unseen-${i}`).sort());
    assert.equal(new Set(seen.added).size, seen.added.length, 'no change delivered twice');
    assert.equal(itemsStream()?.resets, 0, 'resumed from the token, no re-query');
  });

  it('re-queries when the history behind its token is gone, and misses nothing', async () => {
    const seen = await observed();
    await writesUnseen(20, 5);
    await eventually('all unseen inserts observed', () => seen.added.filter((id) => id.startsWith('unseen-')).length >= 20, {
      timeoutMs: 50_000,
      intervalMs: 20,
    });
    assert.equal(new Set(seen.added).size, seen.added.length, 'no document added twice');
    assert.deepEqual(seen.removed, []);
    assert.ok((itemsStream()?.resets ?? 0) >= 1, 'the observer re-queried');
  });
});
