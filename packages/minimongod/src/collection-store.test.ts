import assert from 'node:assert/strict';
import { Long } from 'bson';
import { CollectionStore } from './collection-store';
import type { CommandError } from './errors';

function store(): CollectionStore {
  const s = new CollectionStore('db', 'c');
  for (let i = 0; i < 100; i += 1) s.insert({ _id: i, k: `k${i % 10}`, tags: [`t${i % 3}`, 'all'], opt: i % 2 === 0 ? i : undefined });
  return s;
}

const count = (it: Iterable<unknown>): number => [...it].length;

describe('CollectionStore', () => {
  it('answers _id equality and $in from the primary key, not a scan', () => {
    const s = store();
    assert.equal(count(s.candidates({ _id: 5 })), 1);
    assert.equal(count(s.candidates({ _id: Long.fromNumber(5) })), 1, 'a Long finds the number key');
    assert.equal(count(s.candidates({ _id: { $in: [1, 2, 999] } })), 2);
    assert.equal(count(s.candidates({ _id: { $gt: 5 } })), 100, 'ranges scan');
  });

  it('narrows equality on an indexed field (multikey too) and scans otherwise', () => {
    const s = store();
    s.createIndex({ name: 'k_1', key: { k: 1 } });
    s.createIndex({ name: 'tags_1', key: { tags: 1 } });
    assert.equal(count(s.candidates({ k: 'k3' })), 10);
    assert.equal(count(s.candidates({ tags: 't1' })), 33);
    assert.equal(count(s.candidates({ k: { $eq: 'k3' }, other: 1 })), 10);
    assert.equal(count(s.candidates({ unindexed: 1 })), 100);
    assert.equal(count(s.candidates({ k: /k3/ })), 100, 'a regex cannot use the hash index');
  });

  it('answers equality on the first field of a compound index, and stays right through updates', () => {
    const s = store();
    s.createIndex({ name: 'k_1_opt_-1', key: { k: 1, opt: -1 } });
    assert.equal(count(s.candidates({ k: 'k3' })), 10);
    assert.equal(count(s.candidates({ k: { $in: ['k3', 'k4'] } })), 20);
    s.replace({ _id: 3, k: 'k4' });
    assert.equal(count(s.candidates({ k: 'k3' })), 9);
    assert.equal(count(s.candidates({ k: 'k4' })), 11);
    s.remove('n4');
    assert.equal(count(s.candidates({ k: 'k4' })), 10);
  });

  it('scans for null on an indexed dotted path, which arrays of documents can satisfy unindexed', () => {
    const s = new CollectionStore('db', 'c');
    s.createIndex({ name: 'a.b_1', key: { 'a.b': 1 } });
    s.insert({ _id: 1, a: [{ b: 1 }, {}] });
    s.insert({ _id: 2, a: { b: 2 } });
    assert.equal(count(s.candidates({ 'a.b': null })), 2);
    assert.equal(count(s.candidates({ 'a.b': 2 })), 1);
  });

  it('does not answer from sparse or partial indexes, which miss documents', () => {
    const s = store();
    s.createIndex({ name: 'opt_1', key: { opt: 1 }, sparse: true });
    assert.equal(count(s.candidates({ opt: null })), 100);
  });

  it('keeps indexes consistent through replace and remove, and refuses duplicates without changing anything', () => {
    const s = store();
    s.createIndex({ name: 'k_u', key: { u: 1 }, unique: true, sparse: true });
    s.replace({ _id: 1, u: 'x' });
    assert.throws(
      () => s.replace({ _id: 2, u: 'x' }),
      (e: CommandError) => e.code === 11000,
    );
    assert.equal(s.getById(2)?.doc['u'], undefined, 'the failed replace left document 2 alone');
    s.remove('n1');
    s.replace({ _id: 2, u: 'x' });
    assert.equal(s.getById(2)?.doc['u'], 'x');
    assert.throws(
      () => s.insert({ _id: 2 }),
      (e: CommandError) => e.code === 11000,
    );
  });
});
