/** The client half in a real browser: WebCrypto digests, localStorage, and resume after a "reload". */
import assert from 'node:assert/strict';
import { DDP } from '@perseid/ddp-client';
import type { Connection } from '@perseid/ddp-client';
import { ClientCollection } from '@perseid/mongo';
import { AccountsClient, enablePasswordClient, LOGIN_TOKEN_KEY, USER_ID_KEY } from '../src/index.browser';
import type { PublicUser } from '../src/index.browser';
import { eventually } from '../../../tests/helpers/eventually';

const env = (globalThis as unknown as { __TEST_ENV__: { httpUrl: string; usersName: string } }).__TEST_ENV__;

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
    await eventually('the first page has its user document', () => first.user() != null);
    assert.equal(first.user()?.username, 'browser-ann');
    assert.equal('services' in (first.user() ?? {}), false);

    const reloaded = page();
    await eventually('the reloaded page is signed in', () => reloaded.userId() === login.id);

    await reloaded.logout();
    assert.equal(localStorage.getItem(LOGIN_TOKEN_KEY), null);
    await assert.rejects(page().loginWithPassword('browser-ann', 'wrong'), /check your credentials/);
    assert.equal((await page().loginWithPassword('browser-ann', 'correct horse')).id, login.id);
  });

  it('restores the stored user id at once on page load: user() undefined until its document arrives, loggingIn() true', async () => {
    localStorage.clear();
    const login = await page().createUser({ username: 'browser-bo', password: 'correct horse' });
    const reloaded = page();
    // Synchronously after start(), before any answer from the server.
    assert.equal(reloaded.userId(), login.id);
    assert.equal(reloaded.user(), undefined);
    assert.equal(reloaded.loggingIn(), true);
    await eventually('the reloaded page has its user document', () => reloaded.user() != null);
    assert.equal(reloaded.user()?.username, 'browser-bo');
    assert.equal(reloaded.loggingIn(), false);
    await reloaded.logout();
    assert.equal(reloaded.user(), null, 'null once logged out');
  });

  it('calls the loginWithPassword and logout callbacks as Meteor does, and never rejects when given one', async () => {
    localStorage.clear();
    const created = await page().createUser({ username: 'browser-cy', password: 'correct horse' });
    localStorage.clear();
    const accounts = page();
    const failed = await new Promise<unknown[]>((resolve) => {
      void accounts.loginWithPassword('browser-cy', 'wrong', (...args: unknown[]) => resolve(args)).then((value) => assert.equal(value, undefined));
    });
    assert.equal(failed.length, 1);
    assert.match(String(failed[0]), /check your credentials/);
    const succeeded = await new Promise<unknown[]>(
      (resolve) => void accounts.loginWithPassword('browser-cy', 'correct horse', (...args: unknown[]) => resolve(args)),
    );
    assert.deepEqual(succeeded, []);
    assert.equal(accounts.userId(), created.id);
    const loggedOut = await new Promise<unknown[]>((resolve) => void accounts.logout((...args: unknown[]) => resolve(args)));
    assert.deepEqual(loggedOut, []);
    assert.equal(accounts.userId(), null);
  });
});
