import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import { openTarget, uniqueDbName, type ConformanceTarget } from './conformance-target';

/** Queries on the leading field of a compound index must still find the documents (regression). */
describe('minimongod: queries by the prefix of a compound index', function () {
  this.timeout(20_000);
  let target: ConformanceTarget;
  let db: Db;

  before(async () => {
    target = await openTarget();
    db = target.client.db(uniqueDbName('compound'));
  });
  after(async () => {
    await db.dropDatabase();
    await target.close();
  });

  it('finds documents by the first field, by $in and with the other fields', async () => {
    const messages = db.collection<{ _id: string; channelId: string; threadId: string | null; createdAt: Date }>('messages');
    await messages.createIndex({ channelId: 1, threadId: 1, createdAt: -1 });
    await messages.insertMany([
      { _id: 'm1', channelId: 'c1', threadId: null, createdAt: new Date(1) },
      { _id: 'm2', channelId: 'c1', threadId: 'm1', createdAt: new Date(2) },
      { _id: 'm3', channelId: 'c2', threadId: null, createdAt: new Date(3) },
    ]);
    assert.equal(await messages.countDocuments({ channelId: 'c1' }), 2);
    assert.equal(await messages.countDocuments({ channelId: { $in: ['c1', 'c2'] } }), 3);
    assert.deepEqual(
      (await messages.find({ channelId: 'c1', threadId: null }).toArray()).map((m) => m._id),
      ['m1'],
    );
  });
});
