import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { MongoClient } from 'mongodb';
import { startMinimongod } from '@perseid/minimongod';
import { dropThrowawayDatabase, throwawayDatabaseUrl } from './throwaway-database';

describe('throwawayDatabaseUrl', () => {
  it('replaces or adds the database name and keeps credentials and options', () => {
    assert.equal(throwawayDatabaseUrl('mongodb://u:p@h:27017/chat?replicaSet=rs0', 't1'), 'mongodb://u:p@h:27017/t1?replicaSet=rs0');
    assert.equal(throwawayDatabaseUrl('mongodb://h1:1,h2:2', 't2'), 'mongodb://h1:1,h2:2/t2');
    assert.equal(throwawayDatabaseUrl('mongodb+srv://cluster.example.net/?retryWrites=true', 't3'), 'mongodb+srv://cluster.example.net/t3?retryWrites=true');
  });

  it('rejects a URL that is not mongodb://', () => {
    assert.throws(() => throwawayDatabaseUrl('postgres://h/db', 'x'), /not a mongodb:\/\/ URL/);
  });

  it('never repeats the credentials of a URL it rejects', () => {
    assert.throws(
      () => throwawayDatabaseUrl('postgresql://chat:hunter2@db.internal/chat', 'x'),
      (error: Error) => {
        assert.match(error.message, /not a mongodb:\/\/ URL: postgresql:\/\/\*\*\*@db\.internal\/chat/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });
});

describe('dropThrowawayDatabase', function () {
  this.timeout(20_000);

  it("drops the test database and leaves the app's own database alone", async () => {
    const db = await startMinimongod({ port: 0, quiet: true });
    const client = new MongoClient(db.url);
    try {
      const appUrl = throwawayDatabaseUrl(db.url, 'appdb');
      const testUrl = throwawayDatabaseUrl(db.url, 'perseid_test_0123456789ab');
      await client.db('appdb').collection('messages').insertOne({ text: 'keep me' });
      await client.db('perseid_test_0123456789ab').collection('fixtures').insertOne({ text: 'throw me away' });
      assert.deepEqual(await dropThrowawayDatabase(testUrl), { dropped: true });
      const names = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
      assert.ok(!names.includes('perseid_test_0123456789ab'), names.join(','));
      assert.ok(names.includes('appdb'), appUrl);
      assert.equal(await client.db('appdb').collection('messages').countDocuments(), 1);
    } finally {
      await client.close();
      await db.stop();
    }
  });

  it('reports, without throwing, a server that is not there', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const outcome = await dropThrowawayDatabase(`mongodb://127.0.0.1:${port}/perseid_test_x?directConnection=true`, 500);
    assert.equal(outcome.dropped, false);
    assert.ok(!outcome.dropped && /ECONNREFUSED|Server selection timed out/.test(outcome.reason), JSON.stringify(outcome));
  });
});
