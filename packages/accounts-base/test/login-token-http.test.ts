import assert from 'node:assert/strict';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loginTokenMiddleware } from '@perseid/accounts-base';
import { digestPassword } from '../src/index';
import { startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';

describe('HTTP routes authenticated by the DDP login token', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  let http: HttpServer;
  let base: string;

  before(async () => {
    fx = await startAccountsFixture({ rateLimit: false });
    const app = express();
    app.post('/upload', loginTokenMiddleware(fx.accounts, { required: true }), (_req, res) => {
      res.json(res.locals.login);
    });
    http = await new Promise<HttpServer>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await fx.stop();
  });

  it('accepts the token a DDP login returned, until it is logged out or expires', async () => {
    const client = await fx.connect();
    const login = (await client.call('createUser', { username: 'uploader', password: await digestPassword('pw') })) as { id: string; token: string };
    const upload = (token: string) => fetch(`${base}/upload`, { method: 'POST', headers: { 'x-login-token': token } });
    const ok = await upload(login.token);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { userId: string; user: Record<string, unknown> };
    assert.equal(body.userId, login.id);
    assert.equal(body.user.username, 'uploader');
    assert.equal('services' in body.user, false);

    fx.advance(91 * 24 * 60 * 60 * 1000);
    try {
      assert.equal((await upload(login.token)).status, 401, 'an expired token is refused');
    } finally {
      fx.advance(-91 * 24 * 60 * 60 * 1000);
    }
    await client.call('logout');
    assert.equal((await upload(login.token)).status, 401, 'a logged-out token is refused');
    assert.equal((await fetch(`${base}/upload`, { method: 'POST' })).status, 401);
  });
});
