/** The outbox's IndexedDB storage in real Chromium: what a reload finds, and what a logout leaves. */
import assert from 'node:assert/strict';
import { deleteIndexedDb, indexedDbOutboxStorage, openIndexedDbStore, type OutboxRecord } from '../src/index.browser';

const record = (seq: number, randomSeed: string): OutboxRecord => ({
  seq,
  randomSeed,
  method: 'messages.send',
  params: `[{"text":"m${seq}","at":{"$date":${seq}}}]`,
  attempts: 0,
});

describe('indexedDbOutboxStorage in Chromium', () => {
  const scope = `test-${Date.now()}`;
  after(() => deleteIndexedDb(`perseid-outbox:${scope}`));

  it('keeps records across a new storage object (a reload), deletes one, and clears', async () => {
    const first = indexedDbOutboxStorage(scope);
    await first.put(record(1, 'a'));
    await first.put(record(2, 'b'));
    await first.put({ ...record(2, 'b'), attempts: 1 });
    const reloaded = indexedDbOutboxStorage(scope);
    const loaded = (await reloaded.load()).sort((x, y) => x.seq - y.seq);
    assert.deepEqual(loaded, [record(1, 'a'), { ...record(2, 'b'), attempts: 1 }]);
    await reloaded.delete('a');
    assert.deepEqual(
      (await indexedDbOutboxStorage(scope).load()).map((r) => r.randomSeed),
      ['b'],
    );
    await reloaded.clear();
    assert.deepEqual(await indexedDbOutboxStorage(scope).load(), []);
  });

  it('keeps each scope (user) apart, and deleting one scope leaves the other', async () => {
    const mine = indexedDbOutboxStorage(`${scope}-u1`);
    const theirs = indexedDbOutboxStorage(`${scope}-u2`);
    await mine.put(record(1, 'mine'));
    await theirs.put(record(1, 'theirs'));
    await deleteIndexedDb(`perseid-outbox:${scope}-u1`);
    assert.deepEqual(await indexedDbOutboxStorage(`${scope}-u1`).load(), []);
    assert.deepEqual(
      (await theirs.load()).map((r) => r.randomSeed),
      ['theirs'],
    );
    await deleteIndexedDb(`perseid-outbox:${scope}-u2`);
  });

  it('a database from another program under the same name (no object store) rejects instead of hanging', async () => {
    const name = `perseid-outbox:${scope}-foreign`;
    await new Promise<void>((resolve, reject) => {
      const opening = indexedDB.open(name, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore('something-else');
      opening.onsuccess = () => {
        opening.result.close();
        resolve();
      };
      opening.onerror = () => reject(opening.error);
    });
    await assert.rejects(indexedDbOutboxStorage(`${scope}-foreign`).load());
    await deleteIndexedDb(name);
    await assert.rejects(openIndexedDbStore('x', 'y', 'z').then((s) => s.put(42 as never)));
    await deleteIndexedDb('x');
  });
});
