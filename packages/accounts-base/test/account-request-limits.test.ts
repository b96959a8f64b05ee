import assert from 'node:assert/strict';
import { digestPassword } from '../src/index';
import { startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';
import { DdpCallError } from './raw-ddp-client';
import type { RawDdpClient, WireError } from './raw-ddp-client';

const MINUTE = 60_000;
const from = (address: string) => ({ 'x-forwarded-for': address });
const waitOf = (error: WireError) => (error.details as { timeToReset?: unknown } | undefined)?.timeToReset;

/** Outcome of one call as a client sees it: 'ok' or the error's code. */
async function outcome(client: RawDdpClient, method: string, ...params: unknown[]): Promise<'ok' | WireError> {
  try {
    await client.call(method, ...params);
    return 'ok';
  } catch (error) {
    if (error instanceof DdpCallError) return error.wire;
    throw error;
  }
}

/**
 * Sign-up and reset-mail flooding over many connections (real server, minimongod, WebSockets),
 * the server behind one proxy so each client's address comes from X-Forwarded-For. Meteor's
 * per-connection rule (5 per 10 s) stays in force and is escaped by opening more sockets.
 */
describe('sign-up and reset-mail limits across connections', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;

  beforeEach(async () => {
    fx = await startAccountsFixture({ rateLimit: true, httpForwardedCount: 1 });
  });
  afterEach(async () => {
    await fx.stop();
  });

  async function sockets(count: number, address: string): Promise<RawDdpClient[]> {
    return Promise.all(Array.from({ length: count }, () => fx.connect(from(address))));
  }

  it('lets one address sign up 20 users per 10 minutes, however many sockets it uses; others are not held back', async () => {
    const password = await digestPassword('pw');
    const flood = await sockets(30, '203.0.113.9');
    const answers = await Promise.all(flood.map((socket, i) => outcome(socket, 'createUser', { username: `flood${i}`, password })));
    assert.equal(answers.filter((a) => a === 'ok').length, 20);
    const refused = answers.filter((a): a is WireError => a !== 'ok');
    assert.equal(refused.length, 10);
    for (const error of refused) {
      assert.equal(error.error, 'too-many-requests');
      const wait = waitOf(error);
      assert.ok(typeof wait === 'number' && wait > 0 && wait <= 10 * MINUTE, `timeToReset ${String(wait)}`);
    }
    assert.equal(await fx.users.countDocuments({ username: /^flood/ }), 20);

    const [neighbour] = await sockets(1, '198.51.100.4');
    assert.equal(await outcome(neighbour as RawDdpClient, 'createUser', { username: 'neighbour', password }), 'ok');

    fx.advance(10 * MINUTE);
    const [later] = await sockets(1, '203.0.113.9');
    assert.equal(await outcome(later as RawDdpClient, 'createUser', { username: 'later', password }), 'ok');
  });

  it('mails one address at most 3 reset links per hour, asked from anywhere; unknown addresses are refused alike', async () => {
    await fx.accounts.createUser({ username: 'victim', email: 'victim@example.com', password: 'x' });
    const askers = await Promise.all(Array.from({ length: 6 }, (_, i) => fx.connect(from(`192.0.2.${i + 1}`))));
    const known: Array<'ok' | WireError> = [];
    const unknown: Array<'ok' | WireError> = [];
    for (const [i, asker] of askers.entries()) {
      known.push(await outcome(asker, 'forgotPassword', { email: i % 2 === 0 ? 'victim@example.com' : 'VICTIM@example.com' }));
      unknown.push(await outcome(asker, 'forgotPassword', { email: 'nobody@example.com' }));
    }
    const codes = (answers: Array<'ok' | WireError>) => answers.map((a) => (a === 'ok' ? 'ok' : a.error));
    assert.deepEqual(codes(known), ['ok', 'ok', 'ok', 'too-many-requests', 'too-many-requests', 'too-many-requests']);
    assert.deepEqual(codes(unknown), codes(known), 'the refusals tell nothing about which addresses exist');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fx.outbox.filter((mail) => mail.to === 'victim@example.com').length, 3);
    fx.advance(60 * MINUTE);
    assert.equal(await outcome(askers[0] as RawDdpClient, 'forgotPassword', { email: 'victim@example.com' }), 'ok');
  });

  it('lets one address ask for 20 reset mails per hour over any number of sockets and targets', async () => {
    const flood = await sockets(25, '203.0.113.10');
    const answers = await Promise.all(flood.map((socket, i) => outcome(socket, 'forgotPassword', { email: `target${i}@example.com` })));
    assert.equal(answers.filter((a) => a === 'ok').length, 20);
    assert.ok(answers.every((a) => a === 'ok' || (a.error === 'too-many-requests' && typeof waitOf(a) === 'number')));
  });
});
