import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@perseid/ddp-server';
import { AccountsServer } from '@perseid/accounts-base';
import { digestPassword, enablePasswordAccounts } from '../src/index';
import { FAST_ARGON2, startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';
import { RawDdpClient } from './raw-ddp-client';

describe('two server processes sharing one database', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  let otherUrl: string;
  let stopOther: () => Promise<void>;
  const clients: RawDdpClient[] = [];

  before(async () => {
    fx = await startAccountsFixture({ rateLimit: false });
    // A second DDP server with its own accounts over the same users collection: what a second
    // Node process behind a load balancer is.
    const server = new Server({ log: () => undefined });
    const http = createServer();
    const stream = server.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    otherUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`;
    const accounts = enablePasswordAccounts(new AccountsServer({ users: fx.users, host: server }), {
      argon2: FAST_ARGON2,
      email: { sendAsync: async () => undefined, close: () => undefined },
    });
    accounts.start();
    stopOther = async () => {
      accounts.stop();
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    };
  });
  after(async () => {
    for (const client of clients) await client.close();
    await stopOther();
    await fx.stop();
  });

  async function connectOther(): Promise<RawDdpClient> {
    const client = await RawDdpClient.connect(otherUrl);
    clients.push(client);
    return client;
  }

  it('logging out other clients on one server closes their connections on the other', async () => {
    const here = await fx.connect();
    await here.call('createUser', { username: 'roamer', password: await digestPassword('pw') });
    const there = await connectOther();
    const thereLogin = (await there.call('login', { user: { username: 'roamer' }, password: await digestPassword('pw') })) as { token: string };
    await here.call('logoutOtherClients');
    await there.closed;
    const again = await connectOther();
    assert.equal((await again.refused('login', { resume: thereLogin.token })).error, 403);
    assert.ok(here.isOpen);
  });

  it('a token removed directly in the database closes the connection using it', async () => {
    const client = await connectOther();
    const login = (await client.call('createUser', { username: 'edited', password: await digestPassword('pw') })) as { id: string };
    await fx.users.updateAsync({ _id: login.id }, { $set: { 'services.resume.loginTokens': [] } });
    await client.closed;
  });
});
