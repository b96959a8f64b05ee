import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { MinimongoError } from './errors';
import { LocalCollection } from './local-collection';
import type { Document } from './value-types';

function seeded(): LocalCollection {
  let n = 0;
  const c = new LocalCollection('things', { makeNewId: () => `id${++n}`, now: () => new Date(7) });
  c.insert({ _id: 'a', name: 'alpha', n: 3, tags: ['x'] });
  c.insert({ _id: 'b', name: 'beta', n: 1, tags: ['y'] });
  c.insert({ _id: 'c', name: 'gamma', n: 2, tags: ['x', 'y'] });
  return c;
}

describe('LocalCollection', () => {
  describe('insert', () => {
    it('returns the generated id and stores a copy', () => {
      const c = new LocalCollection(null, { makeNewId: () => 'fresh' });
      const doc: Document = { a: 1 };
      assert.equal(c.insert(doc), 'fresh');
      doc.a = 2;
      assert.deepEqual(c.findOne('fresh'), { a: 1, _id: 'fresh' });
      assert.equal('_id' in doc, false, 'the caller’s object is not modified');
    });

    it('generates 17-character Meteor ids by default', () => {
      const id = new LocalCollection().insert({});
      assert.match(String(id), /^[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}$/);
    });

    it('accepts ObjectID ids and finds by them', () => {
      const c = new LocalCollection();
      const id = new ObjectID();
      c.insert({ _id: id, v: 1 });
      assert.deepEqual(c.findOne(new ObjectID(id.toHexString()))?.v, 1);
      assert.deepEqual(c.findOne({ _id: id })?.v, 1);
    });

    it('rejects duplicates, non-objects, bad ids and bad keys', () => {
      const c = seeded();
      assert.throws(
        () => c.insert({ _id: 'a' }),
        (e: unknown) => e instanceof MinimongoError && e.code === 'minimongo.duplicate-id' && /Duplicate _id 'a'/.test(e.message),
      );
      assert.throws(() => c.insert(5 as unknown as Document), /Document to insert must be an object/);
      assert.throws(() => c.insert({ _id: { x: 1 } }), /non-empty strings or ObjectIDs/);
      assert.throws(
        () => c.insert({ $set: 1 }),
        (e: unknown) => e instanceof MinimongoError && e.code === 'minimongo.bad-document' && /must not start with '\$'/.test(e.message),
      );
      assert.throws(() => c.insert({ 'a.b': 1 }), /must not contain '\.'/);
      assert.equal(c.find().count(), 3);
    });
  });

  describe('find', () => {
    it('sorts, skips, limits and projects', () => {
      const c = seeded();
      assert.deepEqual(
        c.find({}, { sort: { n: 1 } }).map((d) => d._id),
        ['b', 'c', 'a'],
      );
      assert.deepEqual(c.find({}, { sort: { n: -1 }, skip: 1, limit: 1 }).fetch(), [{ _id: 'c', name: 'gamma', n: 2, tags: ['x', 'y'] }]);
      assert.deepEqual(c.find({ tags: 'x' }, { sort: [['name', 'desc']], fields: { name: 1 } }).fetch(), [
        { _id: 'c', name: 'gamma' },
        { _id: 'a', name: 'alpha' },
      ]);
      assert.deepEqual(c.find({}, { projection: { tags: 0, n: 0, _id: 0 }, sort: { name: 1 } }).fetch(), [
        { name: 'alpha' },
        { name: 'beta' },
        { name: 'gamma' },
      ]);
    });

    it('matches everything with no selector but nothing with an explicit undefined or null', () => {
      const c = seeded();
      assert.equal(c.find().count(), 3);
      assert.equal(c.find(undefined).count(), 0);
      assert.equal(c.find(null).count(), 0);
      assert.equal(c.findOne(undefined), undefined);
      assert.equal(c.findOne()?._id, 'a');
      assert.equal(c.find('a', { skip: 1 }).count(), 0);
    });

    it('matches nothing with false or a falsy _id, in find, update and remove, as Meteor guards them', () => {
      const c = seeded();
      const falsy = [false, { _id: undefined }, { _id: null }, { _id: '' }, { _id: 0 }] as unknown as Document[];
      for (const selector of falsy) {
        assert.equal(c.find(selector).count(), 0, JSON.stringify(selector));
        assert.equal(c.update(selector, { $set: { n: 9 } }, { multi: true }), 0);
        assert.equal(c.remove(selector), 0);
      }
      assert.equal(c.find().count(), 3);
      assert.throws(
        () => c.find(true as unknown as Document),
        (e: unknown) => e instanceof MinimongoError && e.code === 'minimongo.bad-selector',
      );
    });

    it('selects by the own fields of a non-plain object, so a Promise selects every document as in Meteor', () => {
      const c = seeded();
      const pending = Promise.resolve('a');
      assert.equal(c.find(pending as unknown as Document).count(), 3);
      class ByName {
        constructor(readonly name: string) {}
      }
      assert.deepEqual(
        c.find(new ByName('beta') as unknown as Document).map((d) => d._id),
        ['b'],
      );
    });

    it('sorts arrays by the elements the selector accepts, as Meteor', () => {
      const c = new LocalCollection();
      c.insert({ _id: 'd1', a: { x: [1, 4] } });
      c.insert({ _id: 'd2', a: [{ x: [2] }, { x: 3 }] });
      c.insert({ _id: 'd3', a: { x: 0 } });
      c.insert({ _id: 'd4', a: { x: 2.5 } });
      c.insert({ _id: 'd5', a: { x: 5 } });
      assert.deepEqual(
        c.find({}, { sort: { 'a.x': 1 } }).map((d) => d._id),
        ['d3', 'd1', 'd2', 'd4', 'd5'],
      );
      assert.deepEqual(
        c.find({ 'a.x': { $gt: 1 } }, { sort: { 'a.x': 1 } }).map((d) => d._id),
        ['d2', 'd4', 'd1', 'd5'],
      );
    });

    it('keeps insertion order without a sort, and limit 0 means no limit', () => {
      const c = seeded();
      assert.deepEqual(
        c.find({}, { limit: 0 }).map((d) => d._id),
        ['a', 'b', 'c'],
      );
    });

    it('returns fresh copies that do not alias stored documents', () => {
      const c = seeded();
      const doc = c.findOne('a') as Document;
      (doc.tags as string[]).push('mutated');
      assert.deepEqual(c.findOne('a')?.tags, ['x']);
    });

    it('count honours skip and limit', () => {
      const c = seeded();
      assert.equal(c.find({}, { skip: 1 }).count(), 2);
      assert.equal(c.find({}, { limit: 2 }).count(), 2);
    });

    it('is iterable, synchronously and asynchronously, and applies transform', async () => {
      const c = seeded();
      class Named {
        constructor(readonly label: string) {}
      }
      const cursor = c.find({}, { sort: { n: 1 }, transform: (d) => new Named(String(d.name).toUpperCase()) });
      assert.deepEqual(
        [...cursor].map((x) => x.label),
        ['BETA', 'GAMMA', 'ALPHA'],
      );
      const seen: string[] = [];
      for await (const named of cursor) seen.push(named.label);
      assert.deepEqual(seen, ['BETA', 'GAMMA', 'ALPHA']);
      assert.equal((c.findOne({ n: 2 }, { transform: (d) => new Named(String(d.name)) }) as unknown as Document)._id, 'c', 'the _id is kept');
      const indexes: number[] = [];
      cursor.forEach((_doc, index) => {
        indexes.push(index);
      });
      assert.deepEqual(indexes, [0, 1, 2]);
    });

    it('requires transforms to return objects with the same _id', () => {
      const c = seeded();
      assert.throws(() => c.findOne({}, { transform: (d) => d._id }), /transform must return object/);
      assert.throws(() => c.findOne({}, { transform: (d) => ({ ...d, _id: 'other' }) }), /can't have different _id/);
    });

    it('rejects bad options with MinimongoError', () => {
      const c = seeded();
      assert.throws(() => c.find({}, { limit: -1 }), /limit must be a non-negative integer/);
      assert.throws(() => c.find({}, { skip: 1.5 }), /skip must be a non-negative integer/);
      assert.throws(() => c.find({}, { sort: { a: 0 } }), /Bad sort specification/);
      assert.throws(() => c.find({}, { fields: { a: 1, b: 0 } }), /mix including and excluding/);
    });
  });

  describe('update, upsert, remove', () => {
    it('updates the first match, or all with multi, and returns the count', () => {
      const c = seeded();
      assert.equal(c.update({ tags: 'x' }, { $inc: { n: 10 } }), 1);
      assert.deepEqual(
        c.find({}, { sort: { n: 1 } }).map((d) => d.n),
        [1, 2, 13],
      );
      assert.equal(c.update({ tags: 'x' }, { $set: { hit: true } }, { multi: true }), 2);
      assert.deepEqual(
        c.find({ hit: true }).map((d) => d._id),
        ['a', 'c'],
      );
      assert.equal(c.update({ name: 'nobody' }, { $set: { x: 1 } }), 0);
    });

    it('replaces a whole document keeping its _id', () => {
      const c = seeded();
      c.update('b', { only: 1 });
      assert.deepEqual(c.findOne('b'), { _id: 'b', only: 1 });
    });

    it('leaves every document unchanged when the modifier fails on one', () => {
      const c = seeded();
      c.update('b', { $set: { n: 'text' } });
      assert.throws(() => c.update({}, { $inc: { n: 1 } }, { multi: true }), /Cannot apply \$inc modifier to non-number/);
      assert.deepEqual(
        c.find({}, { sort: { name: 1 } }).map((d) => d.n),
        [3, 'text', 2],
      );
    });

    it('upserts with the selector fields, $setOnInsert and a given id', () => {
      const c = seeded();
      assert.deepEqual(c.upsert({ name: 'delta' }, { $set: { n: 4 }, $setOnInsert: { created: true } }), {
        numberAffected: 1,
        insertedId: 'id1',
      });
      assert.deepEqual(c.findOne('id1'), { name: 'delta', n: 4, created: true, _id: 'id1' });
      assert.deepEqual(c.upsert({ name: 'delta' }, { $set: { n: 5 }, $setOnInsert: { created: false } }), { numberAffected: 1 });
      assert.deepEqual(c.findOne('id1'), { name: 'delta', n: 5, created: true, _id: 'id1' });
      assert.deepEqual(c.update({ name: 'eps' }, { $set: { n: 6 } }, { upsert: true, insertedId: 'seeded', _returnObject: true }), {
        numberAffected: 1,
        insertedId: 'seeded',
      });
      assert.equal(c.update({ name: 'zeta' }, { $set: { n: 7 } }, { upsert: true }), 1);
    });

    it('removes matching documents and returns the count; a null selector removes nothing', () => {
      const c = seeded();
      assert.equal(c.remove(null), 0);
      assert.equal(c.remove({ _id: undefined }), 0);
      assert.equal(c.remove({ tags: 'y' }), 2);
      assert.deepEqual(
        c.find().map((d) => d._id),
        ['a'],
      );
      assert.equal(c.remove({}), 1);
      assert.equal(c.find().count(), 0);
    });

    it('has async variants that resolve and reject like the sync ones', async () => {
      const c = seeded();
      assert.equal(await c.insertAsync({ _id: 'd', n: 9 }), 'd');
      assert.equal(await c.updateAsync('d', { $inc: { n: 1 } }), 1);
      assert.equal((await c.findOneAsync('d'))?.n, 10);
      assert.deepEqual(await c.upsertAsync('e', { $set: { n: 0 } }), { numberAffected: 1, insertedId: 'e' });
      assert.equal(await c.find().countAsync(), 5);
      assert.deepEqual(await c.find({}, { sort: { n: -1 }, limit: 1 }).mapAsync((d) => d._id), ['d']);
      assert.equal((await c.find({ n: { $gt: 2 } }).fetchAsync()).length, 2);
      assert.equal(await c.removeAsync('d'), 1);
      await assert.rejects(c.insertAsync({ _id: 'a' }), /Duplicate _id/);
      await assert.rejects(c.updateAsync('a', { $bad: {} }), /Invalid modifier specified \$bad/);
    });
  });

  describe('store-facing writes', () => {
    it('getDoc returns a private copy; changeDoc, replaceDoc and removeDoc write by id', () => {
      const c = seeded();
      const copy = c.getDoc('a') as Document;
      copy.name = 'changed';
      assert.equal(c.getDoc('a')?.name, 'alpha');
      c.changeDoc('a', { name: 'ALPHA', n: undefined });
      assert.deepEqual(c.getDoc('a'), { _id: 'a', name: 'ALPHA', tags: ['x'] });
      c.replaceDoc('z', { v: 1 });
      assert.deepEqual(c.getDoc('z'), { v: 1, _id: 'z' });
      c.replaceDoc('z', undefined);
      assert.equal(c.hasDoc('z'), false);
      assert.equal(c.removeDoc('b'), true);
      assert.equal(c.removeDoc('b'), false);
      assert.equal(c.size, 2);
      assert.throws(() => c.changeDoc('missing', { a: 1 }), /No document with _id 'missing'/);
    });
  });

  describe('saveOriginals / retrieveOriginals', () => {
    it('records each written document as it was before the first write', () => {
      const c = seeded();
      c.saveOriginals();
      c.update('a', { $set: { n: 100 } });
      c.update('a', { $set: { n: 200 } });
      c.insert({ _id: 'new' });
      c.remove('b');
      const originals = c.retrieveOriginals();
      assert.equal(originals.size, 3);
      assert.equal(originals.get('a')?.n, 3);
      assert.equal(originals.has('new'), true);
      assert.equal(originals.get('new'), undefined);
      assert.equal(originals.get('b')?.name, 'beta');
      assert.equal(originals.has('c'), false);
    });

    it('does not record writes made outside a save window', () => {
      const c = seeded();
      c.update('a', { $set: { n: 1 } });
      c.saveOriginals();
      assert.equal(c.retrieveOriginals().size, 0);
    });

    it('rejects unbalanced calls', () => {
      const c = seeded();
      assert.throws(() => c.retrieveOriginals(), /retrieveOriginals without saveOriginals/);
      c.saveOriginals();
      assert.throws(() => c.saveOriginals(), /saveOriginals twice/);
    });
  });
});
