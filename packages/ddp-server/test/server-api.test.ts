import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { MethodInvocation, Server, type Subscription } from '../src/index';
import { clientAddressOf, isOriginAllowed } from '../src/stream-server';
import { msg, RawClient, startTestServer } from './helpers';

function request(headers: Record<string, string>, remoteAddress = '192.0.2.1'): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
  return { headers, socket } as unknown as IncomingMessage;
}

describe('server API boundaries', () => {
  it('refuses handlers that are not functions, with the name in the message', () => {
    const server = new Server();
    assert.throws(() => server.publish('feed', 'nope' as never), /handler of "feed" must be a function/);
    assert.throws(() => server.methods(null as never), /expected an object of functions/);
    assert.throws(() => server.methods({ m: {} as never }), /Method 'm' must be a function/);
  });

  it('keeps the first of two publications with one name, and logs the duplicate', () => {
    const logged: string[] = [];
    const server = new Server({ log: (message) => void logged.push(message) });
    const first = function (this: Subscription) {};
    server.publish('feed', first);
    server.publish('feed', function (this: Subscription) {});
    assert.equal(server.publishHandler('feed'), first);
    assert.deepEqual(logged, ["Ignoring duplicate publish named 'feed'"]);
  });

  it('lists the registered method and publication names, and the lists are copies', () => {
    const server = new Server();
    assert.deepEqual([server.methodNames(), server.publicationNames()], [[], []]);
    server.methods({ 'a.one': () => 1, 'a.two': () => 2 });
    server.publish('feed', function (this: Subscription) {});
    server.publish(null, function (this: Subscription) {});
    assert.deepEqual(server.methodNames(), ['a.one', 'a.two']);
    assert.deepEqual(server.publicationNames(), ['feed']);
    server.methodNames().push('injected');
    server.publicationNames().length = 0;
    assert.deepEqual([server.methodNames(), server.publicationNames()], [['a.one', 'a.two'], ['feed']]);
  });

  it('refuses setUserId with a non-string, and outside a client connection', async () => {
    const withHost = new MethodInvocation({ name: 'm', userId: null, connection: null, randomSeed: undefined, setUserId: () => {} });
    await assert.rejects(withHost.setUserId(42 as never), /string or null/);
    const serverCall = new MethodInvocation({ name: 'm', userId: null, connection: null, randomSeed: undefined });
    await assert.rejects(serverCall.setUserId('u1'), /not called from a client connection/);
  });

  it('ignores a non-string randomSeed instead of seeding with it', () => {
    const invocation = new MethodInvocation({ name: 'm', userId: null, connection: null, randomSeed: { not: 'a string' } });
    assert.equal(invocation.randomSeed, undefined);
  });

  it('reads the client address as Meteor does for each HTTP_FORWARDED_COUNT', () => {
    const viaTwo = request({ 'x-forwarded-for': '198.51.100.7, 203.0.113.1, 10.0.0.2' });
    assert.equal(clientAddressOf(viaTwo, 0), '192.0.2.1');
    assert.equal(clientAddressOf(viaTwo, 1), '10.0.0.2');
    assert.equal(clientAddressOf(viaTwo, 2), '203.0.113.1');
    assert.equal(clientAddressOf(viaTwo, 4), null, 'more proxies configured than hops: unknown');
    assert.equal(clientAddressOf(request({}), 1), null, 'no header behind a proxy: unknown');
  });

  it('allows same-host, ROOT_URL and listed origins only', () => {
    const from = (origin: string | undefined, host = 'chat.example.com') => request(origin === undefined ? { host } : { origin, host });
    assert.equal(isOriginAllowed(from(undefined), undefined, []), true);
    assert.equal(isOriginAllowed(from('https://chat.example.com'), undefined, []), true);
    assert.equal(isOriginAllowed(from('https://evil.example'), undefined, []), false);
    assert.equal(isOriginAllowed(from('https://app.example.org', 'internal:3000'), 'https://app.example.org/', []), true);
    assert.equal(isOriginAllowed(from('https://partner.example'), 'not a url', ['https://partner.example']), true);
    assert.equal(isOriginAllowed(from('null'), undefined, []), false);
    assert.equal(isOriginAllowed(from('https://anything.example'), undefined, ['*']), true);
    // A page opened at 127.0.0.1 reaching ROOT_URL's localhost socket (and the reverse) is the same app.
    assert.equal(isOriginAllowed(from('http://127.0.0.1:4100', 'localhost:4100'), 'http://localhost:4100/', []), true);
    assert.equal(isOriginAllowed(from('http://localhost:4100', '127.0.0.1:4100'), undefined, []), true);
    assert.equal(isOriginAllowed(from('http://[::1]:4100', 'localhost:4100'), undefined, []), true);
    assert.equal(isOriginAllowed(from('http://127.0.0.1:4101', 'localhost:4100'), undefined, []), false);
    assert.equal(isOriginAllowed(from('http://evil.example:4100', 'localhost:4100'), undefined, []), false);
    assert.equal(isOriginAllowed(from('http://localhost:4100', 'chat.example.com:4100'), undefined, []), false);
  });

  it('starts a universal publication in sessions that already exist', async () => {
    const t = await startTestServer();
    try {
      const { client } = await RawClient.connect(t.url);
      t.server.publish(null, function (this: Subscription) {
        this.added('late', 'x', { v: 1 });
      });
      assert.deepEqual(await client.next(msg('added')), { msg: 'added', collection: 'late', id: 'x', fields: { v: 1 } });
      await client.close();
    } finally {
      await t.close();
    }
  });
});
