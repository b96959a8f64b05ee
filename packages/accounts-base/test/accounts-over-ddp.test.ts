import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { LoginMethodResult } from '@perseid/accounts-base';
import { digestPassword } from '../src/index';
import { startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';
import type { RawDdpClient } from './raw-ddp-client';
import { eventually } from '../../../tests/helpers/eventually';

const DAY = 24 * 60 * 60 * 1000;

function asLogin(value: unknown): LoginMethodResult {
  const result = value as LoginMethodResult;
  assert.equal(typeof result.id, 'string');
  assert.equal(typeof result.token, 'string');
  assert.ok(result.tokenExpires instanceof Date);
  return result;
}

describe('accounts over DDP (real server, minimongod, WebSocket client)', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  let seq = 0;
  const fresh = () => `user${++seq}`;

  before(async () => {
    fx = await startAccountsFixture({ rateLimit: false });
  });
  after(async () => {
    await fx.stop();
  });

  async function signUp(client: RawDdpClient, name = fresh(), password = `pw-${name}`): Promise<{ name: string; password: string; login: LoginMethodResult }> {
    const login = asLogin(
      await client.call('createUser', { username: name, email: `${name}@Example.com`, password: await digestPassword(password), profile: { name } }),
    );
    return { name, password, login };
  }

  it('creates a user and logs the connection in, storing neither the token nor the password in plain', async () => {
    const client = await fx.connect();
    const before = Date.now();
    const { name, password, login } = await signUp(client);
    assert.match(login.token, /^[A-Za-z0-9_-]{43}$/);
    const expiresIn = login.tokenExpires.getTime() - before;
    assert.ok(expiresIn > 89 * DAY && expiresIn < 91 * DAY, 'tokens last 90 days by default');
    const stored = await fx.users.findOneAsync({ _id: login.id });
    assert.ok(stored);
    assert.equal(stored.username, name);
    const tokens = stored.services?.resume?.loginTokens ?? [];
    assert.deepEqual(
      tokens.map((t) => t.hashedToken),
      [createHash('sha256').update(login.token).digest('base64')],
    );
    const serialized = JSON.stringify(stored);
    assert.ok(!serialized.includes(login.token), 'the plain token is never stored');
    assert.ok(!serialized.includes(password), 'the plain password is never stored');
    assert.ok(!serialized.includes((await digestPassword(password)).digest), 'nor its digest');
    assert.match(stored.services?.password?.argon2 ?? '', /^\$argon2id\$/);
  });

  it('logs in by username and by email (any case), and publishes the own user without services', async () => {
    const creator = await fx.connect();
    const { name, password, login } = await signUp(creator);
    const byName = await fx.connect();
    const viaName = asLogin(await byName.call('login', { user: { username: name }, password: await digestPassword(password) }));
    assert.equal(viaName.id, login.id);
    assert.notEqual(viaName.token, login.token, 'each login gets its own token');
    const byEmail = await fx.connect();
    const viaEmail = asLogin(await byEmail.call('login', { user: { email: `${name.toUpperCase()}@example.COM` }, password: await digestPassword(password) }));
    assert.equal(viaEmail.id, login.id);
    await eventually('the user document arrives', () => byEmail.collection(fx.usersName).has(login.id));
    const published = byEmail.collection(fx.usersName).get(login.id);
    assert.deepEqual(Object.keys(published ?? {}).sort(), ['emails', 'profile', 'username']);
    assert.equal(published?.username, name);
    assert.equal(byEmail.collection(fx.usersName).size, 1, 'only the own user document is published');
  });

  it('answers a wrong password and an unknown user with the same error', async () => {
    const client = await fx.connect();
    const { name } = await signUp(client);
    const other = await fx.connect();
    const wrong = await other.refused('login', { user: { username: name }, password: await digestPassword('nope') });
    const unknown = await other.refused('login', { user: { username: `nobody-${name}` }, password: await digestPassword('nope') });
    assert.deepEqual(wrong, unknown);
    assert.equal(wrong.error, 403);
  });

  it('refuses malformed login requests and plain-text passwords with clear errors', async () => {
    const client = await fx.connect();
    assert.equal((await client.refused('login', 'not an object')).error, 400);
    assert.match((await client.refused('login', { user: { username: 'x' }, password: 'plain text' })).reason ?? '', /digest/);
    assert.match((await client.refused('login', { user: { nickname: 'x' }, password: await digestPassword('p') })).reason ?? '', /username/);
    assert.match((await client.refused('login', { oauth: 'x' })).reason ?? '', /Unrecognized/);
  });

  it('resumes a session on a new connection with the stored token', async () => {
    const first = await fx.connect();
    const { login } = await signUp(first);
    await first.close();
    const second = await fx.connect();
    const resumed = asLogin(await second.call('login', { resume: login.token }));
    assert.equal(resumed.id, login.id);
    assert.equal(resumed.token, login.token, 'resume keeps the same token');
    await eventually('the second client gets the user document', () => second.collection(fx.usersName).has(login.id));
  });

  it('logs out: the token is destroyed and the user document leaves the client', async () => {
    const client = await fx.connect();
    const { login } = await signUp(client);
    await eventually('the user document arrives', () => client.collection(fx.usersName).has(login.id));
    await client.call('logout');
    await eventually('the user document is removed', () => !client.collection(fx.usersName).has(login.id));
    const stored = await fx.users.findOneAsync({ _id: login.id });
    assert.deepEqual(stored?.services?.resume?.loginTokens, []);
    const again = await fx.connect();
    assert.match((await again.refused('login', { resume: login.token })).reason ?? '', /logged out/);
  });

  it('logs out everywhere else: other connections are closed and their tokens stop working', async () => {
    const a = await fx.connect();
    const { name, password, login } = await signUp(a);
    const b = await fx.connect();
    const bLogin = asLogin(await b.call('login', { user: { username: name }, password: await digestPassword(password) }));
    const fresh = asLogin(await a.call('logoutOtherClients'));
    assert.notEqual(fresh.token, login.token);
    await b.closed;
    const c = await fx.connect();
    assert.equal((await c.refused('login', { resume: bLogin.token })).error, 403);
    assert.equal((await c.refused('login', { resume: login.token })).error, 403, 'the old token of this client is gone too');
    assert.equal(asLogin(await c.call('login', { resume: fresh.token })).id, login.id);
    assert.ok(a.isOpen, 'the calling client stays connected');
  });

  it('expires tokens after loginExpirationInDays', async () => {
    const client = await fx.connect();
    const { login } = await signUp(client);
    fx.advance(91 * DAY);
    try {
      const later = await fx.connect();
      assert.match((await later.refused('login', { resume: login.token })).reason ?? '', /expired/);
      await fx.accounts.expireTokens();
      const stored = await fx.users.findOneAsync({ _id: login.id });
      assert.deepEqual(stored?.services?.resume?.loginTokens, [], 'the sweep deletes expired tokens');
      await client.closed;
    } finally {
      fx.advance(-91 * DAY);
    }
  });

  it('never expires tokens with loginExpirationInDays: null', async () => {
    fx.accounts.config({ loginExpirationInDays: null });
    try {
      const client = await fx.connect();
      const { login } = await signUp(client);
      assert.ok(login.tokenExpires.getTime() > Date.now() + 50 * 365 * DAY);
      fx.advance(1000 * DAY);
      try {
        assert.equal(asLogin(await (await fx.connect()).call('login', { resume: login.token })).id, login.id);
      } finally {
        fx.advance(-1000 * DAY);
      }
    } finally {
      fx.accounts.config({ loginExpirationInDays: 90 });
    }
  });

  it('switches the published user when a connection logs in as someone else', async () => {
    const a = await signUp(await fx.connect());
    const b = await signUp(await fx.connect());
    const client = await fx.connect();
    asLogin(await client.call('login', { user: { username: a.name }, password: await digestPassword(a.password) }));
    await eventually("user a's document arrives", () => client.collection(fx.usersName).has(a.login.id));
    asLogin(await client.call('login', { user: { username: b.name }, password: await digestPassword(b.password) }));
    await eventually(
      "the client holds user b's document and not a's",
      () => client.collection(fx.usersName).has(b.login.id) && !client.collection(fx.usersName).has(a.login.id),
    );
  });

  it('changing the password logs out other sessions and only the new password works', async () => {
    const a = await fx.connect();
    const { name, password, login } = await signUp(a);
    const b = await fx.connect();
    asLogin(await b.call('login', { user: { username: name }, password: await digestPassword(password) }));
    assert.match((await a.refused('changePassword', await digestPassword('wrong'), await digestPassword('new-pw'))).reason ?? '', /Incorrect password/);
    assert.deepEqual(await a.call('changePassword', await digestPassword(password), await digestPassword('new-pw')), { passwordChanged: true });
    await b.closed;
    const c = await fx.connect();
    assert.equal((await c.refused('login', { user: { username: name }, password: await digestPassword(password) })).error, 403);
    assert.equal(asLogin(await c.call('login', { user: { username: name }, password: await digestPassword('new-pw') })).id, login.id);
    assert.equal(asLogin(await (await fx.connect()).call('login', { resume: login.token })).id, login.id, "the changer's own session survives");
    assert.equal((await (await fx.connect()).refused('changePassword', await digestPassword('a'), await digestPassword('b'))).error, 401);
  });

  it('resets a forgotten password with the emailed token, which works once', async () => {
    const client = await fx.connect();
    const { name, password, login } = await signUp(client);
    const anon = await fx.connect();
    fx.outbox.length = 0;
    assert.equal(await anon.call('forgotPassword', { email: 'nobody@example.com' }), undefined);
    assert.equal(await anon.call('forgotPassword', { email: `${name}@example.com` }), undefined, 'the same answer either way');
    await eventually('a mail is sent', () => fx.outbox.length > 0);
    assert.equal(fx.outbox.length, 1, 'unknown addresses get no mail');
    const mail = fx.outbox[0];
    assert.equal(mail?.to, `${name}@Example.com`);
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    assert.ok(token);
    const stored = JSON.stringify(await fx.users.findOneAsync({ _id: login.id }));
    assert.ok(!stored.includes(token), 'the reset token is stored hashed');
    const reset = asLogin(await anon.call('resetPassword', token, await digestPassword('brand-new')));
    assert.equal(reset.id, login.id);
    await client.closed;
    const c = await fx.connect();
    assert.equal((await c.refused('login', { user: { username: name }, password: await digestPassword(password) })).error, 403);
    asLogin(await c.call('login', { user: { username: name }, password: await digestPassword('brand-new') }));
    assert.match((await c.refused('resetPassword', token, await digestPassword('again'))).reason ?? '', /Token expired/);
    const user = await fx.users.findOneAsync({ _id: login.id });
    assert.equal(user?.emails?.[0]?.verified, true, 'resetting by mail proves the address');
  });

  it('enrols a user created without a password, and expires reset links after 3 days', async () => {
    const id = await fx.accounts.createUser({ username: 'invitee', email: 'invitee@example.com' });
    const enrol = await fx.accounts.sendEnrollmentEmail(id);
    assert.match(enrol.url, /#\/enroll-account\//);
    const client = await fx.connect();
    assert.equal(asLogin(await client.call('resetPassword', enrol.token, await digestPassword('first'))).id, id);
    const reset = await fx.accounts.sendResetPasswordEmail(id);
    fx.advance(4 * DAY);
    try {
      assert.match((await client.refused('resetPassword', reset.token, await digestPassword('second'))).reason ?? '', /Token expired/);
    } finally {
      fx.advance(-4 * DAY);
    }
    asLogin(await (await fx.connect()).call('login', { user: { username: 'invitee' }, password: await digestPassword('first') }));
  });

  it("creates users on the server with createUserAsync, Meteor 3's name, as with createUser", async () => {
    const id = await fx.accounts.createUserAsync({ username: 'async-made', email: 'async-made@example.com', password: 'async-pass' });
    assert.equal((await fx.users.findOneAsync({ _id: id }))?.username, 'async-made');
    asLogin(await (await fx.connect()).call('login', { user: { username: 'async-made' }, password: await digestPassword('async-pass') }));
    await assert.rejects(fx.accounts.createUserAsync({ username: 'async-made', password: 'again' }), /Username already exists/);
  });

  it('verifies an email address with the mailed token and logs in', async () => {
    const client = await fx.connect();
    const { login } = await signUp(client);
    fx.outbox.length = 0;
    const sent = await fx.accounts.sendVerificationEmail(login.id);
    assert.match(fx.outbox[0]?.text ?? '', /verify-email\//);
    const other = await fx.connect();
    assert.equal(asLogin(await other.call('verifyEmail', sent.token)).id, login.id);
    assert.equal((await fx.users.findOneAsync({ _id: login.id }))?.emails?.[0]?.verified, true);
    assert.equal((await other.refused('verifyEmail', sent.token)).error, 403);
  });

  it('verifies bcrypt hashes imported from Meteor and rehashes them to argon2id at login', async () => {
    const password = 'legacy-secret';
    const digest = (await digestPassword(password)).digest;
    const id = (await fx.users.insertAsync({
      createdAt: new Date(),
      username: 'legacy',
      services: { password: { bcrypt: bcrypt.hashSync(digest, 4) } },
    })) as string;
    const client = await fx.connect();
    assert.equal(asLogin(await client.call('login', { user: { id }, password: await digestPassword(password) })).id, id);
    const stored = await fx.users.findOneAsync({ _id: id });
    assert.match(stored?.services?.password?.argon2 ?? '', /^\$argon2id\$/);
    assert.equal(stored?.services?.password?.bcrypt, undefined);
    asLogin(await (await fx.connect()).call('login', { user: { username: 'legacy' }, password: await digestPassword(password) }));
  });

  it('runs the login hooks and lets validateLoginAttempt refuse', async () => {
    const client = await fx.connect();
    const { name, password } = await signUp(client);
    const seen: string[] = [];
    const onLogin = fx.accounts.onLogin((attempt) => void seen.push(`login:${attempt.type}`));
    const onFailure = fx.accounts.onLoginFailure((attempt) => void seen.push(`failure:${attempt.error?.reason ?? ''}`));
    const validate = fx.accounts.validateLoginAttempt((attempt) => attempt.user?.username !== name || attempt.methodName !== 'login');
    try {
      const other = await fx.connect();
      assert.match((await other.refused('login', { user: { username: name }, password: await digestPassword(password) })).reason ?? '', /Login forbidden/);
      validate.stop();
      asLogin(await other.call('login', { user: { username: name }, password: await digestPassword(password) }));
      assert.deepEqual(seen, ['failure:Login forbidden', 'login:password']);
      const onLogout = fx.accounts.onLogout((info) => void seen.push(`logout:${info.user?.username ?? ''}:${info.connection === null ? 'none' : 'conn'}`));
      await other.call('logout');
      onLogout.stop();
      assert.equal(seen.at(-1), `logout:${name}:conn`);
    } finally {
      onLogin.stop();
      onFailure.stop();
      validate.stop();
    }
  });

  it('enforces sign-up rules: unique names, forbidClientAccountCreation, email domains', async () => {
    const client = await fx.connect();
    const { name } = await signUp(client);
    const other = await fx.connect();
    const digest = await digestPassword('x');
    const taken = await other.refused('createUser', { username: name.toUpperCase(), password: digest });
    assert.match(taken.reason ?? '', /Username already exists/);
    assert.equal(taken.error, 403);
    assert.deepEqual(taken.details, { code: 'accounts.username-taken' });
    assert.match(
      (await other.refused('createUser', { username: `z${name}`, email: `${name}@example.com`, password: digest })).reason ?? '',
      /Email already exists/,
    );
    assert.match((await other.refused('createUser', { password: digest })).reason ?? '', /username or email/);
    fx.accounts.config({ restrictCreationByEmailDomain: 'perseid.dev' });
    assert.match((await other.refused('createUser', { email: `${fresh()}@example.com`, password: digest })).reason ?? '', /@perseid.dev email required/);
    fx.accounts.config({ restrictCreationByEmailDomain: null, forbidClientAccountCreation: true });
    try {
      assert.match((await other.refused('createUser', { username: fresh(), password: digest })).reason ?? '', /Signups forbidden/);
      assert.equal(typeof (await fx.accounts.createUser({ username: fresh(), password: 'server-side plain' })), 'string', 'server code can still create users');
    } finally {
      fx.accounts.config({ forbidClientAccountCreation: false });
    }
    assert.throws(() => fx.accounts.config({ loginExpirationInDay: 3 }), /invalid key/);
  });

  it('server API: setPasswordAsync, addEmailAsync and the finders', async () => {
    const id = await fx.accounts.createUser({ username: 'Server_Made', email: 'made@example.com', password: 'one' });
    assert.equal((await fx.accounts.findUserByUsername('server_made'))?._id, id);
    assert.equal((await fx.accounts.findUserByEmail('MADE@example.com'))?._id, id);
    await fx.accounts.addEmailAsync(id, 'second@example.com', true);
    assert.equal((await fx.accounts.findUserByEmail('second@example.com'))?._id, id);
    await fx.accounts.setPasswordAsync(id, 'two');
    const client = await fx.connect();
    asLogin(await client.call('login', { user: { email: 'second@example.com' }, password: await digestPassword('two') }));
    await assert.rejects(fx.accounts.addEmailAsync(await fx.accounts.createUser({ username: fresh() }), 'made@example.com'), /Email already exists/);
  });

  // Last in this block: onCreateUser can be set once per accounts instance.
  it('hands the sign-up options a client sent, beyond username, email and profile, to onCreateUser as Meteor does', async () => {
    const seen: Record<string, unknown>[] = [];
    fx.accounts.onCreateUser((options, user) => {
      seen.push({ ...options });
      return { ...user, ...(options.profile !== undefined ? { profile: options.profile } : {}) };
    });
    const client = await fx.connect();
    const name = fresh();
    asLogin(await client.call('createUser', { username: name, password: await digestPassword('x'), profile: { name }, inviteToken: 'abc' }));
    assert.deepEqual(seen, [{ username: name, profile: { name }, inviteToken: 'abc' }]);
  });
});

describe('default login rate limit over DDP', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  before(async () => {
    fx = await startAccountsFixture({ rateLimit: true });
  });
  after(async () => {
    await fx.stop();
  });

  it('refuses the 6th login attempt within 10 seconds on a connection, with timeToReset', async () => {
    const client = await fx.connect();
    const attempt = async () => client.refused('login', { user: { username: 'ghost' }, password: await digestPassword('guess') });
    for (let i = 0; i < 5; i++) assert.equal((await attempt()).error, 403);
    const sixth = await attempt();
    assert.equal(sixth.error, 'too-many-requests');
    const timeToReset = (sixth.details as { timeToReset?: number }).timeToReset ?? 0;
    assert.ok(timeToReset > 0 && timeToReset <= 10_000);
    const otherConnection = await fx.connect();
    // Another account: 'ghost' itself has had its five wrong passwords from this address.
    assert.equal(
      (await otherConnection.refused('login', { user: { username: 'ghost2' }, password: await digestPassword('guess') })).error,
      403,
      'counted per connection',
    );
    fx.advance(10_001);
    assert.equal((await attempt()).error, 403, 'allowed again after the window');
  });

  it('limits subscriptions by name too, answering nosub with too-many-requests', async () => {
    fx.server.publish('limited', function (this: { ready(): void }) {
      this.ready();
    });
    const rule = fx.limiter.addRule({ type: 'subscription', name: 'limited' }, 1, 10_000);
    try {
      const client = await fx.connect();
      assert.equal(await client.sub('limited'), undefined);
      const refused = await client.sub('limited');
      assert.equal(refused?.error, 'too-many-requests');
    } finally {
      fx.limiter.removeRule(rule);
    }
  });
});

describe('accounts methods under audit-argument-checks', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  before(async () => {
    fx = await startAccountsFixture({ rateLimit: false, audit: true });
  });
  after(async () => {
    await fx.stop();
  });

  it('sign up, log in, resume, change password and log out all pass the audit', async () => {
    const client = await fx.connect();
    const login = asLogin(await client.call('createUser', { username: 'audited', password: await digestPassword('one') }));
    asLogin(await client.call('login', { user: { username: 'audited' }, password: await digestPassword('one') }));
    asLogin(await client.call('login', { resume: login.token }));
    assert.deepEqual(await client.call('changePassword', await digestPassword('one'), await digestPassword('two')), { passwordChanged: true });
    await client.call('forgotPassword', { email: 'nobody@example.com' });
    await client.call('logout');
  });

  it('shapes new users with onCreateUser (once only) and mails a verification link when configured', async () => {
    fx.accounts.onCreateUser((options, user) => ({ ...user, role: 'member', profile: { shown: String(options.profile?.name ?? '') } }));
    assert.throws(() => fx.accounts.onCreateUser((_o, user) => user), /only call onCreateUser once/);
    fx.accounts.config({ sendVerificationEmail: true });
    const client = await fx.connect();
    const login = asLogin(
      await client.call('createUser', { username: 'shaped', email: 'shaped@example.com', password: await digestPassword('pw'), profile: { name: 'Shaped' } }),
    );
    const stored = await fx.users.findOneAsync({ _id: login.id });
    assert.equal(stored?.role, 'member');
    assert.deepEqual(stored?.profile, { shown: 'Shaped' });
    assert.equal(fx.outbox.length, 1);
    assert.equal(fx.outbox[0]?.to, 'shaped@example.com');
    assert.match(fx.outbox[0]?.text ?? '', /http:\/\/perseid\.test\/#\/verify-email\//);
  });
});
