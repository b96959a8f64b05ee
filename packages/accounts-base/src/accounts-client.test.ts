import assert from 'node:assert/strict';
import { Tracker } from '@perseid/tracker';
import { MeteorError } from '@perseid/meteor-core';
import { AccountsClient, parseLoginResult } from './accounts-client';
import type { AccountsClientConnection, LoginState } from './accounts-client';
import { createMemoryStorage, LOGIN_TOKEN_KEY } from './login-token-store';

/** A connection whose method answers the test releases by hand. */
function fakeConnection() {
  let userId: string | null = null;
  const calls: { name: string; args: unknown[]; wait: boolean | undefined; settle: (result: unknown, error?: unknown) => void }[] = [];
  const connection: AccountsClientConnection = {
    applyAsync: (name, args, options) =>
      new Promise((resolve, reject) => {
        calls.push({ name, args, wait: options?.wait, settle: (result, error) => (error === undefined ? resolve(result) : reject(error)) });
      }),
    userId: () => userId,
    setUserId: (id) => {
      userId = id;
    },
  };
  return { connection, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AccountsClient states', () => {
  it('moves logging-in → logged-in reactively and sends login as a wait method', async () => {
    const { connection, calls } = fakeConnection();
    let reconnect: (() => void) | undefined;
    const accounts = new AccountsClient({
      connection,
      storage: createMemoryStorage(),
      onReconnect: (cb) => {
        reconnect = cb;
        return {
          stop: () => {
            reconnect = undefined;
          },
        };
      },
    });
    const handle = accounts.start();
    const seen: LoginState[] = [];
    const computation = Tracker.autorun(() => void seen.push(accounts.loginState()));
    const pending = accounts.loginWithToken('t'.repeat(43));
    Tracker.flush();
    assert.equal(calls[0]?.name, 'login');
    assert.equal(calls[0]?.wait, true);
    calls[0]?.settle({ id: 'u1', token: 'n'.repeat(43), tokenExpires: new Date(Date.now() + 1000) });
    await pending;
    Tracker.flush();
    assert.deepEqual(seen, ['logged-out', 'logging-in', 'logged-in']);
    assert.equal(accounts.userId(), 'u1');

    reconnect?.();
    await tick();
    assert.deepEqual(calls[1]?.args, [{ resume: 'n'.repeat(43) }], 'a reconnect re-sends the stored token');
    calls[1]?.settle(undefined, new MeteorError(403, "You've been logged out by the server. Please log in again."));
    await tick();
    assert.equal(accounts.userId(), null, 'a refused resume logs the client out');
    assert.equal(accounts.loginToken(), null);
    computation.stop();
    handle.stop();
    handle.stop();
    assert.equal(reconnect, undefined);
  });

  it('rejects a login answer that is not { id, token, tokenExpires } and stays logged out', async () => {
    const { connection, calls } = fakeConnection();
    const storage = createMemoryStorage();
    const accounts = new AccountsClient({ connection, storage, onReconnect: () => ({ stop() {} }) });
    const pending = accounts.callLoginMethod('login', [{}]);
    calls[0]?.settle({ id: 'u1', token: 'x' });
    await assert.rejects(pending, /unexpected result/);
    assert.equal(accounts.loginState(), 'logged-out');
    assert.equal(storage.getItem(LOGIN_TOKEN_KEY), null);
    assert.throws(() => parseLoginResult(null), /unexpected result/);
  });
});
