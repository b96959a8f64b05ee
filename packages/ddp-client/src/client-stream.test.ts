import assert from 'node:assert/strict';
import { ManualTimers } from '../../ddp-common/test/manual-timers';
import { FakeTransport } from '../test/fake-transport';
import { ClientStream } from './client-stream';
import type { ConnectionStatus } from './connection-status';

function setup(retry: boolean = true) {
  const timers = new ManualTimers();
  const transport = new FakeTransport();
  const events: string[] = [];
  const statuses: ConnectionStatus[] = [];
  const stream = new ClientStream(
    'ws://server/websocket',
    { transport, timers, retry, fraction: () => 0.5, connectTimeoutMs: 10_000 },
    {
      onReset: () => events.push('reset'),
      onMessage: (f) => events.push(`message ${f}`),
      onDisconnect: () => events.push('disconnect'),
      onStatusChange: (s) => statuses.push(s),
    },
  );
  return { timers, transport, events, statuses, stream };
}

describe('ClientStream', () => {
  it('starts connecting and reports connected with a reset once the socket opens', () => {
    const { transport, events, stream } = setup();
    stream.start();
    assert.deepEqual(stream.status(), { status: 'connecting', connected: false, retryCount: 0 });
    transport.last.open();
    assert.deepEqual(stream.status(), { status: 'connected', connected: true, retryCount: 0 });
    assert.deepEqual(events, ['reset']);
    transport.last.receive('{"msg":"ping"}');
    assert.deepEqual(events, ['reset', 'message {"msg":"ping"}']);
  });

  it('retries twice after 10 ms, then backs off exponentially, counting attempts', () => {
    const { timers, transport, stream } = setup();
    stream.start();
    transport.last.open();
    transport.last.drop('server went away');
    assert.equal(stream.status().status, 'waiting');
    assert.equal(stream.status().reason, 'server went away');
    assert.equal(stream.status().retryTime, 10);
    timers.advance(10);
    assert.equal(transport.sockets.length, 2);
    assert.deepEqual(stream.status(), { status: 'connecting', connected: false, retryCount: 1 });
    transport.last.drop();
    assert.equal(timers.nextDelay(), 10);
    timers.advance(10);
    transport.last.drop();
    assert.equal(stream.status().retryCount, 2);
    assert.equal(timers.nextDelay(), 1000 * 2.2 ** 2);
    timers.advance(1000 * 2.2 ** 2);
    transport.last.open();
    assert.deepEqual(stream.status(), { status: 'connected', connected: true, retryCount: 0 });
  });

  it('gives up on a socket that never opens', () => {
    const { timers, transport, stream } = setup();
    stream.start();
    timers.advance(10_000);
    assert.equal(transport.sockets[0]?.state, 'closed');
    assert.equal(stream.status().status, 'waiting');
    assert.equal(stream.status().reason, 'connection timed out');
  });

  it('goes offline on disconnect and stays there until reconnect', () => {
    const { timers, transport, events, stream } = setup();
    stream.start();
    transport.last.open();
    stream.disconnect();
    assert.deepEqual(stream.status(), { status: 'offline', connected: false, retryCount: 0 });
    assert.deepEqual(events, ['reset', 'disconnect']);
    timers.advance(3_600_000);
    assert.equal(transport.sockets.length, 1);
    stream.reconnect();
    assert.equal(transport.sockets.length, 2);
    assert.equal(stream.status().status, 'connecting');
    transport.last.open();
    assert.equal(stream.status().status, 'connected');
  });

  it('reconnect skips the remaining back-off while waiting', () => {
    const { timers, transport, stream } = setup();
    stream.start();
    for (let i = 0; i < 3; i++) {
      transport.last.drop();
      timers.advance(timers.nextDelay() ?? 0);
    }
    transport.last.drop();
    assert.ok((timers.nextDelay() ?? 0) > 1000);
    stream.reconnect();
    assert.equal(timers.pendingCount, 1, 'only the connect timeout remains');
    assert.equal(stream.status().status, 'connecting');
  });

  it('reports failed without retrying when retry is off', () => {
    const { timers, transport, stream } = setup(false);
    stream.start();
    transport.last.open();
    transport.last.drop('gone');
    assert.deepEqual(stream.status(), { status: 'failed', connected: false, retryCount: 0, reason: 'gone' });
    timers.advance(60_000);
    assert.equal(transport.sockets.length, 1);
  });

  it('a forced reconnect of a connected stream opens a fresh socket', () => {
    const { timers, transport, events, stream } = setup();
    stream.start();
    transport.last.open();
    stream.reconnect();
    assert.equal(transport.sockets.length, 1, 'an unforced reconnect keeps a live socket');
    stream.reconnect({ force: true });
    assert.equal(transport.sockets[0]?.state, 'closed');
    timers.advance(10);
    transport.last.open();
    assert.deepEqual(events, ['reset', 'disconnect', 'reset']);
  });

  it('ignores frames and closes from a socket it has abandoned', () => {
    const { transport, events, stream } = setup();
    stream.start();
    const first = transport.last;
    stream.reconnect();
    first.drop();
    assert.equal(stream.status().status, 'connecting');
    assert.deepEqual(events, []);
  });
});
