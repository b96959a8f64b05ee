import assert from 'node:assert/strict';
import { MongoClient, type MongoServerError, type Document } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '../src/index';

/**
 * Every command with fields of the wrong type gets `ok: 0` with a catalogued code and a
 * message naming the problem, and the server keeps serving.
 */
const CASES: Array<[string, Document]> = [
  ['insert without documents', { insert: 'c' }],
  ['insert with a non-document', { insert: 'c', documents: [5] }],
  ['insert with a $-field', { insert: 'c', documents: [{ $bad: 1 }] }],
  ['insert with an array _id', { insert: 'c', documents: [{ _id: [1] }] }],
  ['find on a number', { find: 5 }],
  ['find with a string sort', { find: 'c', sort: 'a' }],
  ['find with a bad sort direction', { find: 'c', sort: { a: 'up' } }],
  ['find with a negative skip', { find: 'c', skip: -1 }],
  ['find with a string limit', { find: 'c', limit: 'x' }],
  ['find with an unknown operator', { find: 'c', filter: { a: { $frobnicate: 1 } } }],
  ['find with an empty $or', { find: 'c', filter: { $or: [] } }],
  ['getMore with a string id', { getMore: 'x', collection: 'c' }],
  ['getMore without collection', { getMore: 1 }],
  ['killCursors without cursors', { killCursors: 'c' }],
  ['update without updates', { update: 'c' }],
  ['update with a number u', { update: 'c', updates: [{ q: {}, u: 5 }] }],
  ['update with an unknown modifier', { update: 'c', updates: [{ q: {}, u: { $nope: { a: 1 } } }] }],
  ['update with a sort (8.0 only)', { update: 'c', updates: [{ q: {}, u: { $set: { a: 1 } }, sort: { a: 1 } }] }],
  ['delete with limit 5', { delete: 'c', deletes: [{ q: {}, limit: 5 }] }],
  ['delete without q', { delete: 'c', deletes: [{ limit: 0 }] }],
  ['findAndModify without update or remove', { findAndModify: 'c', query: {} }],
  ['findAndModify with both update and remove', { findAndModify: 'c', query: {}, update: { $set: { a: 1 } }, remove: true }],
  ['aggregate without pipeline', { aggregate: 'c', cursor: {} }],
  ['aggregate without cursor', { aggregate: 'c', pipeline: [] }],
  ['aggregate with a two-key stage', { aggregate: 'c', pipeline: [{ $match: {}, $limit: 1 }], cursor: {} }],
  ['aggregate 1 without $changeStream', { aggregate: 1, pipeline: [{ $match: {} }], cursor: {} }],
  ['$changeStream with a bad fullDocument', { aggregate: 'c', pipeline: [{ $changeStream: { fullDocument: 'sometimes' } }], cursor: {} }],
  [
    '$changeStream with two start points',
    {
      aggregate: 'c',
      pipeline: [{ $changeStream: { startAfter: { _data: `82${'0'.repeat(16)}01` }, resumeAfter: { _data: `82${'0'.repeat(16)}01` } } }],
      cursor: {},
    },
  ],
  ['createIndexes with an empty key', { createIndexes: 'c', indexes: [{ key: {}, name: 'x' }] }],
  ['createIndexes with a zero direction', { createIndexes: 'c', indexes: [{ key: { a: 0 }, name: 'x' }] }],
  ['dropIndexes of _id_', { dropIndexes: 'c', index: '_id_' }],
  ['renameCollection to a bad namespace', { renameCollection: 'db.c', to: 'nodot' }],
  ['distinct with a number key', { distinct: 'c', key: 5 }],
  ['collStats of a missing collection', { collStats: 'missing' }],
  ['create with an invalid name', { create: 'bad$name' }],
  ['bulkWrite (8.0 only)', { bulkWrite: 1, ops: [], nsInfo: [] }],
];

describe('minimongod bad commands', function () {
  this.timeout(20_000);
  let server: MinimongodHandle;
  let client: MongoClient;

  before(async () => {
    server = await startMinimongod({ quiet: true });
    client = new MongoClient(server.url);
    await client.db('bad').collection('c').insertOne({ a: 1 });
  });
  after(async () => {
    await client.close();
    await server.stop();
  });

  for (const [name, command] of CASES) {
    it(`refuses ${name} with a catalogued error`, async () => {
      const dbName = command['renameCollection'] !== undefined || command['bulkWrite'] !== undefined ? 'admin' : 'bad';
      const error = await client
        .db(dbName)
        .command(command)
        .then(
          (reply) => {
            const writeError = (reply['writeErrors'] as Document[] | undefined)?.[0];
            return writeError === undefined ? null : Object.assign(new Error(String(writeError['errmsg'])), { code: writeError['code'] });
          },
          (e: unknown) => e,
        );
      assert.ok(error instanceof Error, `${name} must fail`);
      const code = (error as MongoServerError).code;
      assert.equal(typeof code, 'number');
      assert.ok((code as number) > 0);
      assert.ok(error.message.length > 5);
    });
  }

  it('answers a reply too large to encode with an error and keeps the connection', async () => {
    const c = client.db('bad').collection('huge');
    for (let i = 0; i < 20; i += 1) await c.insertOne({ v: `${i}-${'x'.repeat(1024 * 1024)}` });
    await assert.rejects(c.distinct('v'), (e: MongoServerError) => e.code === 10334);
    assert.equal(await c.countDocuments(), 20);
  });

  it('still answers after all of them', async () => {
    assert.equal(await client.db('bad').collection('c').countDocuments(), 1);
  });
});
