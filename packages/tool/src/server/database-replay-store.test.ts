import assert from 'node:assert/strict';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { keepMethodReplaysInDatabase } from './database-replay-store';

describe('the boot keeps the method replay log in the database when MONGO_URL is set', function () {
  this.timeout(20_000);
  let db: MinimongodHandle;
  const previousUrl = process.env['MONGO_URL'];
  // The module instances the boot reaches (it imports them dynamically, as here).
  const ddp = () => import('@perseid/ddp-server');
  const mongo = () => import('@perseid/mongo');

  before(async () => {
    db = await startMinimongod({ port: 0, quiet: true });
  });
  after(async () => {
    const { server } = await ddp();
    server.setMethodReplayStore(server.methodReplays);
    await (await mongo()).MongoInternals.closeDefaultRemoteCollectionDriver();
    if (previousUrl === undefined) delete process.env['MONGO_URL'];
    else process.env['MONGO_URL'] = previousUrl;
    await db.stop();
  });

  it('leaves the memory log without MONGO_URL', async () => {
    const { server } = await ddp();
    assert.equal(await keepMethodReplaysInDatabase({}), undefined);
    assert.equal(server.replayStore, server.methodReplays);
  });

  it('leaves the memory log with MONGO_URL when PERSEID_METHOD_REPLAYS is memory', async () => {
    const { server } = await ddp();
    assert.equal(await keepMethodReplaysInDatabase({ MONGO_URL: db.url, PERSEID_METHOD_REPLAYS: 'memory' }), undefined);
    assert.equal(server.replayStore, server.methodReplays);
  });

  it('sets the database store on the app’s DDP server with MONGO_URL', async () => {
    const { server } = await ddp();
    const { MongoInternals, MongoMethodReplayStore } = await mongo();
    await MongoInternals.closeDefaultRemoteCollectionDriver();
    process.env['MONGO_URL'] = db.url;
    const stop = await keepMethodReplaysInDatabase({ MONGO_URL: db.url });
    assert.ok(stop !== undefined);
    assert.ok(server.replayStore instanceof MongoMethodReplayStore);
    await stop();
  });
});
