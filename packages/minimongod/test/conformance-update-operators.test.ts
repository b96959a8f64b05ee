import assert from 'node:assert/strict';
import { Long, MongoServerError, type Document } from 'mongodb';
import { conformanceSuite } from './conformance-target';

/**
 * Update operators where the server's rules differ from Meteor's client (minimongod applies
 * them with minimongo's modifier under `semantics: 'mongodb'`), through the official driver.
 */
interface Row extends Document {
  _id: number;
}

describe('minimongod conformance: update operators by the server rules', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('updops');

  async function after(doc: Document, update: Document, options: Document = {}): Promise<Document | null> {
    const c = suite.db.collection<Row>('u');
    await c.insertOne({ _id: 1, ...doc });
    await c.updateOne({ _id: 1 }, update, options);
    return c.findOne({ _id: 1 }, { projection: { _id: 0 } });
  }

  async function refusal(doc: Document, update: Document, options: Document = {}): Promise<MongoServerError> {
    const c = suite.db.collection<Row>('u');
    await c.insertOne({ _id: 1, ...doc });
    const error = await c.updateOne({ _id: 1 }, update, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${String(error)}`);
    assert.deepEqual(await c.findOne({ _id: 1 }, { projection: { _id: 0 } }), doc, 'a refused update changes nothing');
    return error;
  }

  it('$min and $max compare values of any type in BSON order (numbers < strings < objects)', async () => {
    assert.deepEqual(await after({ a: 'text', b: 5 }, { $min: { a: 3, b: 'z' } }), { a: 3, b: 5 });
    await suite.db.collection('u').deleteMany({});
    assert.deepEqual(await after({ a: 'text', b: { x: 1 } }, { $max: { a: 3, b: 'z', c: null } }), { a: 'text', b: { x: 1 }, c: null });
  });

  it('counts a negative $position from the end of the array', async () => {
    assert.deepEqual(await after({ list: [1, 2, 3] }, { $push: { list: { $each: ['x', 'y'], $position: -1 } } }), { list: [1, 2, 'x', 'y', 3] });
  });

  it('takes only 1 or -1 for $pop (FailedToParse)', async () => {
    const error = await refusal({ list: [1, 2, 3] }, { $pop: { list: 2 } });
    assert.equal(error.code, 9);
  });

  it('applies $bit and keeps an int64 an int64', async () => {
    assert.deepEqual(await after({ n: 12, l: Long.fromString('4294967296') }, { $bit: { n: { and: 10 }, l: { or: 1 } } }), { n: 8, l: 4294967297 });
    assert.equal(await suite.db.collection('u').countDocuments({ l: { $type: 'long' }, n: { $type: 'int' } }), 1);
  });

  it('applies $[<id>] per array filter, across nested arrays', async () => {
    const doc = { grid: [{ row: [1, 5, 9] }, { row: [7] }] };
    assert.deepEqual(await after(doc, { $inc: { 'grid.$[].row.$[big]': 100 } }, { arrayFilters: [{ big: { $gte: 5 } }] }), {
      grid: [{ row: [1, 105, 109] }, { row: [107] }],
    });
  });

  it('refuses an identifier without a filter (BadValue) and a filter nothing uses (FailedToParse)', async () => {
    assert.equal((await refusal({ list: [1] }, { $set: { 'list.$[e]': 0 } })).code, 2);
    await suite.db.collection('u').deleteMany({});
    assert.equal((await refusal({ list: [1] }, { $set: { 'list.$[e]': 0 } }, { arrayFilters: [{ e: 1 }, { f: 1 }] })).code, 9);
    await suite.db.collection('u').deleteMany({});
    assert.equal((await refusal({ list: 5 }, { $set: { 'list.$[]': 0 } })).code, 2);
  });

  it('stores a $set value whose keys contain dots, as MongoDB 5+ does', async () => {
    assert.deepEqual(await after({}, { $set: { a: { 'b.c': 1 } } }), { a: { 'b.c': 1 } });
  });

  it('refuses $set of _id to another value with ImmutableField, and accepts the same value', async () => {
    assert.equal((await refusal({ v: 1 }, { $set: { _id: 2 } })).code, 66);
    assert.deepEqual(
      await suite.db
        .collection<Row>('u')
        .updateOne({ _id: 1 }, { $set: { _id: 1, v: 2 } })
        .then((r) => r.matchedCount),
      1,
    );
  });
});
