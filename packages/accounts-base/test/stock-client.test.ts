/**
 * A DDP client we did not write (simpleddp, as Meteor tooling uses) logs in with Meteor's wire
 * formats: the sha-256 digest object in, `{ id, token, tokenExpires }` out, then `resume`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import SimpleDDP from 'simpleddp';
import { WebSocket } from 'ws';
import { startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';

const meteorDigest = (password: string) => ({ digest: createHash('sha256').update(password).digest('hex'), algorithm: 'sha-256' });

describe('a stock DDP client (simpleddp) against Perseid accounts', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  const clients: SimpleDDP[] = [];

  before(async () => {
    fx = await startAccountsFixture({ rateLimit: false });
  });
  after(async () => {
    for (const client of clients) await client.disconnect();
    await fx.stop();
  });

  async function connect(): Promise<SimpleDDP> {
    const client = new SimpleDDP({ endpoint: fx.url, SocketConstructor: WebSocket, reconnectInterval: 60_000, autoReconnect: false });
    clients.push(client);
    await client.connect();
    return client;
  }

  it('signs up, logs in with the digest, resumes with the token, and sees only its public user fields', async () => {
    const first = await connect();
    const created = (await first.call('createUser', { username: 'stock', email: 'stock@example.com', password: meteorDigest('pw') })) as {
      id: string;
      token: string;
      tokenExpires: unknown;
    };
    assert.equal(typeof created.id, 'string');
    assert.equal(created.token.length, 43);
    const second = await connect();
    const login = (await second.call('login', { user: { email: 'stock@example.com' }, password: meteorDigest('pw') })) as { id: string; token: string };
    assert.equal(login.id, created.id);
    const third = await connect();
    const resumed = (await third.call('login', { resume: login.token })) as { id: string; token: string };
    assert.deepEqual([resumed.id, resumed.token], [created.id, login.token]);
    while (third.collection(fx.usersName).fetch().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const [mine] = third.collection(fx.usersName).fetch();
    assert.deepEqual(Object.keys(mine ?? {}).sort(), ['emails', 'id', 'username']);
    await assert.rejects(third.call('login', { user: { username: 'stock' }, password: meteorDigest('nope') }));
  });
});
