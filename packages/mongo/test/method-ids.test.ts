import assert from 'node:assert/strict';
import { MethodInvocation, currentMethodInvocation } from '@perseid/ddp-server';
import { ObjectID } from '@perseid/ejson';
import { RandomStream } from '@perseid/random';
import { Mongo, type RemoteCollectionDriver } from '../src/index';
import { collection, startDatabase, type Database } from './fixture';

function invocation(randomSeed: string): MethodInvocation {
  return new MethodInvocation({ name: 'messages.send', userId: null, connection: null, randomSeed });
}

describe('ids inside a method come from its randomSeed', function () {
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

  it("draws insert ids from the '/collection/<name>' stream, as a client stub with the same seed does", async () => {
    const c = collection(driver, 'seeded');
    const ids = await currentMethodInvocation.withValue(invocation('seed-1'), async () => [await c.insertAsync({ a: 1 }), await c.insertAsync({ a: 2 })]);
    const stub = new RandomStream({ seed: 'seed-1' }).sequence(`/collection/${c._name}`);
    assert.deepEqual(ids, [stub.id(), stub.id()]);
    // The same seed on another run gives the same ids: what makes stub and server agree.
    const other = collection(driver, 'seeded');
    const stubOther = new RandomStream({ seed: 'seed-1' }).sequence(`/collection/${other._name}`);
    assert.equal(await currentMethodInvocation.withValue(invocation('seed-1'), () => other.insertAsync({})), stubOther.id());
  });

  it('draws ObjectIDs from the same stream with idGeneration MONGO', async () => {
    const c = collection(driver, 'seededoid', { idGeneration: 'MONGO' });
    const id = await currentMethodInvocation.withValue(invocation('seed-2'), () => c.insertAsync({}));
    const stub = new RandomStream({ seed: 'seed-2' }).sequence(`/collection/${c._name}`);
    assert.ok(id instanceof ObjectID);
    assert.equal((id as ObjectID).toHexString(), stub.hexString(24));
  });

  it('generates the upserted _id from the stream too', async () => {
    const c = collection(driver, 'seededupsert');
    const result = await currentMethodInvocation.withValue(invocation('seed-3'), () => c.upsertAsync({ key: 'k' }, { $set: { v: 1 } }));
    const stub = new RandomStream({ seed: 'seed-3' }).sequence(`/collection/${c._name}`);
    assert.equal(result.insertedId, stub.id());
    assert.deepEqual(await c.findOneAsync({ key: 'k' }), { _id: result.insertedId, key: 'k', v: 1 });
  });

  it('makes null-named and connection:null collections local minimongo collections', async () => {
    const local = new Mongo.Collection<{ _id: string; a: number }>(null);
    await local.insertAsync({ a: 1 });
    const found = await local.findOneAsync({ a: 1 });
    assert.equal(found?.a, 1);
    const named = new Mongo.Collection<{ _id: string; a: number }>('cache_only', { connection: null });
    await named.insertAsync({ a: 2 });
    assert.equal((await named.findOneAsync({ a: 2 }))?.a, 2);
  });
});
