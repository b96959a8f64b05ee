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

  // The app's admin check and accounts' login tokens, as the boot wires them: two users, one admin.
  const LOGIN_TOKENS: Record<string, string> = { 'admin-login-token': 'u-admin', 'member-login-token': 'u-member' };
  function wireAccounts(): void {
    t.server.setStatsAccess({
      userIdForLoginToken: (token) => Promise.resolve(LOGIN_TOKENS[token] ?? null),
      isAdmin: (userId) => Promise.resolve(userId === 'u-admin'),
    });
  }
  const asUser = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('reports sessions, subscriptions by name, traffic and registered sections to an admin', async () => {
    await serve({ token: '' });
    wireAccounts();
    t.server.publish('rooms', function (this: Subscription) {
      this.added('rooms', 'r1', { name: 'general' });
      this.ready();
    });
    const provider = registerStatsProvider('observers', () => ({ byDriver: { changeStreams: 1 } }));
    const { client } = await RawClient.connect(t.url);
    try {
      client.send({ msg: 'sub', id: 's', name: 'rooms' });
      await client.next(msg('ready'));
      const response = await fetch(`${base}/__perseid/stats`, asUser('admin-login-token'));
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
      const again = (await (await fetch(`${base}/__perseid/stats`, asUser('admin-login-token'))).json()) as Record<string, unknown>;
      assert.equal(again['observers'], undefined);
    } finally {
      provider.stop();
      await client.close();
    }
  });

  for (const mode of ['development', 'production'] as const) {
    it(`refuses anyone but an admin in ${mode} (anonymous and unknown tokens 401, a member 403)`, async () => {
      const previous = process.env['NODE_ENV'];
      process.env['NODE_ENV'] = mode;
      try {
        await serve({ token: '' });
        wireAccounts();
        const anonymous = await fetch(`${base}/__perseid/stats`);
        assert.equal(anonymous.status, 401);
        assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
        const anonymousBody = await anonymous.text();
        assert.doesNotMatch(anonymousBody, /sessions|subscriptions/);
        assert.equal((await fetch(`${base}/__perseid/stats`, asUser('stolen-or-expired'))).status, 401);
        assert.equal((await fetch(`${base}/__perseid/stats`, { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).status, 401);
        assert.equal((await fetch(`${base}/__perseid/stats`, asUser('x'.repeat(4_000)))).status, 401);
        const member = await fetch(`${base}/__perseid/stats`, asUser('member-login-token'));
        assert.equal(member.status, 403);
        assert.doesNotMatch(await member.text(), /sessions|subscriptions/);
        assert.equal((await fetch(`${base}/__perseid/stats`, asUser('admin-login-token'))).status, 200);
      } finally {
        if (previous === undefined) delete process.env['NODE_ENV'];
        else process.env['NODE_ENV'] = previous;
      }
    });
  }

  it('lets the operator stats token in, and only that exact token', async () => {
    await serve({ token: 's3cret' });
    assert.equal((await fetch(`${base}/__perseid/stats`)).status, 401);
    assert.equal((await fetch(`${base}/__perseid/stats`, asUser('wrong!'))).status, 401);
    assert.equal((await fetch(`${base}/__perseid/stats`, asUser('s3cre'))).status, 401);
    assert.equal((await fetch(`${base}/__perseid/stats`, asUser('s3cret'))).status, 200);
  });

  it('answers 404 when nothing could let anyone in (no stats token, no admin check)', async () => {
    await serve({ token: '' });
    assert.equal((await fetch(`${base}/__perseid/stats`, { headers: { authorization: 'Bearer ' } })).status, 404);
    t.server.setStatsAccess({ userIdForLoginToken: (token) => Promise.resolve(LOGIN_TOKENS[token] ?? null) });
    assert.equal((await fetch(`${base}/__perseid/stats`, asUser('admin-login-token'))).status, 404);
  });

  it('never shows a connection string with its credentials', async () => {
    await serve({ token: 's3cret' });
    const provider = registerStatsProvider('database', () => ({ connections: [{ url: 'mongodb://chat:hunter2@db.internal:27017/chat?authSource=admin' }] }));
    const failing = registerStatsProvider('broken', () => {
      throw new Error('could not reach mongodb://root:topsecret@db2/chat');
    });
    try {
      const text = await (await fetch(`${base}/__perseid/stats`, asUser('s3cret'))).text();
      assert.doesNotMatch(text, /hunter2|topsecret|chat:|root:/);
      const stats = JSON.parse(text) as Record<string, unknown>;
      assert.deepEqual(stats['database'], { connections: [{ url: 'mongodb://***@db.internal:27017/chat?authSource=admin' }] });
      assert.deepEqual(stats['broken'], { error: 'could not reach mongodb://***@db2/chat' });
    } finally {
      provider.stop();
      failing.stop();
    }
  });
});
