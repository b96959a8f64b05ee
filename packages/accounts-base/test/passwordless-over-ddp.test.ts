import assert from 'node:assert/strict';
import { DDP, type Connection } from '@perseid/ddp-client';
import {
  AccountsClient,
  createMemoryStorage,
  enablePasswordlessAccounts,
  enablePasswordlessClient,
  loginFromUrl,
  MAX_PASSWORDLESS_FAILURES,
} from '@perseid/accounts-base';
import type { PublicUser } from '@perseid/accounts-base';
import { ClientCollection } from '@perseid/mongo';
import { startAccountsFixture, type AccountsFixture } from './accounts-fixture';
import type { WireError } from './raw-ddp-client';

/** The code a login-token mail carries. */
function codeIn(text: string): string {
  const match = /code is: ([0-9A-F]+)/.exec(text);
  assert.ok(match?.[1], text);
  return match[1];
}

describe('accounts-passwordless over DDP (real server, minimongod, WebSocket clients)', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  const connections: Connection[] = [];

  beforeEach(async () => {
    fx = await startAccountsFixture({ rateLimit: false });
    enablePasswordlessAccounts(fx.accounts, { email: { sendAsync: async (m) => void fx.outbox.push(m), close: () => undefined } });
  });
  afterEach(async () => {
    for (const c of connections.splice(0)) c.close();
    await fx.stop();
  });

  it('requestLoginTokenForUser creates the user and mails a code; login with it verifies the address, once', async () => {
    const client = await fx.connect();
    const result = (await client.call('requestLoginTokenForUser', {
      selector: { email: 'ann@example.com' },
      userData: { email: 'ann@example.com', username: 'ann' },
    })) as { isNewUser: boolean };
    assert.equal(result.isNewUser, true);
    assert.equal(fx.outbox.length, 1);
    const mail = fx.outbox[0];
    assert.equal(mail?.to, 'ann@example.com');
    const code = codeIn(mail?.text ?? '');
    assert.match(code, /^[0-9A-F]{6}$/);
    assert.ok((mail?.text ?? '').includes(`?loginToken=${code}&selector=ann%40example.com`), 'the mail links to the app with the code');
    const stored = await fx.users.findOneAsync({ username: 'ann' });
    assert.ok(!JSON.stringify(stored).includes(code), 'only hashes of the code are stored');

    const login = (await client.call('login', { selector: { email: 'ann@example.com' }, token: code.toLowerCase() })) as { id: string; token: string };
    assert.equal(login.id, stored?._id);
    const after = await fx.users.findOneAsync({ _id: login.id });
    assert.equal(after?.emails?.[0]?.verified, true);
    assert.equal(after?.services?.passwordless, undefined);
    const again = await (await fx.connect()).refused('login', { selector: { email: 'ann@example.com' }, token: code });
    assert.equal(again.error, 403);
  });

  it('an existing user is found, not created; userCreationDisabled refuses an unknown address', async () => {
    await fx.accounts.createUser({ username: 'bo', email: 'bo@example.com' });
    const client = await fx.connect();
    const result = (await client.call('requestLoginTokenForUser', { selector: { email: 'bo@example.com' } })) as { isNewUser: boolean };
    assert.equal(result.isNewUser, false);
    assert.equal(await fx.users.find({}, { fields: { _id: 1 } }).countAsync(), 1);
    const refused: WireError = await client.refused('requestLoginTokenForUser', {
      selector: { email: 'nobody@example.com' },
      options: { userCreationDisabled: true },
    });
    assert.equal(refused.reason, 'User not found');
    assert.equal(fx.outbox.length, 1);
  });

  it(`a wrong code fails; ${MAX_PASSWORDLESS_FAILURES} of them void the mailed code; an old code is expired`, async () => {
    const client = await fx.connect();
    await client.call('requestLoginTokenForUser', { selector: { email: 'cy@example.com' }, userData: { email: 'cy@example.com' } });
    const code = codeIn(fx.outbox[0]?.text ?? '');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < MAX_PASSWORDLESS_FAILURES; i += 1) {
      const error = await (await fx.connect()).refused('login', { selector: { email: 'cy@example.com' }, token: wrong });
      assert.equal(error.reason, 'Something went wrong. Please check your credentials.');
    }
    assert.equal((await fx.users.findOneAsync({ 'emails.address': 'cy@example.com' }))?.services?.passwordless, undefined, 'the mailed code is void');
    // Past the login backoff the wrong codes earned, the right code still fails: it is gone.
    fx.advance(30 * 60 * 1000);
    const voided = await (await fx.connect()).refused('login', { selector: { email: 'cy@example.com' }, token: code });
    assert.equal(voided.reason, 'Something went wrong. Please check your credentials.');

    await client.call('requestLoginTokenForUser', { selector: { email: 'cy@example.com' } });
    const fresh = codeIn(fx.outbox[1]?.text ?? '');
    fx.advance(61 * 60 * 1000);
    const expired = await (await fx.connect()).refused('login', { selector: { email: 'cy@example.com' }, token: fresh });
    assert.equal(expired.reason, 'Token expired');
  });

  it('the client API: Accounts.requestLoginTokenForUser, Meteor.passwordlessLoginWithToken, and the mailed link', async () => {
    const connection = DDP.connect(fx.url.replace(/^ws/, 'http').replace(/\/websocket$/, ''), { heartbeatInterval: 0 });
    connections.push(connection);
    const users = new ClientCollection<PublicUser>(fx.usersName, { connection });
    const client = enablePasswordlessClient(
      new AccountsClient<PublicUser>({ connection, storage: createMemoryStorage(), users: { findOne: (s) => users.findOne(s) } }),
    );
    client.start();
    let called: unknown = 'not called';
    await client.requestLoginTokenForUser({ selector: 'Dee@Example.com', userData: { email: 'dee@example.com' } }, (error) => {
      called = error;
    });
    assert.equal(called, undefined, 'callback called without an error');
    const mail = fx.outbox[0]?.text ?? '';
    const link = /(http:\/\/\S+)/.exec(mail)?.[1] ?? '';
    let replaced = '';
    assert.equal(
      loginFromUrl(
        client,
        { href: link },
        {
          replaceState: (_d, _u, url) => {
            replaced = url;
          },
        },
      ),
      true,
    );
    while (client.userId() === null) await new Promise((r) => setTimeout(r, 5));
    const dee = await fx.users.findOneAsync({ 'emails.address': 'dee@example.com' });
    assert.equal(client.userId(), dee?._id);
    while (replaced === '') await new Promise((r) => setTimeout(r, 5));
    assert.ok(!replaced.includes('loginToken'), replaced);

    await client.logout();
    await client.requestLoginTokenForUser({ selector: 'dee@example.com' });
    await client.passwordlessLoginWithToken('dee@example.com', codeIn(fx.outbox[1]?.text ?? ''));
    assert.equal(client.userId(), dee?._id);
  });
});
