/**
 * Hostile input at the socket boundary, over real WebSockets: frames nested thousands deep,
 * frames whose error replies would echo them, peers that never read or never send `connect`,
 * and a throw while handling one frame. Each must cost at most the offending socket, never the
 * process or another client.
 */
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { MAX_DDP_DEPTH } from '@perseid/ddp-protocol';
import { MeteorError } from '@perseid/meteor-core';
import type { ServerOptions } from '../src/index';
import { ManualTimers, msg, RawClient, startTestServer, UNTHROTTLED, type TestServer } from './helpers';

/** About 12 KB of JSON nested 6,000 levels deep, as in the reported crash. */
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const DEEP = 6000;

/** Error details a client cannot be sent: each makes EJSON or JSON encoding throw. */
function unencodableDetails(): Record<string, unknown> {
  const circular: Record<string, unknown> = {};
  circular['self'] = circular;
  let deep: unknown = 'bottom';
  for (let i = 0; i < 20_000; i++) deep = { d: deep };
  return { circular, bigint: { n: 10n }, 'nested 20,000 deep': deep };
}

function pauseReading(client: RawClient): void {
  (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
}

function openTcpConnections(t: TestServer): Promise<number> {
  return new Promise((resolve, reject) => t.http.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

describe('hostile input at the DDP socket boundary', function () {
  this.timeout(20_000);
  let t: TestServer;
  const clients: RawClient[] = [];

  async function start(options: ServerOptions = {}): Promise<void> {
    t = await startTestServer(options);
    t.server.methods({ echo: (value: unknown) => value });
  }
  async function open(): Promise<RawClient> {
    const client = await RawClient.open(t.url);
    clients.push(client);
    return client;
  }
  async function connect(): Promise<RawClient> {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    return client;
  }
  /** Another client can still connect and call a method: the process serves everyone else. */
  async function stillServing(): Promise<void> {
    const other = await connect();
    other.send({ msg: 'method', id: 'alive', method: 'echo', params: [{ $date: 7 }] });
    assert.deepEqual(await other.next(msg('result')), { msg: 'result', id: 'alive', result: { $date: 7 } });
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.drop()));
    await t.close();
  });

  describe('nesting depth', () => {
    beforeEach(() => start());

    it('answers a 6,000-deep frame sent before connect with a short protocol error and keeps serving', async () => {
      const client = await open();
      const frame = `{"msg":"connect","version":"1","support":["1"],"x":${nested(DEEP)}}`;
      assert.ok(frame.length > 12_000);
      client.send(frame);
      const error = await client.next(msg('error'));
      assert.deepEqual(error, { msg: 'error', reason: `Bad request: nested deeper than ${MAX_DDP_DEPTH} levels` });
      client.send({ msg: 'ping', id: 'p' });
      assert.equal((await client.next(msg('error')))['reason'], 'Must connect first');
      await stillServing();
    });

    it('answers 6,000-deep method params after connect with a protocol error, the session and others unharmed', async () => {
      const client = await connect();
      client.send(`{"msg":"method","id":"deep","method":"echo","params":${nested(DEEP)}}`);
      const error = await client.next(msg('error'));
      assert.match(String(error['reason']), /nested deeper than/);
      assert.equal(error['offendingMessage'], undefined);
      client.send({ msg: 'method', id: 'next', method: 'echo', params: ['same socket'] });
      assert.deepEqual(await client.next(msg('result')), { msg: 'result', id: 'next', result: 'same socket' });
      await stillServing();
    });

    it(`passes params nested to the limit (${MAX_DDP_DEPTH} levels, the frame included) through to the method`, async () => {
      const client = await connect();
      const params = nested(MAX_DDP_DEPTH - 1);
      client.send(`{"msg":"method","id":"edge","method":"echo","params":${params}}`);
      const result = await client.next(msg('result'));
      assert.equal(JSON.stringify(result['result']), nested(MAX_DDP_DEPTH - 2));
    });
  });

  describe('error replies', () => {
    beforeEach(() => start());

    it('never echo a long frame: a 512 KB malformed frame before connect gets a reply of a few bytes', async () => {
      const client = await open();
      const frame = JSON.stringify({ msg: 'sub', id: 'big', name: 7, pad: 'x'.repeat(512 * 1024) });
      const before = client.frames.length;
      client.send(frame);
      const error = await client.next(msg('error'));
      assert.deepEqual(error['offendingMessage'], { msg: 'sub', id: 'big' });
      assert.ok(JSON.stringify(client.frames.slice(before)).length < 200);
      client.send(JSON.stringify({ msg: 'method', id: 'm', method: 'echo', params: ['y'.repeat(512 * 1024)] }));
      const early = await client.next(msg('error'));
      assert.deepEqual(early, { msg: 'error', reason: 'Must connect first', offendingMessage: { msg: 'method', id: 'm' } });
    });

    it('do not echo a connect sent twice', async () => {
      const client = await connect();
      client.send({ msg: 'connect', version: '1', support: Array.from({ length: 5000 }, (_, i) => `v${i}`) });
      assert.deepEqual(await client.next(msg('error')), { msg: 'error', reason: 'Already connected' });
    });
  });

  describe('a throw while handling a frame', () => {
    beforeEach(() => start());

    it('closes that socket only, logs it, and the server keeps serving', async () => {
      const createSession = t.server.createSession.bind(t.server);
      t.server.createSession = () => {
        throw new Error('fault while creating a session');
      };
      const victim = await open();
      victim.send({ msg: 'connect', version: '1', support: ['1'] });
      await victim.whenClosed();
      assert.equal(victim.closeCode, 1011);
      assert.ok(t.logged.some((entry) => entry.message.includes('Internal exception while handling a DDP frame')));
      t.server.createSession = createSession;
      await stillServing();
    });

    it('a method error whose details cannot be encoded still answers the call (500) and keeps the session', async () => {
      const details: Record<string, unknown> = {};
      details['self'] = details;
      t.server.methods({
        circular: () => {
          throw new MeteorError('x.bad', 'Bad', details);
        },
      });
      const client = await connect();
      client.send({ msg: 'method', id: 'c', method: 'circular', params: [] });
      const result = await client.next(msg('result'));
      assert.deepEqual(result['error'], { error: 500, reason: 'Internal server error', message: 'Internal server error [500]', errorType: 'Meteor.Error' });
      await client.next(msg('updated'));
      client.send({ msg: 'method', id: 'after', method: 'echo', params: [1] });
      assert.deepEqual(await client.next(msg('result')), { msg: 'result', id: 'after', result: 1 });
    });

    for (const [kind, details] of Object.entries(unencodableDetails())) {
      it(`a publication error whose details cannot be encoded (${kind}) still ends the sub with a 500 nosub, logged`, async () => {
        t.server.publish('failing', () => {
          throw new MeteorError('x.bad', 'Bad', details);
        });
        t.server.publish('stopping', function (this: { error(e: unknown): void }) {
          this.error(new MeteorError('x.bad', 'Bad', details));
        });
        const client = await connect();
        const internal = { error: 500, reason: 'Internal server error', message: 'Internal server error [500]', errorType: 'Meteor.Error' };
        for (const name of ['failing', 'stopping']) {
          client.send({ msg: 'sub', id: name, name, params: [] });
          assert.deepEqual(await client.next(msg('nosub')), { msg: 'nosub', id: name, error: internal });
        }
        assert.ok(t.logged.some((entry) => entry.message.includes('serialising the error of sub')));
        client.send({ msg: 'method', id: 'after', method: 'echo', params: [1] });
        assert.deepEqual(await client.next(msg('result')), { msg: 'result', id: 'after', result: 1 });
      });

      it(`a method error whose details cannot be encoded (${kind}) is answered as 500`, async () => {
        t.server.methods({
          unencodable: () => {
            throw new MeteorError('x.bad', 'Bad', details);
          },
        });
        const client = await connect();
        client.send({ msg: 'method', id: 'u', method: 'unencodable', params: [] });
        const result = await client.next(msg('result'));
        assert.equal((result['error'] as Record<string, unknown>)['error'], 500);
        await client.next(msg('updated'));
      });
    }

    it('a universal publication that fails outside its handler is logged, and connecting still works', async () => {
      t.server.publish(null, () => ({
        _getCollectionName(): string {
          throw new Error('fault in a returned cursor');
        },
        _publishCursor: () => Promise.resolve({ stop: () => undefined }),
      }));
      // Outside mocha, an unhandled rejection ends the process (Node's default).
      const unhandled: unknown[] = [];
      const record = (reason: unknown): void => void unhandled.push(reason);
      process.on('unhandledRejection', record);
      try {
        await connect();
        await stillServing();
        await new Promise((resolve) => setTimeout(resolve, 10));
      } finally {
        process.off('unhandledRejection', record);
      }
      assert.deepEqual(unhandled, []);
      assert.ok(t.logged.some((entry) => entry.message.includes('universal publication')));
    });

    it('refuses an upgrade whose request target cannot be parsed with 400, and keeps serving', async () => {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = tcpConnect(t.port, '127.0.0.1', () => {
          socket.write(
            'GET //[bad:99999 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
              'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
          );
        });
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(reply, /^HTTP\/1\.1 400 /);
      await stillServing();
    });
  });

  describe('before connect', () => {
    it('closes a socket that does not read its replies once they pass maxOutboundBytes, as after connect', async () => {
      // Unthrottled: the replies must outgrow the limit before the inbound throttle pauses reading.
      await start({ maxOutboundBytes: 256 * 1024, ...UNTHROTTLED });
      const stalled = await open();
      pauseReading(stalled);
      // Each frame is short enough to be echoed whole (~1 KB of reply): the kernel's buffers
      // fill first, then the server's, then the limit must trip.
      const frame = JSON.stringify({ msg: 'nope', pad: 'z'.repeat(900) });
      let open_ = 1;
      for (let batch = 0; batch < 400 && open_ > 0; batch++) {
        for (let i = 0; i < 100; i++) stalled.send(frame);
        await new Promise((resolve) => setTimeout(resolve, 5));
        open_ = await openTcpConnections(t);
      }
      assert.equal(open_, 0, 'the server still holds the socket of a client that does not read');
      await stillServing();
    });

    it('closes a socket that has not sent connect within connectTimeout (default 10 s); connected ones stay', async () => {
      const timers = new ManualTimers();
      // Twenty idle sockets and one more from one address: past the default new-connection burst.
      await start({ timers, newConnectionsPerAddress: 100 });
      const idle = await Promise.all(Array.from({ length: 20 }, () => open()));
      const connected = await connect();
      timers.advance(9_999);
      for (const [index, client] of idle.entries()) {
        client.send({ msg: 'ping', id: `p${index}` });
        assert.equal((await client.next(msg('error')))['reason'], 'Must connect first');
      }
      timers.advance(1);
      await Promise.all(idle.map((client) => client.whenClosed()));
      for (const client of idle) {
        assert.equal(client.closeCode, 1008);
        assert.equal(client.closeReason, 'No DDP connect in time');
      }
      connected.send({ msg: 'ping', id: 'still' });
      assert.deepEqual(await connected.next(msg('pong')), { msg: 'pong', id: 'still' });
    });

    it('takes connectTimeout from the server options', async () => {
      const timers = new ManualTimers();
      await start({ timers, connectTimeout: 500 });
      const idle = await open();
      timers.advance(500);
      await idle.whenClosed();
      assert.equal(idle.closeCode, 1008);
      await stillServing();
    });
  });
});
