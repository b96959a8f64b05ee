import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { describeCursor, normalizeSelector, normalizeSort } from './cursor-description';
import { isPerseidMongoError } from './mongo-errors';

describe('cursor descriptions', () => {
  it("follows Meteor's selector shorthands", () => {
    assert.deepEqual(normalizeSelector(undefined, 'omitted', 'c'), {});
    assert.deepEqual(normalizeSelector('abc', 'given', 'c'), { _id: 'abc' });
    const oid = new ObjectID();
    assert.deepEqual(normalizeSelector(oid, 'given', 'c'), { _id: oid });
    // undefined/null or a falsy _id must match nothing, never everything
    const nothing = normalizeSelector(undefined, 'given', 'c');
    assert.equal(typeof nothing['_id'], 'string');
    assert.notDeepEqual(normalizeSelector({ _id: '' }, 'given', 'c'), { _id: '' });
  });

  it('normalises sort arrays to one object and drops empty options, so equal cursors share', () => {
    assert.deepEqual(normalizeSort(['a', ['b', 'desc']]), { a: 1, b: -1 });
    const a = describeCursor('c', { x: 1 }, { sort: [['n', 'asc']], limit: 0, skip: 0, fields: {} });
    const b = describeCursor('c', { x: 1 }, { sort: { n: 1 } });
    assert.deepEqual(a, b);
  });

  it('rejects malformed options with mongo.invalid-options / mongo.invalid-selector', () => {
    const bad: Array<() => unknown> = [
      () => describeCursor('c', {}, { skip: 1.5 }),
      () => describeCursor('c', {}, { limit: -2 }),
      () => describeCursor('c', {}, { sort: { a: 0 as never } }),
      () => describeCursor('c', {}, { sort: [[1 as never, 'asc']] }),
      () => describeCursor('c', {}, { fields: 'a' as never }),
      () => describeCursor('c', {}, 7 as never),
    ];
    for (const fn of bad) assert.throws(fn, (e) => isPerseidMongoError(e, 'mongo.invalid-options'));
    assert.throws(
      () => normalizeSelector(() => true, 'given', 'c'),
      (e) => isPerseidMongoError(e, 'mongo.invalid-selector'),
    );
    assert.throws(
      () => normalizeSelector([{ a: 1 }], 'given', 'c'),
      (e) => isPerseidMongoError(e, 'mongo.invalid-selector'),
    );
    assert.throws(
      () => normalizeSelector(true, 'given', 'c'),
      (e) => isPerseidMongoError(e, 'mongo.invalid-selector'),
    );
  });
});
