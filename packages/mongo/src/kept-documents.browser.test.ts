/** Kept documents in real Chromium IndexedDB: what the next page load paints, and what a logout leaves. */
import assert from 'node:assert/strict';
import { ClientCollection, collectionCache, indexedDbCacheStorage } from './index.browser';

type Note = { _id: string; text: string; at: Date };

describe('collection.keep() with IndexedDB in Chromium', () => {
  const scope = `browser-test-${Date.now()}`;
  const notes = new ClientCollection<Note>(`kept_notes_${Date.now()}`, { connection: null });
  notes.keep({}, { sort: { at: -1 }, limit: 3 });

  after(async () => {
    await collectionCache.wipe(scope);
  });

  it('writes the first `limit` documents and paints them again after a reload', async () => {
    await collectionCache.open(scope);
    for (let i = 1; i <= 5; i++) notes.insert({ _id: `n${i}`, text: `note ${i}`, at: new Date(i * 1000) });
    await collectionCache.flush();
    collectionCache.close(false);
    notes.remove({});

    // The next page load: a fresh read of the database.
    const painted = await collectionCache.open(scope);
    assert.equal(painted, 3);
    const docs = notes.find({}, { sort: { at: -1 } }).fetch();
    assert.deepEqual(
      docs.map((d) => d._id),
      ['n5', 'n4', 'n3'],
    );
    assert.ok(docs[0]?.at instanceof Date, 'EJSON types survive');
  });

  it('wipe deletes the database: the next open paints nothing', async () => {
    await collectionCache.wipe();
    notes.remove({});
    assert.equal(await collectionCache.open(scope), 0);
    assert.deepEqual(await indexedDbCacheStorage(scope).load(), []);
    collectionCache.close(true);
  });

  it('a database this program cannot read makes open() warn and paint nothing, never throw', async () => {
    const foreign = `${scope}-foreign`;
    await new Promise<void>((resolve, reject) => {
      const opening = indexedDB.open(`perseid-cache:${foreign}`, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore('not-ours');
      opening.onsuccess = () => {
        opening.result.close();
        resolve();
      };
      opening.onerror = () => reject(opening.error);
    });
    const warnings: string[] = [];
    assert.equal(await collectionCache.open(foreign, { warn: (m) => warnings.push(m) }), 0);
    assert.ok(warnings.some((w) => w.includes('could not read')));
    await collectionCache.wipe();
  });
});
