import assert from 'node:assert/strict';
import type { LoginMethodResult } from '@perseid/accounts-base';
import { digestPassword } from '../src/index';
import { startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';
import type { RawDdpClient, WireError } from './raw-ddp-client';

const MINUTE = 60_000;
const from = (address: string) => ({ 'x-forwarded-for': address });

/**
 * Password guessing over many connections (real server, minimongod, WebSockets), the server
 * behind one proxy so each client's address comes from X-Forwarded-For.
 */
describe('wrong-password limits across connections', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;

  beforeEach(async () => {
    fx = await startAccountsFixture({
      rateLimit: true,
      httpForwardedCount: 1,
      // A first wait of a minute: long against the real time a test takes, so only the injected
      // clock (fx.advance) ends a wait.
      loginAttemptLimits: { perAccountAndAddress: { firstDelayMs: MINUTE }, perAccount: { freeFailures: 8 } },
    });
    await fx.accounts.createUser({ username: 'target', email: 'target@example.com', password: 'right' });
    await fx.accounts.createUser({ username: 'bystander', password: 'theirs' });
  });
  afterEach(async () => {
    await fx.stop();
  });

  async function attempt(client: RawDdpClient, username: string, password: string): Promise<WireError | LoginMethodResult> {
    const params = { user: { username }, password: await digestPassword(password) };
    try {
      return (await client.call('login', params)) as LoginMethodResult;
    } catch {
      return client.refused('login', params);
    }
  }

  async function refusal(client: RawDdpClient, username: string, password: string): Promise<WireError> {
    return client.refused('login', { user: { username }, password: await digestPassword(password) });
  }

  const waitOf = (error: WireError) => (error.details as { timeToReset?: unknown } | undefined)?.timeToReset;

  it('many sockets from one address get 5 wrong passwords against an account, then waits that double', async () => {
    const sockets = await Promise.all(Array.from({ length: 12 }, () => fx.connect(from('203.0.113.66'))));
    const wrong = await digestPassword('guess');
    // 60 attempts at once: Meteor's per-connection limit (5 per 10 s) lets every one through.
    const answers = await Promise.all(
      sockets.flatMap((socket) => Array.from({ length: 5 }, () => socket.refused('login', { user: { username: 'target' }, password: wrong }))),
    );
    assert.equal(answers.filter((a) => a.error === 403).length, 5, 'five wrong passwords were checked');
    const refused = answers.filter((a) => a.error === 'too-many-requests');
    assert.equal(refused.length, 55);
    for (const error of refused) {
      const wait = waitOf(error);
      assert.ok(typeof wait === 'number' && wait > MINUTE - 5_000 && wait <= MINUTE, `timeToReset ${String(wait)}`);
    }

    // Each further failure doubles the wait: 1 min, 2, 4, 8, ...
    const fresh = await fx.connect(from('203.0.113.66'));
    for (const expected of [MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]) {
      const early = await refusal(fresh, 'target', 'guess');
      assert.equal(early.error, 'too-many-requests');
      const wait = waitOf(early) as number;
      assert.ok(wait > expected - 5_000 && wait <= expected, `waits ${wait} ms, about ${expected}`);
      fx.advance(wait);
      assert.equal((await refusal(fresh, 'target', 'guess')).error, 403, 'after the wait one more guess is checked');
    }
    // The same account from the same address cannot escape by changing how it names it.
    assert.equal((await refusal(fresh, 'TARGET', 'guess')).error, 'too-many-requests');
  });

  it('another user at the same address is unaffected', async () => {
    const attacker = await fx.connect(from('203.0.113.66'));
    for (let i = 0; i < 5; i++) assert.equal((await refusal(attacker, 'target', `guess${i}`)).error, 403);
    assert.equal((await refusal(attacker, 'target', 'guess')).error, 'too-many-requests');
    const neighbour = await fx.connect(from('203.0.113.66'));
    assert.equal((await refusal(neighbour, 'bystander', 'typo')).error, 403);
    const login = (await attempt(neighbour, 'bystander', 'theirs')) as LoginMethodResult;
    assert.equal(typeof login.token, 'string');
  });

  it('an address that never failed still gets the owner in while the account is under attack from many addresses', async () => {
    // Eight addresses, one wrong guess each: the account-wide allowance (8 here) is spent.
    for (let i = 1; i <= 8; i++) {
      const bot = await fx.connect(from(`192.0.2.${i}`));
      assert.equal((await refusal(bot, 'target', `guess${i}`)).error, 403);
    }
    // A bot that has failed before now waits for the account, though its own allowance is not spent.
    const again = await fx.connect(from('192.0.2.1'));
    const held = await refusal(again, 'target', 'guess-again');
    assert.equal(held.error, 'too-many-requests');
    assert.ok((waitOf(held) as number) > 0);
    // The owner, from an address with no failures against the account, signs in.
    const owner = await fx.connect(from('198.51.100.20'));
    const login = (await attempt(owner, 'target', 'right')) as LoginMethodResult;
    assert.equal(typeof login.token, 'string');
    // A new address with a wrong password gets its one guess, then waits with the others.
    const newBot = await fx.connect(from('192.0.2.99'));
    assert.equal((await refusal(newBot, 'target', 'guess')).error, 403);
    assert.equal((await refusal(newBot, 'target', 'guess')).error, 'too-many-requests');
  });

  it('an owner held back at their own address gets in with a reset link, which clears the failures', async () => {
    const shared = await fx.connect(from('203.0.113.66'));
    for (let i = 0; i < 5; i++) assert.equal((await refusal(shared, 'target', `guess${i}`)).error, 403);
    const ownerHere = await fx.connect(from('203.0.113.66'));
    assert.equal((await refusal(ownerHere, 'target', 'right')).error, 'too-many-requests', 'even the right password waits here');
    await ownerHere.call('forgotPassword', { email: 'target@example.com' });
    while (fx.outbox.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(fx.outbox[0]?.text ?? '')?.[1];
    assert.ok(token);
    const reset = (await ownerHere.call('resetPassword', token, await digestPassword('new-one'))) as LoginMethodResult;
    assert.equal(typeof reset.token, 'string');
    const later = await fx.connect(from('203.0.113.66'));
    const login = (await attempt(later, 'target', 'new-one')) as LoginMethodResult;
    assert.equal(typeof login.token, 'string', 'the failures before the reset no longer hold the owner back');
  });

  it('a stolen session cannot guess the password through changePassword either', async () => {
    const session = await fx.connect(from('203.0.113.66'));
    await attempt(session, 'bystander', 'theirs');
    const change = async () => session.refused('changePassword', await digestPassword('guess'), await digestPassword('mine now'));
    for (let i = 0; i < 5; i++) assert.equal((await change()).reason, 'Incorrect password');
    fx.advance(10_001); // past Meteor's per-connection window
    const refused = await change();
    assert.equal(refused.error, 'too-many-requests');
    assert.ok((waitOf(refused) as number) > MINUTE - 15_000);
  });

  it('does not take X-Forwarded-For from a client when no proxy is configured', async () => {
    const direct = await startAccountsFixture({ rateLimit: false });
    try {
      await direct.accounts.createUser({ username: 'victim', password: 'right' });
      // Each socket claims another address; without HTTP_FORWARDED_COUNT all are 127.0.0.1.
      for (let i = 0; i < 5; i++) {
        const socket = await direct.connect(from(`10.0.0.${i}`));
        assert.equal((await socket.refused('login', { user: { username: 'victim' }, password: await digestPassword('guess') })).error, 403);
      }
      const spoofed = await direct.connect(from('10.0.0.200'));
      assert.equal((await spoofed.refused('login', { user: { username: 'victim' }, password: await digestPassword('guess') })).error, 'too-many-requests');
    } finally {
      await direct.stop();
    }
  });
});
