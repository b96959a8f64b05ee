import assert from 'node:assert/strict';
import SimpleSchema from 'simpl-schema';
import { DDP } from '@perseid/ddp-client';
import type { Connection } from '@perseid/ddp-client';
import { AccountsClient, createMemoryStorage, enablePasswordClient, LOGIN_TOKEN_EXPIRES_KEY, LOGIN_TOKEN_KEY, USER_ID_KEY } from '@perseid/accounts-base';
import type { KeyValueStorage, PublicUser } from '@perseid/accounts-base';
import { attachSchema, installCollectionSecurity } from '@perseid/collection-security';
import { ClientCollection, Mongo } from '@perseid/mongo';
import { startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';
import { eventually } from '../../../tests/helpers/eventually';
import { uninstallCollectionSecurityForTests } from '../../collection-security/src/server-collection-security';

describe('AccountsClient with the Perseid DDP client (Node, real WebSocket)', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  let httpUrl: string;
  let notes: Mongo.Collection<{ _id: string; text: string }>;
  const connections: Connection[] = [];
  let seq = 0;

  before(async () => {
    uninstallCollectionSecurityForTests();
    fx = await startAccountsFixture({ rateLimit: false });
    httpUrl = fx.url.replace(/^ws/, 'http').replace(/\/websocket$/, '');
    fx.server.methods({
      async whoami(this: { userId: string | null }) {
        return this.userId;
      },
    });
    notes = new Mongo.Collection(`cnotes_${process.pid}`, { _driver: fx.driver });
    notes.attachSchema(new SimpleSchema({ text: { type: String, max: 10 } }));
    notes.allow({ insert: () => true });
    installCollectionSecurity(fx.server);
  });
  after(async () => {
    for (const connection of connections) connection.close();
    uninstallCollectionSecurityForTests();
    await fx.stop();
  });

  function client(storage: KeyValueStorage = createMemoryStorage()) {
    const connection = DDP.connect(httpUrl, { heartbeatInterval: 0 });
    connections.push(connection);
    const users = new ClientCollection<PublicUser>(fx.usersName, { connection });
    const accounts = enablePasswordClient(new AccountsClient<PublicUser>({ connection, storage, users: { findOne: (s) => users.findOne(s) } }));
    const handle = accounts.start();
    return { connection, accounts, storage, users, handle };
  }

  async function signUp() {
    const c = client();
    const name = `client${++seq}`;
    const result = await c.accounts.createUser({ username: name, email: `${name}@example.com`, password: 'secret', profile: { name } });
    return { ...c, name, result };
  }

  it('signs up, keeps the login in storage under Meteor’s keys, and shows the own user without services', async () => {
    const { accounts, storage, name, result } = await signUp();
    assert.equal(accounts.userId(), result.id);
    assert.equal(accounts.loginState(), 'logged-in');
    assert.equal(storage.getItem(USER_ID_KEY), result.id);
    assert.equal(storage.getItem(LOGIN_TOKEN_KEY), result.token);
    assert.equal(new Date(storage.getItem(LOGIN_TOKEN_EXPIRES_KEY) ?? '').getTime(), Math.floor(result.tokenExpires.getTime() / 1000) * 1000);
    await eventually('the user document arrives', () => accounts.user() != null);
    const user = accounts.user();
    assert.equal(user?.username, name);
    assert.deepEqual(user?.profile, { name });
    assert.equal('services' in (user ?? {}), false);
  });

  it('logs in with the password by username or email and fails cleanly on a wrong one', async () => {
    const { name, result } = await signUp();
    const other = client();
    assert.equal((await other.accounts.loginWithPassword(name, 'secret')).id, result.id);
    const third = client();
    assert.equal((await third.accounts.loginWithPassword(`${name}@example.com`, 'secret')).id, result.id);
    const failures: unknown[] = [];
    const fourth = client();
    fourth.accounts.onLoginFailure((error) => failures.push(error));
    await assert.rejects(fourth.accounts.loginWithPassword(name, 'wrong'), /check your credentials/);
    assert.equal(fourth.accounts.userId(), null);
    assert.equal(fourth.accounts.loginState(), 'logged-out');
    assert.equal(failures.length, 1);
  });

  it('logs in again with resume (a wait method) after the server drops the session', async () => {
    const { connection, accounts, result } = await signUp();
    const session = [...fx.server.sessions.values()].find((s) => s.userId === result.id);
    assert.ok(session, 'the server session is logged in');
    const resumed = new Promise<void>((resolve) => accounts.onLogin(resolve));
    session.connection.close();
    await resumed;
    assert.equal(connection.status().status, 'connected');
    assert.equal(await connection.callAsync('whoami'), result.id, 'the new server session is logged in');
    assert.equal(accounts.userId(), result.id);
  });

  it('resumes the stored login in a fresh client (a page reload)', async () => {
    const { storage, result } = await signUp();
    const reloaded = client(storage);
    await eventually('the reloaded client is signed in', () => reloaded.accounts.userId() === result.id);
    assert.equal(await reloaded.connection.callAsync('whoami'), result.id);
  });

  it('drops an expired stored token without calling the server, and a revoked one after it refuses', async () => {
    const expired = createMemoryStorage();
    expired.setItem(USER_ID_KEY, 'someone');
    expired.setItem(LOGIN_TOKEN_KEY, 'x'.repeat(43));
    expired.setItem(LOGIN_TOKEN_EXPIRES_KEY, new Date(Date.now() - 1000).toString());
    client(expired);
    assert.equal(expired.getItem(LOGIN_TOKEN_KEY), null);
    const revoked = createMemoryStorage();
    revoked.setItem(USER_ID_KEY, 'someone');
    revoked.setItem(LOGIN_TOKEN_KEY, 'y'.repeat(43));
    revoked.setItem(LOGIN_TOKEN_EXPIRES_KEY, new Date(Date.now() + 60_000).toString());
    const c = client(revoked);
    await eventually('the revoked client drops its stored token', () => revoked.getItem(LOGIN_TOKEN_KEY) === null);
    assert.equal(c.accounts.userId(), null);
  });

  it('logs out: storage cleared, user gone; logoutOtherClients keeps only this client', async () => {
    const { accounts, storage, name, result } = await signUp();
    const other = client();
    await other.accounts.loginWithPassword(name, 'secret');
    const before = storage.getItem(LOGIN_TOKEN_KEY);
    await accounts.logoutOtherClients();
    assert.notEqual(storage.getItem(LOGIN_TOKEN_KEY), before, 'this client got a fresh token');
    await eventually('the other client is signed out', () => other.accounts.userId() === null || other.storage.getItem(LOGIN_TOKEN_KEY) === null);
    assert.equal(await accounts.connection.applyAsync('whoami', []), result.id);
    await accounts.logout();
    assert.equal(accounts.userId(), null);
    assert.equal(storage.getItem(LOGIN_TOKEN_KEY), null);
    assert.equal(accounts.user(), null);
  });

  it('validates in the stub too when the schema is attached to the client collection: nothing is sent', async () => {
    const { connection } = await signUp();
    const local = new ClientCollection<{ _id: string; text: string }>(notes._name, { connection });
    attachSchema(local, new SimpleSchema({ text: { type: String, max: 10 } }));
    await assert.rejects(local.insertAsync({ text: 'far too long for the schema' }), (e: unknown) => (e as { error?: unknown }).error === 'validation-error');
    assert.equal(local.find().count(), 0);
    assert.equal(await notes.find().countAsync(), 0);
  });

  it('rolls the stub’s write back when the server’s schema rejects it', async () => {
    const { connection } = await signUp();
    const local = new ClientCollection<{ _id: string; text: string }>(notes._name, { connection });
    const seen: number[] = [];
    // Records what the UI would see: the optimistic document, then its removal.
    const observer = local.find().observeChanges({ added: () => void seen.push(1), removed: () => void seen.push(-1) });
    try {
      const call = local.insertAsync({ text: 'far too long for the schema' });
      await call.stubPromise;
      assert.equal(local.find().count(), 1, 'the stub wrote optimistically');
      await assert.rejects(call, (e: unknown) => (e as { error?: unknown }).error === 'validation-error');
      await eventually('the local documents are gone', () => local.find().count() === 0);
      assert.deepEqual(seen, [1, -1]);
      assert.equal(await notes.find().countAsync(), 0, 'nothing reached the database');
      const ok = await local.insertAsync({ text: 'short' });
      assert.equal((await notes.findOneAsync(ok as string))?.text, 'short');
    } finally {
      observer.stop();
    }
  });
});
