import assert from 'node:assert/strict';
import type { Subscription } from '../src/index';
import { FakeTable } from './fake-cursor';
import { ManualTimers, msg, RawClient, startTestServer, type Frame, type TestServer } from './helpers';
import { eventually } from '../../../tests/helpers/eventually';

describe('session resumption', function () {
  this.timeout(20_000);
  let t: TestServer;
  let table: FakeTable;
  let connections: number;
  const clients: RawClient[] = [];

  async function start(options: Parameters<typeof startTestServer>[0] = {}) {
    t = await startTestServer(options);
    table = new FakeTable('msgs');
    connections = 0;
    t.server.onConnection(() => void (connections += 1));
    t.server.publish('msgs', () => table.find());
  }
  async function connect(extra: Frame = {}) {
    const result = await RawClient.connect(t.url, extra);
    clients.push(result.client);
    return result;
  }
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await t.close();
  });

  it('resumes a dropped session: same id, no resubscribe, exactly the missed messages', async () => {
    await start();
    table.insert({ _id: 'm1', text: 'before' });
    const { client, session } = await connect();
    client.send({ msg: 'sub', id: 's', name: 'msgs' });
    await client.next(msg('ready'));
    const received = client.countedFrames;
    await client.drop();
    await eventually('the session is detached', () => t.server.sessions.get(session)?.state === 'detached');

    table.insert({ _id: 'm2', text: 'while away' });
    table.update('m1', { text: 'edited while away' });

    const again = await connect({ session, receivedCount: received });
    assert.equal(again.session, session);
    const frames = [];
    frames.push(await again.client.next(msg('added')));
    frames.push(await again.client.next(msg('changed')));
    assert.deepEqual(frames, [
      { msg: 'added', collection: 'msgs', id: 'm2', fields: { text: 'while away' } },
      { msg: 'changed', collection: 'msgs', id: 'm1', fields: { text: 'edited while away' } },
    ]);
    assert.equal(connections, 1, 'onConnection does not run again for a resumed session');
    assert.equal(table.listenerCount, 1, 'the subscription kept running; it was not re-run');

    table.insert({ _id: 'm3', text: 'after' });
    assert.equal((await again.client.next(msg('added')))['id'], 'm3');
  });

  it('takes a session over from a socket the server still thinks is open', async () => {
    await start();
    const { client, session } = await connect();
    client.send({ msg: 'sub', id: 's', name: 'msgs' });
    await client.next(msg('ready'));
    table.insert({ _id: 'seen', text: 'x' });
    await client.next(msg('added'));
    // The client believes it received one message less (e.g. lost in flight) and reconnects
    // while the old socket is still open on the server side.
    const again = await connect({ session, receivedCount: client.countedFrames - 1 });
    assert.equal(again.session, session);
    assert.deepEqual(await again.client.next(msg('added')), { msg: 'added', collection: 'msgs', id: 'seen', fields: { text: 'x' } });
    await client.whenClosed();
    assert.equal(t.server.sessions.get(session)?.state, 'attached');
    assert.equal(connections, 1);
  });

  it('ignores messages still arriving on a socket whose session was taken over', async () => {
    await start();
    let calls = 0;
    t.server.methods({ count: () => ++calls });
    const { client, session } = await connect();
    const again = await connect({ session, receivedCount: client.countedFrames });
    assert.equal(again.session, session);
    // The old socket may still be open for a moment; whatever it sends must not run.
    if (client.closeCode === undefined) client.send({ msg: 'method', id: 'stale', method: 'count', params: [] });
    again.client.send({ msg: 'method', id: 'fresh', method: 'count', params: [] });
    assert.equal((await again.client.next(msg('result')))['result'], 1);
    // Once the old socket is closed the server has read everything it sent.
    await client.whenClosed();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls, 1);
  });

  it('replays a method result produced while the client was away', async () => {
    await start();
    let release: () => void = () => {};
    t.server.methods({ slow: () => new Promise<string>((resolve) => (release = () => resolve('done'))) });
    const { client, session } = await connect();
    client.send({ msg: 'method', id: 'm', method: 'slow', params: [] });
    client.send({ msg: 'ping', id: 'p' });
    await client.next((frame) => frame['id'] === 'p');
    const received = client.countedFrames;
    await client.drop();
    await eventually('the session is detached', () => t.server.sessions.get(session)?.state === 'detached');
    release();
    await new Promise((resolve) => setImmediate(resolve));
    const again = await connect({ session, receivedCount: received });
    assert.equal(again.session, session);
    assert.deepEqual(await again.client.next(msg('result')), { msg: 'result', id: 'm', result: 'done' });
    await again.client.next(msg('updated'));
  });

  it('gives a fresh session when the missed messages overflowed the buffer', async () => {
    await start({ maxMessageQueueLength: 3 });
    const { client, session } = await connect();
    client.send({ msg: 'sub', id: 's', name: 'msgs' });
    await client.next(msg('ready'));
    const received = client.countedFrames;
    await client.drop();
    await eventually('the session is detached', () => t.server.sessions.get(session)?.state === 'detached');
    for (let i = 0; i < 5; i += 1) table.insert({ _id: `x${i}`, n: i });
    const again = await connect({ session, receivedCount: received });
    assert.notEqual(again.session, session);
    assert.equal(t.server.sessions.has(session), false);
    assert.equal(connections, 2);
    await eventually('the publication stopped listening', () => table.listenerCount === 0);
  });

  it('gives a fresh session when the client claims more messages than were sent', async () => {
    await start();
    const { client, session } = await connect();
    await client.drop();
    await eventually('the session is detached', () => t.server.sessions.get(session)?.state === 'detached');
    const again = await connect({ session, receivedCount: 999 });
    assert.notEqual(again.session, session);
  });

  it('ends the session when the grace period passes', async () => {
    const timers = new ManualTimers();
    await start({ timers, disconnectGracePeriod: 15_000 });
    const { client, session } = await connect();
    client.send({ msg: 'sub', id: 's', name: 'msgs' });
    await client.next(msg('ready'));
    await client.drop();
    await eventually('the session is detached', () => t.server.sessions.get(session)?.state === 'detached');
    timers.advance(14_999);
    assert.equal(t.server.sessions.get(session)?.state, 'detached');
    timers.advance(1);
    assert.equal(t.server.sessions.has(session), false);
    await eventually('the publication stopped listening', () => table.listenerCount === 0);
  });

  it('ends the session at once on a client disconnect message: no resumption', async () => {
    await start();
    const { client, session } = await connect();
    const received = client.countedFrames;
    client.send({ msg: 'disconnect' });
    await client.whenClosed();
    assert.equal(t.server.sessions.has(session), false);
    const again = await connect({ session, receivedCount: received });
    assert.notEqual(again.session, session);
  });

  it('ends the session for good when the server calls connection.close()', async () => {
    await start();
    const { client, session } = await connect();
    t.server.sessions.get(session)?.connection.close();
    await client.whenClosed();
    assert.equal(t.server.sessions.has(session), false);
  });

  it('disconnects a client that stops reading, without stalling the others', async () => {
    await start({ maxOutboundBytes: 256 * 1024, maxMessageQueueLength: 10 });
    t.server.publish('firehose', function (this: Subscription) {
      this.ready();
    });
    const big = 'x'.repeat(64 * 1024);
    const reader = await connect();
    const stalled = await connect();
    for (const { client } of [reader, stalled]) {
      client.send({ msg: 'sub', id: 's', name: 'msgs' });
      await client.next(msg('ready'));
    }
    // Stop reading: the kernel buffers fill, then ws buffers, then the limit trips.
    (stalled.client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 400 && t.server.sessions.get(stalled.session)?.state === 'attached'; i += 1) {
      table.insert({ _id: `big${i}`, big });
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.notEqual(t.server.sessions.get(stalled.session)?.state, 'attached');
    reader.client.send({ msg: 'ping', id: 'alive' });
    await reader.client.next((frame) => frame['id'] === 'alive');
    await stalled.client.drop();
  });
});
