/**
 * autopublish and insecure, as an app listing them in `.meteor/packages` sees them: a real DDP
 * server, minimongod through the official driver, a WebSocket client with a client collection.
 */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DDP, type Connection } from '@perseid/ddp-client';
import { AUTOPUBLISH_WARNING, enableAutopublishPackage, Server } from '@perseid/ddp-server';
import { enableInsecurePackage, installCollectionSecurity } from '@perseid/collection-security';
import { ClientCollection } from '../src/client-collection';
import { Collection } from '../src/collection';
import { startDatabase, uniqueName, type Database } from './fixture';
import { eventually } from '../../../tests/helpers/eventually';
import { resetAutopublishPackageForTests } from '../../ddp-server/src/autopublish';
import { resetInsecurePackageForTests } from '../../collection-security/src/insecure-package';
import { uninstallCollectionSecurityForTests } from '../../collection-security/src/server-collection-security';

type Task = { _id: string; text: string };

describe('autopublish and insecure (real DDP)', function () {
  this.timeout(20_000);
  let db: Database;
  let ddp: Server;
  let http: HttpServer;
  let stream: { close(): Promise<void> };
  const connections: Connection[] = [];

  beforeEach(async () => {
    db = await startDatabase();
    ddp = new Server({ log: () => {} });
    uninstallCollectionSecurityForTests();
    installCollectionSecurity(ddp);
    http = createServer((_req, res) => res.end());
    stream = ddp.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    resetAutopublishPackageForTests();
    resetInsecurePackageForTests();
    uninstallCollectionSecurityForTests();
    for (const c of connections.splice(0)) c.close();
    await ddp.close();
    await stream.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await db.stop();
  });

  function connect(): Connection {
    const c = DDP.connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { log: () => {} });
    connections.push(c);
    return c;
  }

  it('autopublish: a client sees every document of a collection it never subscribed to, live', async () => {
    enableAutopublishPackage(ddp);
    const name = uniqueName('autopublished');
    const tasks = new Collection<Task>(name, { _driver: db.driver() });
    await tasks.insertAsync({ _id: 'a', text: 'first' });
    const client = new ClientCollection<Task>(name, { connection: connect() });
    await eventually("the client sees a's first text", () => client.findOne('a')?.text === 'first');
    await tasks.insertAsync({ _id: 'b', text: 'second' });
    await eventually('the client holds two documents', () => client.find().count() === 2);
  });

  it('without autopublish the same client sees nothing', async () => {
    const name = uniqueName('unpublished');
    const tasks = new Collection<Task>(name, { _driver: db.driver() });
    await tasks.insertAsync({ _id: 'a', text: 'first' });
    const connection = connect();
    const client = new ClientCollection<Task>(name, { connection });
    // A method round trip after connecting: any universal publication's data would precede its result.
    ddp.methods({
      async ping() {
        return 'pong';
      },
    });
    assert.equal(await connection.callAsync('ping'), 'pong');
    assert.equal(client.find().count(), 0);
  });

  it("autopublish: publishing by hand prints the warning once; autopublish's own publications do not", () => {
    enableAutopublishPackage(ddp);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (text: unknown) => void warnings.push(String(text));
    try {
      new Collection<Task>(uniqueName('quiet'), { _driver: db.driver() });
      assert.deepEqual(warnings, []);
      ddp.publish('tasks', () => undefined);
      ddp.publish('more', () => undefined);
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(warnings, [AUTOPUBLISH_WARNING]);
  });

  it('insecure: a client inserts, updates and removes with no allow rules; without insecure it is refused', async () => {
    const name = uniqueName('insecure');
    const tasks = new Collection<Task>(name, { _driver: db.driver() });
    const client = new ClientCollection<Task>(name, { connection: connect() });
    await assert.rejects(client.insertAsync({ _id: 'x', text: 'refused' }), (e: { error?: unknown }) => e.error === 403);
    assert.equal(await tasks.findOneAsync('x'), undefined);

    enableInsecurePackage();
    await client.insertAsync({ _id: 'x', text: 'stored' });
    assert.equal((await tasks.findOneAsync('x'))?.text, 'stored');
    await client.updateAsync('x', { $set: { text: 'changed' } });
    assert.equal((await tasks.findOneAsync('x'))?.text, 'changed');
    // Still by _id only, as Meteor's insecure mode.
    await assert.rejects(async () => client.updateAsync({ text: 'changed' }, { $set: { text: 'bulk' } }), /only update documents by ID/);
    await client.removeAsync('x');
    assert.equal(await tasks.findOneAsync('x'), undefined);
  });

  it('insecure: a collection with any allow/deny rule is restricted by its rules alone', async () => {
    enableInsecurePackage();
    const name = uniqueName('restricted');
    const tasks = new Collection<Task>(name, { _driver: db.driver() });
    tasks.deny({ remove: () => true });
    const client = new ClientCollection<Task>(name, { connection: connect() });
    await assert.rejects(client.insertAsync({ _id: 'y', text: 'no insert rule' }), (e: { error?: unknown }) => e.error === 403);
    assert.equal(await tasks.findOneAsync('y'), undefined);
  });
});
