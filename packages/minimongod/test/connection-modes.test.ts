import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '../src/index';

/** The URI shapes apps use all reach a writable primary (see the wire notes on topology). */
describe('minimongod connection modes', function () {
  this.timeout(20_000);
  let server: MinimongodHandle;
  before(async () => {
    server = await startMinimongod({ quiet: true, replSetName: 'rs7' });
  });
  after(async () => {
    await server.stop();
  });

  const roundTrip = async (url: string): Promise<void> => {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    try {
      const c = client.db('modes').collection('c');
      await c.insertOne({ url });
      assert.equal(await c.countDocuments({ url }), 1);
    } finally {
      await client.close();
    }
  };

  it('advertises the replica-set name it was given', () => {
    assert.equal(server.url, `mongodb://127.0.0.1:${server.port}/?replicaSet=rs7`);
  });

  it('works with replicaSet, directConnection, no options, and localhost', async () => {
    await roundTrip(server.url);
    await roundTrip(`mongodb://127.0.0.1:${server.port}/?directConnection=true`);
    await roundTrip(`mongodb://127.0.0.1:${server.port}/`);
    await roundTrip(`mongodb://localhost:${server.port}/?replicaSet=rs7`);
  });

  it('ignores the generic fields drivers add: serverApi, causal readConcern, $readPreference', async () => {
    const client = new MongoClient(server.url, { serverApi: { version: '1' } });
    try {
      const c = client.db('modes').collection('generic');
      await c.insertOne({ api: true });
      assert.equal(await c.countDocuments({ api: true }), 1);
      const session = client.startSession({ causalConsistency: true });
      try {
        await c.insertOne({ causal: 1 }, { session });
        assert.equal(await c.countDocuments({ causal: 1 }, { session, readPreference: 'primaryPreferred' }), 1);
      } finally {
        await session.endSession();
      }
    } finally {
      await client.close();
    }
  });

  it('serves many clients and connections at once', async () => {
    const clients = Array.from({ length: 5 }, () => new MongoClient(server.url, { maxPoolSize: 20 }));
    try {
      await Promise.all(
        clients.map((client, k) => Promise.all(Array.from({ length: 40 }, (_, i) => client.db('modes').collection('many').insertOne({ k, i })))),
      );
      assert.equal(await clients[0]?.db('modes').collection('many').countDocuments(), 200);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('lists a configurable advertised host in hello', async () => {
    const other = await startMinimongod({ quiet: true, host: '127.0.0.1', advertisedHost: 'localhost' });
    const client = new MongoClient(`mongodb://127.0.0.1:${other.port}/?directConnection=true`);
    try {
      const hello = await client.db('admin').command({ hello: 1 });
      assert.deepEqual(hello['hosts'], [`localhost:${other.port}`]);
      assert.equal(other.url, `mongodb://localhost:${other.port}/?replicaSet=rs0`);
    } finally {
      await client.close();
      await other.stop();
    }
  });
});
