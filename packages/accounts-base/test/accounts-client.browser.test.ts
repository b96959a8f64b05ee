/** The client half in a real browser: WebCrypto digests, localStorage, and resume after a "reload". */
import assert from 'node:assert/strict';
import { DDP } from '@perseid/ddp-client';
import type { Connection } from '@perseid/ddp-client';
import { ClientCollection } from '@perseid/mongo';
import { AccountsClient, enablePasswordClient, LOGIN_TOKEN_KEY, USER_ID_KEY } from '../src/index.browser';
import type { PublicUser } from '../src/index.browser';

const env = (globalThis as unknown as { __TEST_ENV__: { httpUrl: string; usersName: string } }).__TEST_ENV__;

async function eventually(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('accounts client in Chromium', () => {
  const connections: Connection[] = [];
  after(() => {
    for (const connection of connections) connection.close();
    localStorage.clear();
  });

  function page() {
    const connection = DDP.connect(env.httpUrl);
    connections.push(connection);
    const users = new ClientCollection<PublicUser>(env.usersName, { connection });
    const accounts = enablePasswordClient(new AccountsClient<PublicUser>({ connection, users: { findOne: (s) => users.findOne(s) } }));
    accounts.start();
    return accounts;
  }

  it('signs up with a WebCrypto digest, stores the login in localStorage, and resumes it in a new page', async () => {
    localStorage.clear();
    const first = page();
    const login = await first.createUser({ username: 'browser-ann', password: 'correct horse' });
    assert.equal(localStorage.getItem(USER_ID_KEY), login.id);
    assert.equal(localStorage.getItem(LOGIN_TOKEN_KEY), login.token);
    await eventually(() => first.user() !== null);
    assert.equal(first.user()?.username, 'browser-ann');
    assert.equal('services' in (first.user() ?? {}), false);

    const reloaded = page();
    await eventually(() => reloaded.userId() === login.id);

    await reloaded.logout();
    assert.equal(localStorage.getItem(LOGIN_TOKEN_KEY), null);
    await assert.rejects(page().loginWithPassword('browser-ann', 'wrong'), /check your credentials/);
    assert.equal((await page().loginWithPassword('browser-ann', 'correct horse')).id, login.id);
  });
});
