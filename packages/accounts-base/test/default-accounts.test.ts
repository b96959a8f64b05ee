import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { mountMetricsRoute, server } from '@perseid/ddp-server';
import { startMinimongod } from '@perseid/minimongod';
import type { MinimongodHandle } from '@perseid/minimongod';
import { MongoInternals } from '@perseid/mongo';
import { Accounts, currentUserAsync, currentUserId, startAccounts, users } from '../src/index';
import { digestPassword } from '../src/password-digest';
import { RawDdpClient } from './raw-ddp-client';

describe('the default Accounts (what meteor/accounts-base exports on the server)', function () {
  this.timeout(30_000);
  let mongo: MinimongodHandle;
  let http: ReturnType<typeof createServer>;
  let stream: { close(): Promise<void> };
  let url: string;
  let metricsHttp: ReturnType<typeof createServer>;
  let metricsUrl: string;
  const previousMongoUrl = process.env.MONGO_URL;

  before(async () => {
    mongo = await startMinimongod({ port: 0, quiet: true });
    process.env.MONGO_URL = mongo.url;
    http = createServer();
    stream = server.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`;
    const app = express();
    mountMetricsRoute(app, { token: 'scraper-token' });
    metricsHttp = createServer(app);
    await new Promise<void>((resolve) => metricsHttp.listen(0, '127.0.0.1', resolve));
    metricsUrl = `http://127.0.0.1:${(metricsHttp.address() as AddressInfo).port}/__perseid/metrics`;
    server.methods({
      async 'test.me'() {
        const user = await currentUserAsync();
        return { id: currentUserId(), username: user?.username ?? null };
      },
    });
  });
  after(async () => {
    Accounts.stop();
    await server.close();
    await stream.close();
    for (const h of [http, metricsHttp]) {
      h.closeAllConnections();
      await new Promise<void>((resolve) => h.close(() => resolve()));
    }
    await MongoInternals.closeDefaultRemoteCollectionDriver();
    await mongo.stop();
    if (previousMongoUrl === undefined) delete process.env.MONGO_URL;
    else process.env.MONGO_URL = previousMongoUrl;
  });

  it('registers login on the default DDP server, with Meteor.users and the default login rate limit', async () => {
    assert.equal(startAccounts(), startAccounts());
    const id = await Accounts.createUser({ username: 'dflt', password: 'pw' });
    assert.equal((await users.findOneAsync({ _id: id }))?.username, 'dflt');
    const client = await RawDdpClient.connect(url);
    try {
      const login = (await client.call('login', { user: { username: 'dflt' }, password: await digestPassword('pw') })) as { id: string };
      assert.equal(login.id, id);
      assert.deepEqual(await client.call('test.me'), { id, username: 'dflt' });
      for (let i = 0; i < 4; i++) await client.refused('login', { user: { username: 'dflt' }, password: await digestPassword('bad') });
      assert.equal((await client.refused('login', { resume: 'x'.repeat(43) })).error, 'too-many-requests');
    } finally {
      await client.close();
    }
    assert.throws(() => currentUserId(), /only be invoked in method calls or publications/);
  });

  async function scrape(): Promise<(name: string, labels?: string) => number> {
    const response = await fetch(metricsUrl, { headers: { authorization: 'Bearer scraper-token' } });
    assert.equal(response.status, 200);
    const text = await response.text();
    return (name, labels = '') => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
      return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
  }

  it('counts login attempts, failed logins and rate-limited login calls from real DDP clients', async () => {
    startAccounts();
    await Accounts.createUser({ username: 'metered', password: 'pw' });
    const before = await scrape();
    const client = await RawDdpClient.connect(url);
    try {
      await client.call('login', { user: { username: 'metered' }, password: await digestPassword('pw') });
      for (let i = 0; i < 4; i++) await client.refused('login', { user: { username: 'metered' }, password: await digestPassword('bad') });
      assert.equal((await client.refused('login', { user: { username: 'metered' }, password: await digestPassword('pw') })).error, 'too-many-requests');
    } finally {
      await client.close();
    }
    const after = await scrape();
    assert.equal(after('perseid_login_attempts_total') - before('perseid_login_attempts_total'), 5);
    assert.equal(after('perseid_login_failures_total') - before('perseid_login_failures_total'), 4);
    assert.equal(after('perseid_rate_limit_refusals_total', '{kind="method"}') - before('perseid_rate_limit_refusals_total', '{kind="method"}'), 1);
  });
});
