/**
 * The write fence end to end with real collections: our DDP server, @perseid/mongo's
 * Mongo.Collection on minimongod through the official driver, and a raw DDP client. A method
 * inserts then returns: the client sees the `added` before `updated`, with the `_id` its stub
 * would have generated from the same randomSeed.
 */
import assert from 'node:assert/strict';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { Mongo, RemoteCollectionDriver } from '@perseid/mongo';
import { Random, RandomStream } from '@perseid/random';
import { msg, RawClient, startTestServer, type TestServer } from './helpers';

describe('write fence with Mongo collections (minimongod)', function () {
  this.timeout(20_000);
  let db: MinimongodHandle;
  let driver: RemoteCollectionDriver;
  let t: TestServer;
  let client: RawClient;

  before(async () => {
    db = await startMinimongod({ port: 0, quiet: true });
    driver = new RemoteCollectionDriver(db.url, { log: () => undefined, changeStreamMaxAwaitMs: 200 });
  });
  after(async () => {
    await driver.close();
    await db.stop();
  });
  beforeEach(async () => {
    t = await startTestServer();
    ({ client } = await RawClient.connect(t.url));
  });
  afterEach(async () => {
    await client.close();
    await t.close();
  });

  it('sends added (with the seeded id) before updated for a method that inserts', async () => {
    const name = `fence_${process.pid}_${Date.now()}`;
    const messages = new Mongo.Collection<{ _id: string; room: string; text: string }>(name, { _driver: driver });
    t.server.publish('room', (room: string) => messages.find({ room }));
    t.server.methods({
      send: async (room: string, text: string) => messages.insertAsync({ room, text }),
    });
    client.send({ msg: 'sub', id: 's', name: 'room', params: ['r1'] });
    await client.next(msg('ready'));

    const seed = Random.hexString(20);
    const expectedId = new RandomStream({ seed }).sequence(`/collection/${name}`).id();
    client.send({ msg: 'method', id: 'm1', method: 'send', params: ['r1', 'hello'], randomSeed: seed });
    const result = await client.next(msg('result'));
    assert.deepEqual(result, { msg: 'result', id: 'm1', result: expectedId });
    const updated = await client.next((frame) => frame['msg'] === 'updated');
    const added = client.frames.findIndex((frame) => frame['msg'] === 'added' && frame['id'] === expectedId);
    assert.ok(added >= 0 && added < client.frames.indexOf(updated), `added precedes updated: ${client.frames.map((f) => f['msg']).join(',')}`);
    assert.deepEqual(client.frames[added], { msg: 'added', collection: name, id: expectedId, fields: { room: 'r1', text: 'hello' } });
  });

  it('shares one encoded frame among sessions watching the same query', async () => {
    const name = `fence_share_${process.pid}_${Date.now()}`;
    const messages = new Mongo.Collection<{ _id: string; room: string; text: string }>(name, { _driver: driver });
    t.server.publish('room', (room: string) => messages.find({ room }));
    const { client: other } = await RawClient.connect(t.url);
    try {
      for (const peer of [client, other]) {
        peer.send({ msg: 'sub', id: 's', name: 'room', params: ['r1'] });
        await peer.next(msg('ready'));
      }
      const encoded = t.server.encoder.encoded;
      const reused = t.server.encoder.reused;
      await messages.insertAsync({ _id: 'shared', room: 'r1', text: 'hi' });
      for (const peer of [client, other]) assert.equal((await peer.next(msg('added')))['id'], 'shared');
      assert.equal(t.server.encoder.encoded - encoded, 1, 'encoded once');
      assert.equal(t.server.encoder.reused - reused, 1, 'reused by the second session');
    } finally {
      await other.close();
    }
  });

  it('sends changed before updated for a method that updates, and removed for a remove', async () => {
    const name = `fence_upd_${process.pid}_${Date.now()}`;
    const tasks = new Mongo.Collection<{ _id: string; done: boolean }>(name, { _driver: driver });
    await tasks.insertAsync({ _id: 't1', done: false });
    t.server.publish('tasks', () => tasks.find({}));
    t.server.methods({
      finish: async (id: string) => tasks.updateAsync(id, { $set: { done: true } }),
      drop: async (id: string) => tasks.removeAsync(id),
    });
    client.send({ msg: 'sub', id: 's', name: 'tasks' });
    await client.next(msg('ready'));
    client.send({ msg: 'method', id: 'm1', method: 'finish', params: ['t1'] });
    const updated = await client.next((frame) => frame['msg'] === 'updated');
    const changed = client.frames.findIndex((frame) => frame['msg'] === 'changed' && frame['id'] === 't1');
    assert.ok(changed >= 0 && changed < client.frames.indexOf(updated));
    assert.deepEqual(client.frames[changed], { msg: 'changed', collection: name, id: 't1', fields: { done: true } });
    client.send({ msg: 'method', id: 'm2', method: 'drop', params: ['t1'] });
    const updated2 = await client.next((frame) => frame['msg'] === 'updated' && (frame['methods'] as string[]).includes('m2'));
    const removed = client.frames.findIndex((frame) => frame['msg'] === 'removed' && frame['id'] === 't1');
    assert.ok(removed >= 0 && removed < client.frames.indexOf(updated2));
  });
});
