import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '../src/index';

describe('minimongod TTL indexes', function () {
  this.timeout(20_000);
  let server: MinimongodHandle;
  let client: MongoClient;
  let now = Date.UTC(2026, 0, 1);

  before(async () => {
    server = await startMinimongod({ quiet: true, now: () => now, ttlIntervalMs: 10 });
    client = new MongoClient(server.url);
  });
  after(async () => {
    await client.close();
    await server.stop();
  });

  it('removes expired documents with a delete event, and keeps fresh ones', async () => {
    const c = client.db('ttl').collection('sessions');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    await c.insertMany([
      { _id: 'old' as never, at: new Date(now - 30_000) },
      { _id: 'fresh' as never, at: new Date(now) },
      { _id: 'no-date' as never, at: 'not a date' },
    ]);
    const stream = c.watch([], { maxAwaitTimeMS: 20 });
    await stream.tryNext();
    now += 45_000; // 'old' is now 75 s old, 'fresh' 45 s
    const event = await stream.next();
    assert.equal(event.operationType, 'delete');
    assert.equal(event.operationType === 'delete' && event.documentKey._id, 'old');
    await stream.close();
    assert.deepEqual((await c.find({}).toArray()).map((d) => d._id).sort(), ['fresh', 'no-date']);
  });
});
