import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { mountStatsRoute, registerStatsProvider, type Subscription } from '../src/index';
import { msg, RawClient, startTestServer, type TestServer } from './helpers';

describe('GET /__perseid/stats', function () {
  this.timeout(20_000);
  let t: TestServer;
  let http: ReturnType<typeof createServer>;
  let base: string;

  async function serve(options: Parameters<typeof mountStatsRoute>[1]) {
    const app = express();
    mountStatsRoute(app, { server: t.server, ...options });
    http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await t.close();
  });

  it('reports sessions, subscriptions by name, traffic and registered sections in development', async () => {
    await serve({ production: false });
    t.server.publish('rooms', function (this: Subscription) {
      this.added('rooms', 'r1', { name: 'general' });
      this.ready();
    });
    const provider = registerStatsProvider('observers', () => ({ byDriver: { changeStreams: 1 } }));
    const { client } = await RawClient.connect(t.url);
    try {
      client.send({ msg: 'sub', id: 's', name: 'rooms' });
      await client.next(msg('ready'));
      const response = await fetch(`${base}/__perseid/stats`);
      assert.equal(response.status, 200);
      const stats = (await response.json()) as Record<string, unknown>;
      assert.deepEqual(stats['sessions'], { total: 1, attached: 1, detached: 0 });
      assert.deepEqual(stats['subscriptionsByName'], { rooms: 1 });
      assert.ok((stats['messagesIn'] as number) >= 2);
      assert.ok((stats['messagesOut'] as number) >= 3);
      assert.ok((stats['bytesOut'] as number) > 0);
      assert.deepEqual(stats['observers'], { byDriver: { changeStreams: 1 } });
      provider.stop();
      provider.stop();
      const again = (await (await fetch(`${base}/__perseid/stats`)).json()) as Record<string, unknown>;
      assert.equal(again['observers'], undefined);
    } finally {
      provider.stop();
      await client.close();
    }
  });

  it('requires the bearer token in production, and hides itself without one', async () => {
    await serve({ production: true, token: 's3cret' });
    assert.equal((await fetch(`${base}/__perseid/stats`)).status, 401);
    assert.equal((await fetch(`${base}/__perseid/stats`, { headers: { authorization: 'Bearer wrong!' } })).status, 401);
    assert.equal((await fetch(`${base}/__perseid/stats`, { headers: { authorization: 'Bearer s3cret' } })).status, 200);
  });

  it('answers 404 in production when no token is configured', async () => {
    await serve({ production: true, token: '' });
    assert.equal((await fetch(`${base}/__perseid/stats`, { headers: { authorization: 'Bearer ' } })).status, 404);
  });
});
