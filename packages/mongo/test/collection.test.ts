import assert from 'node:assert/strict';
import { Decimal128, Int32, Long, ObjectId } from 'mongodb';
import { EJSON, ObjectID } from '@perseid/ejson';
import { setDebugSink } from '@perseid/meteor-core';
import { Mongo, isPerseidMongoError, type RemoteCollectionDriver } from '../src/index';
import { collection, startDatabase, type Database } from './fixture';

interface Message {
  _id: string;
  text: string;
  n: number;
  tags?: string[];
}

describe('Mongo.Collection (server) against minimongod', function () {
  this.timeout(20_000);
  let db: Database;
  let driver: RemoteCollectionDriver;

  before(async () => {
    db = await startDatabase();
    driver = db.driver();
  });
  after(async () => {
    await db.stop();
  });

  it('inserts with a 17-character Meteor id and reads it back', async () => {
    const messages = collection<Message>(driver, 'msgs');
    const id = await messages.insertAsync({ text: 'hi', n: 1 });
    assert.equal(typeof id, 'string');
    assert.match(id as string, /^[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}$/);
    assert.deepEqual(await messages.findOneAsync(id), { _id: id, text: 'hi', n: 1 });
    assert.deepEqual(await messages.findOneAsync({ text: 'nope' }), undefined);
  });

  it('counts a write as in flight until its reply was read, failed writes included', async () => {
    const c = collection<Message>(driver, 'in_flight');
    const writing = c.insertAsync({ _id: 'a', text: 'a', n: 1 });
    assert.equal(driver.hasWritesInFlight(c._name), true);
    await writing;
    assert.equal(driver.hasWritesInFlight(c._name), false);
    const failing = c.insertAsync({ _id: 'a', text: 'again', n: 2 });
    assert.equal(driver.hasWritesInFlight(c._name), true);
    await assert.rejects(failing);
    assert.equal(driver.hasWritesInFlight(c._name), false);
  });

  it('hands out one driver collection object per name (rawCollection)', () => {
    const raw = collection<Message>(driver, 'raw_same');
    assert.equal(raw.rawCollection(), raw.rawCollection());
    assert.equal(driver.rawCollection(raw._name), raw.rawCollection());
  });

  it('uses ObjectIDs with idGeneration MONGO and stores them as BSON ObjectIds', async () => {
    const things = collection<{ _id: ObjectID; a: number }>(driver, 'things', { idGeneration: 'MONGO' });
    const id = await things.insertAsync({ a: 1 });
    assert.ok(id instanceof ObjectID);
    const raw = await things.rawCollection().findOne({});
    assert.ok(raw?._id instanceof ObjectId);
    assert.equal((raw?._id as ObjectId | undefined)?.toHexString(), (id as ObjectID).toHexString());
    const back = await things.findOneAsync({ _id: id });
    assert.ok(back?._id instanceof ObjectID);
  });

  it('converts binary and dates at the driver boundary', async () => {
    const files = collection(driver, 'files');
    const when = new Date('2026-01-02T03:04:05Z');
    const id = await files.insertAsync({ data: new Uint8Array([1, 2, 255]), when });
    const doc = await files.findOneAsync(id);
    assert.ok(doc?.['data'] instanceof Uint8Array);
    assert.deepEqual([...((doc?.['data'] as Uint8Array | undefined) ?? [])], [1, 2, 255]);
    assert.equal((doc?.['when'] as Date | undefined)?.getTime(), when.getTime());
  });

  it('stores EJSON custom types as { EJSON$type, EJSON$value } and reads them back as instances', async () => {
    class Money {
      constructor(readonly cents: number) {}
      typeName(): string {
        return 'test.money';
      }
      toJSONValue(): number {
        return this.cents;
      }
    }
    try {
      EJSON.addType('test.money', (value) => new Money(value as number));
    } catch {
      // registered by an earlier run in this process
    }
    const c = collection(driver, 'custom');
    const id = await c.insertAsync({ price: new Money(250) });
    const raw = await c.rawCollection().findOne({});
    assert.deepEqual(raw?.['price'], { EJSON$type: 'test.money', EJSON$value: 250 });
    const back = await c.findOneAsync(id);
    assert.equal((back?.['price'] as Money | undefined)?.cents, 250);
    assert.equal((back?.['price'] as Money | undefined)?.typeName(), 'test.money');
  });

  it('reads 64-bit and decimal numbers written by other clients as JS numbers', async () => {
    const c = collection(driver, 'numbers');
    await c.rawCollection().insertOne({ _id: 'n' as never, long: Long.fromNumber(2 ** 40 + 3), dec: Decimal128.fromString('2.5'), int: new Int32(7) });
    assert.deepEqual(await c.findOneAsync('n'), { _id: 'n', long: 2 ** 40 + 3, dec: 2.5, int: 7 });
  });

  it('updates one, many (multi), upserts and returns counts', async () => {
    const c = collection<Message>(driver, 'upd');
    await c.insertAsync({ _id: 'a', text: 'x', n: 1 });
    await c.insertAsync({ _id: 'b', text: 'x', n: 2 });
    assert.equal(await c.updateAsync({ text: 'x' }, { $inc: { n: 10 } }), 1);
    assert.equal(await c.updateAsync({ text: 'x' }, { $set: { seen: true } }, { multi: true }), 2);
    const up = await c.upsertAsync({ text: 'new' }, { $set: { n: 5 } });
    assert.equal(up.numberAffected, 1);
    assert.equal(typeof up.insertedId, 'string');
    assert.equal((await c.findOneAsync(up.insertedId))?.n, 5);
    const again = await c.upsertAsync({ text: 'new' }, { $set: { n: 6 } });
    assert.deepEqual(again, { numberAffected: 1 });
    assert.deepEqual(await c.updateAsync({ _id: 'zz' }, { $set: { n: 1 } }, { _returnObject: true }), { numberAffected: 0 });
    // an upserted replacement: inserted with a generated id, then replaced in place (same _id)
    const rep = await c.upsertAsync({ text: 'rep' }, { text: 'rep', n: 1 });
    assert.equal(typeof rep.insertedId, 'string');
    assert.deepEqual(await c.upsertAsync({ text: 'rep' }, { text: 'rep', n: 2 }), { numberAffected: 1 });
    assert.deepEqual(await c.findOneAsync({ text: 'rep' }), { _id: rep.insertedId, text: 'rep', n: 2 });
    // replacement keeps the _id
    await c.updateAsync('a', { text: 'replaced', n: 0 });
    assert.deepEqual(await c.findOneAsync('a'), { _id: 'a', text: 'replaced', n: 0 });
  });

  it('removes and reports how many documents went', async () => {
    const c = collection<Message>(driver, 'rm');
    await c.insertAsync({ text: 'a', n: 1 });
    await c.insertAsync({ text: 'b', n: 1 });
    await c.insertAsync({ text: 'c', n: 2 });
    assert.equal(await c.removeAsync({ n: 1 }), 2);
    assert.equal(await c.find().countAsync(), 1);
  });

  it('finds with sort, skip, limit, fields, and a transform', async () => {
    const c = collection<Message>(driver, 'find', { transform: (d: Record<string, unknown>) => ({ ...d, upper: String(d['text']).toUpperCase() }) });
    for (let n = 1; n <= 5; n++) await c.insertAsync({ _id: `m${n}`, text: `t${n}`, n });
    const docs = await c.find({}, { sort: { n: -1 }, skip: 1, limit: 2, fields: { text: 1 } }).fetchAsync();
    assert.deepEqual(docs, [
      { _id: 'm4', text: 't4', upper: 'T4' },
      { _id: 'm3', text: 't3', upper: 'T3' },
    ]);
    assert.equal(await c.find({ n: { $gt: 2 } }).countAsync(), 3);
    assert.equal(await c.find({}, { limit: 2 }).countAsync(), 2);
    assert.equal(await c.find({}, { limit: 2 }).countAsync(false), 5);
    assert.equal(await c.countDocuments({ n: { $lt: 3 } }), 2);
    assert.equal(await c.estimatedDocumentCount(), 5);
    assert.deepEqual(await c.find({}, { sort: [['n', 'asc']], transform: null }).mapAsync((d) => d.n), [1, 2, 3, 4, 5]);
    const seen: string[] = [];
    await c.find({ n: { $lte: 2 } }, { sort: { n: 1 } }).forEachAsync((d, i) => void seen.push(`${i}:${d._id}`));
    assert.deepEqual(seen, ['0:m1', '1:m2']);
    const iterated: number[] = [];
    for await (const d of c.find({}, { sort: { n: 1 }, limit: 3 })) iterated.push(d.n);
    assert.deepEqual(iterated, [1, 2, 3]);
  });

  it('follows Meteor selector rules: undefined selector and falsy _id match nothing', async () => {
    const c = collection<Message>(driver, 'sel');
    await c.insertAsync({ text: 'a', n: 1 });
    assert.equal(await c.find(undefined).countAsync(), 0);
    assert.equal(await c.find({ _id: undefined }).countAsync(), 0);
    assert.equal(await c.find().countAsync(), 1);
  });

  it("matches nothing for falsy selectors in every operation (explicit undefined, null, false, '', 0, falsy _id)", async () => {
    const c = collection<Message>(driver, 'falsy');
    await c.insertAsync({ _id: 'a', text: 'a', n: 1 });
    await c.insertAsync({ _id: 'b', text: 'b', n: 2 });
    const falsy: unknown[] = [undefined, null, false, '', 0, { _id: undefined }, { _id: null }, { _id: '' }, { _id: 0 }, { _id: false }];
    for (const selector of falsy) {
      const label = JSON.stringify(selector) ?? 'undefined';
      assert.equal(await c.find(selector).countAsync(), 0, `find ${label}`);
      assert.equal(await c.findOneAsync(selector), undefined, `findOne ${label}`);
      assert.equal(await c.countDocuments(selector), 0, `countDocuments ${label}`);
      assert.equal(await c.updateAsync(selector, { $set: { text: 'hit' } }, { multi: true }), 0, `update ${label}`);
      assert.equal(await c.removeAsync(selector), 0, `remove ${label}`);
    }
    assert.deepEqual(
      (await c.find({}, { sort: { _id: 1 } }).fetchAsync()).map((d) => d.text),
      ['a', 'b'],
    );
    assert.equal(await c.countDocuments(), 2);
  });

  it('passes an un-awaited Promise through as Meteor does (no fields: it selects any document), warning once in development', async () => {
    const c = collection<Message>(driver, 'promise_sel');
    await c.insertAsync({ _id: 'a', text: 'a', n: 1 });
    const lines: unknown[][] = [];
    const previous = setDebugSink((...args) => lines.push(args));
    try {
      const notAwaited = c.findOneAsync('a');
      assert.equal((await c.findOneAsync(notAwaited))?._id, 'a');
      assert.equal(await c.find(Promise.resolve('x')).countAsync(), 1);
      await notAwaited;
    } finally {
      setDebugSink(previous);
    }
    assert.equal(lines.length, 1, 'one warning per collection and kind');
    assert.match(String(lines[0]?.[0]), new RegExp(`selector on collection "${c._name}" is a Promise \\(a missing await\\?\\)`));
  });

  it('creates and drops indexes, and exposes the raw driver objects', async () => {
    const c = collection<Message>(driver, 'idx');
    const name = await c.createIndexAsync({ text: 1 }, { unique: true });
    assert.equal(name, 'text_1');
    await c.insertAsync({ text: 'a', n: 1 });
    await assert.rejects(c.insertAsync({ text: 'a', n: 2 }), (e: unknown) => (e as { code?: number }).code === 11000);
    await c.dropIndexAsync('text_1');
    await c.insertAsync({ text: 'a', n: 2 });
    assert.equal(c.rawDatabase().databaseName, driver.db.databaseName);
  });

  it('rejects bad input with catalogued errors', async () => {
    assert.throws(
      () => new Mongo.Collection('', { _driver: driver }),
      (e) => isPerseidMongoError(e, 'mongo.invalid-collection-name'),
    );
    assert.throws(
      () => new Mongo.Collection('a$b', { _driver: driver }),
      (e) => isPerseidMongoError(e, 'mongo.invalid-collection-name'),
    );
    assert.throws(
      () => new Mongo.Collection('ok', { _driver: driver, idGeneration: 'UUID' as never }),
      (e) => isPerseidMongoError(e, 'mongo.invalid-options'),
    );
    const c = collection<Message>(driver, 'bad');
    await assert.rejects(c.insertAsync('nope' as never), (e) => isPerseidMongoError(e, 'mongo.invalid-document'));
    await assert.rejects(c.updateAsync({}, { $set: { a: 1 }, b: 2 }), (e) => isPerseidMongoError(e, 'mongo.invalid-modifier'));
    await assert.rejects(c.updateAsync({}, { a: 1 }, { multi: true }), (e) => isPerseidMongoError(e, 'mongo.invalid-modifier'));
    assert.throws(
      () => c.find([] as never),
      (e) => isPerseidMongoError(e, 'mongo.invalid-selector'),
    );
    assert.throws(
      () => c.find({}, { sort: { n: 2 as never } }),
      (e) => isPerseidMongoError(e, 'mongo.invalid-options'),
    );
    assert.throws(
      () => c.find({}, { limit: -1 }),
      (e) => isPerseidMongoError(e, 'mongo.invalid-options'),
    );
    await assert.rejects(c.find({}).observeChangesAsync(null as never), (e) => isPerseidMongoError(e, 'mongo.invalid-callbacks'));
    await assert.rejects(c.find({}).observeAsync({ added: 'nope' as never }), (e) => isPerseidMongoError(e, 'mongo.invalid-callbacks'));
  });

  it('tells code ported from Meteor 2 which async call replaces a synchronous one', () => {
    const c = collection<Message>(driver, 'sync');
    // The types refuse these calls (@ts-expect-error); JavaScript callers get the errors.
    assert.throws(
      // @ts-expect-error: the server collection's type has no synchronous API
      () => c.findOne(),
      (e) => isPerseidMongoError(e, 'mongo.sync-api-on-server') && /findOneAsync/.test(e.message),
    );
    assert.throws(
      // @ts-expect-error: the server collection's type has no synchronous API
      () => c.insert(),
      (e) => isPerseidMongoError(e, 'mongo.sync-api-on-server') && /insertAsync/.test(e.message),
    );
    assert.throws(
      // @ts-expect-error: the server collection's type has no synchronous API
      () => c.find().fetch(),
      (e) => isPerseidMongoError(e, 'mongo.sync-api-on-server') && /fetchAsync/.test(e.message),
    );
    assert.throws(
      // @ts-expect-error: the server collection's type has no synchronous API
      () => c.find().count(),
      (e) => isPerseidMongoError(e, 'mongo.sync-api-on-server') && /countAsync/.test(e.message),
    );
  });
});
