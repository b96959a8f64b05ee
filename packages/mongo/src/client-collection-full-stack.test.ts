/**
 * The whole data path of DESIGN.md in one process: minimongod ← official driver ← server
 * Mongo.Collection (fenced writes, change-stream publication) ← @perseid/ddp-server ←
 * WebSocket ← Connection ← ClientCollection (stub writes, held-back server data).
 */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DDP, type Connection } from '@perseid/ddp-client';
import { Server } from '@perseid/ddp-server';
import { MeteorError } from '@perseid/meteor-core';
import { startMinimongod } from '@perseid/minimongod';
import { ClientCollection } from './client-collection';
import { Collection } from './collection';
import { RemoteCollectionDriver } from './remote-collection-driver';

type Message = { _id: string; text: string; by?: string; createdAt?: Date };

describe('ClientCollection full stack (minimongod → server Collection → DDP → client)', function () {
  this.timeout(20_000);

  let stopDb: () => Promise<void>;
  let driver: RemoteCollectionDriver;
  let ddp: Server;
  let http: HttpServer;
  let stream: { close(): Promise<void> };
  let connection: Connection;
  let client: ClientCollection<Message>;
  const name = `client_full_stack_${process.pid}`;

  before(async () => {
    const db = await startMinimongod({ port: 0, quiet: true });
    driver = new RemoteCollectionDriver(db.url, { log: () => {}, changeStreamMaxAwaitMs: 50 });
    stopDb = async () => {
      await driver.close();
      await db.stop();
    };
    const server = new Collection<Message>(name, { _driver: driver, defineMutationMethods: false });
    ddp = new Server({ log: () => {} });
    ddp.publish('messages', () => server.find({}, { sort: { createdAt: 1 } }));
    ddp.methods({
      async 'messages.send'(text: string) {
        if (typeof text !== 'string' || text === '') throw new MeteorError('messages.empty', 'Message is empty');
        return server.insertAsync({ text, by: 'server', createdAt: new Date() });
      },
    });
    http = createServer((_req, res) => res.end());
    stream = ddp.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

    connection = DDP.connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { log: () => {} });
    client = new ClientCollection<Message>(name, { connection });
    connection.methods({
      'messages.send'(text: string) {
        return client.insert({ text, by: 'stub' });
      },
    });
    await new Promise<void>((resolve, reject) => connection.subscribe('messages', { onReady: resolve, onStop: reject }));
  });

  after(async () => {
    connection.close();
    await ddp.close();
    await stream.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await stopDb();
  });

  it('shows the stub document at once, then the stored one under the same _id, once', async () => {
    const call = connection.callAsync('messages.send', 'hello world');
    const stubId = (await call.stubPromise) as string;
    assert.equal(client.findOne(stubId)?.by, 'stub', 'optimistic copy before the server answered');
    const serverId = await call;
    assert.equal(serverId, stubId, 'the server Collection drew the same id from the randomSeed');
    const doc = client.findOne(stubId);
    assert.equal(doc?.by, 'server', 'after updated, the client shows what the database stored');
    assert.ok(doc?.createdAt instanceof Date);
    assert.equal(client.find({ text: 'hello world' }).count(), 1);
  });

  it('rolls back when the server method throws', async () => {
    const before = client.find().count();
    const call = connection.callAsync('messages.send', '');
    await call.stubPromise;
    assert.equal(client.find().count(), before + 1);
    await assert.rejects(call, /Message is empty/);
    assert.equal(client.find().count(), before);
  });
});
