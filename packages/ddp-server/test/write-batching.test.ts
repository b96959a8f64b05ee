import assert from 'node:assert/strict';
import { FakeTable } from './fake-cursor';
import { msg, RawClient, startTestServer, type TestServer } from './helpers';
import { defaultWriteBatch } from '../src/ws-transport';

describe('write batching over real sockets', function () {
  this.timeout(20_000);
  let t: TestServer;
  let clients: RawClient[];

  beforeEach(async () => {
    t = await startTestServer({ heartbeatInterval: 0 });
    clients = (await Promise.all([1, 2, 3].map(() => RawClient.connect(t.url)))).map((connected) => connected.client);
  });
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await t.close();
  });

  it('sends sessions whose mergeboxes agree byte-identical frames, in order, from one shared Buffer', async () => {
    const table = new FakeTable('tasks');
    table.insert({ _id: 'old', title: 'first' });
    t.server.publish('tasks', () => table.find());
    const texts: string[][] = clients.map(() => []);
    for (const [index, client] of clients.entries()) {
      client.send({ msg: 'sub', id: 's', name: 'tasks' });
      await client.next(msg('ready'));
      client.ws.on('message', (data) => void texts[index]?.push(String(data)));
    }
    const built = defaultWriteBatch.joinedBuilt;
    const shared = defaultWriteBatch.joinedShared;
    // One turn: two inserts and a removal reach every session.
    table.insert({ _id: 'a', title: 'second' });
    table.insert({ _id: 'b', title: 'third' });
    table.remove('old');
    for (const client of clients) await client.next((frame) => frame['msg'] === 'removed');
    const expected = [
      '{"msg":"added","collection":"tasks","id":"a","fields":{"title":"second"}}',
      '{"msg":"added","collection":"tasks","id":"b","fields":{"title":"third"}}',
      '{"msg":"removed","collection":"tasks","id":"old"}',
    ];
    for (const received of texts) assert.deepEqual(received, expected);
    assert.equal(defaultWriteBatch.joinedBuilt - built, 1);
    assert.equal(defaultWriteBatch.joinedShared - shared, clients.length - 1);
  });

  it('a session whose mergebox differs gets its own sequence, still in order', async () => {
    const table = new FakeTable('tasks');
    t.server.publish('tasks', () => table.find());
    t.server.publish('titled', () => table.find((doc) => doc['title'] === 'x'));
    const [first, second] = clients as [RawClient, RawClient];
    for (const [client, name] of [
      [first, 'tasks'],
      [second, 'titled'],
    ] as const) {
      client.send({ msg: 'sub', id: 's', name });
      await client.next(msg('ready'));
    }
    table.insert({ _id: 'a', title: 'x' });
    table.insert({ _id: 'b', title: 'y' });
    table.update('a', { title: 'z' });
    const ids = async (client: RawClient, count: number) => {
      const out: string[] = [];
      while (out.length < count) {
        const frame = await client.next((candidate) => ['added', 'changed', 'removed'].includes(String(candidate['msg'])));
        out.push(`${String(frame['msg'])} ${String(frame['id'])}`);
      }
      return out;
    };
    assert.deepEqual(await ids(first, 3), ['added a', 'added b', 'changed a']);
    assert.deepEqual(await ids(second, 2), ['added a', 'removed a']);
  });
});
