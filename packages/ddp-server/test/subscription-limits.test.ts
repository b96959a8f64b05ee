import assert from 'node:assert/strict';
import type { MethodInvocation, Subscription } from '../src/index';
import { msg, RawClient, startTestServer, type Frame, type TestServer } from './helpers';

/** Subscription limits over real sockets: per connection, per user across connections. */
describe('subscription limits', function () {
  this.timeout(20_000);
  let t: TestServer;
  const clients: RawClient[] = [];

  async function connect(): Promise<RawClient> {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    return client;
  }

  /** The `ready` or `nosub` answering sub `id`. */
  async function subscribe(client: RawClient, id: string, name = 'feed', params: unknown[] = []): Promise<Frame> {
    client.send({ msg: 'sub', id, name, params });
    return client.next((frame) => (frame['msg'] === 'ready' && (frame['subs'] as string[]).includes(id)) || (frame['msg'] === 'nosub' && frame['id'] === id));
  }

  async function signIn(client: RawClient, userId: string): Promise<void> {
    const id = `login-${userId}-${client.frames.length}`;
    client.send({ msg: 'method', id, method: 'signIn', params: [userId] });
    const result = await client.next((frame) => frame['msg'] === 'result' && frame['id'] === id);
    assert.equal(result['error'], undefined);
  }

  const errorOf = (frame: Frame) => frame['error'] as { error: unknown; details?: unknown; errorType?: unknown } | undefined;

  async function start(limits: { maxSubscriptionsPerConnection?: number; maxSubscriptionsPerUser?: number }): Promise<void> {
    t = await startTestServer(limits);
    t.server.publish('feed', function (this: Subscription, key: unknown) {
      this.added('items', String(key ?? this.userId ?? 'anon'), { by: this.userId });
      this.ready();
    });
    t.server.methods({
      async signIn(this: MethodInvocation, userId: string) {
        await this.setUserId(userId);
      },
    });
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await t.close();
  });

  it('refuses a subscription past the per-connection limit with nosub ddp.too-many-subscriptions; the connection stays up', async () => {
    await start({ maxSubscriptionsPerConnection: 3 });
    const client = await connect();
    for (const id of ['a', 'b', 'c']) assert.equal((await subscribe(client, id, 'feed', [id]))['msg'], 'ready');
    const refused = await subscribe(client, 'd', 'feed', ['d']);
    assert.equal(refused['msg'], 'nosub');
    assert.deepEqual(errorOf(refused), {
      error: 'ddp.too-many-subscriptions',
      reason: 'Too many subscriptions on this connection (limit 3)',
      message: 'Too many subscriptions on this connection (limit 3) [ddp.too-many-subscriptions]',
      errorType: 'Meteor.Error',
      details: { scope: 'connection', limit: 3 },
    });
    assert.equal(client.closeCode, undefined, 'the socket stays open');
    // Room comes back when the client lets one go.
    client.send({ msg: 'unsub', id: 'a' });
    await client.next((frame) => frame['msg'] === 'nosub' && frame['id'] === 'a');
    assert.equal((await subscribe(client, 'e', 'feed', ['e']))['msg'], 'ready');
    // A subscription the server ends on its own frees its place too.
    t.server.publish('fails', function (this: Subscription) {
      this.error(new Error('no'));
    });
    client.send({ msg: 'unsub', id: 'b' });
    await client.next((frame) => frame['msg'] === 'nosub' && frame['id'] === 'b');
    assert.equal(errorOf(await subscribe(client, 'f', 'fails'))?.error, 500);
    assert.equal((await subscribe(client, 'g', 'feed', ['g']))['msg'], 'ready');
    assert.equal(t.server.subscriptionCountOfUser('nobody'), 0);
  });

  it("counts a signed-in user's subscriptions over all their connections; another user is unaffected", async () => {
    await start({ maxSubscriptionsPerConnection: 3, maxSubscriptionsPerUser: 4 });
    const first = await connect();
    const second = await connect();
    const other = await connect();
    await signIn(first, 'u1');
    await signIn(second, 'u1');
    await signIn(other, 'u2');
    for (const id of ['a', 'b', 'c']) assert.equal((await subscribe(first, id, 'feed', [id]))['msg'], 'ready');
    assert.equal((await subscribe(second, 'd', 'feed', ['d']))['msg'], 'ready');
    const refused = await subscribe(second, 'e', 'feed', ['e']);
    assert.equal(errorOf(refused)?.error, 'ddp.too-many-subscriptions');
    assert.deepEqual(errorOf(refused)?.details, { scope: 'user', limit: 4 });
    for (const id of ['x', 'y', 'z']) assert.equal((await subscribe(other, id, 'feed', [id]))['msg'], 'ready', 'u2 has a budget of its own');
    // A connection the client ends gives its subscriptions back to the user.
    first.send({ msg: 'disconnect' });
    await first.whenClosed();
    for (const id of ['e2', 'f2']) assert.equal((await subscribe(second, id, 'feed', [id]))['msg'], 'ready');
  });

  it('ends the subscriptions made while signed out that would put the user past the limit when they sign in', async () => {
    await start({ maxSubscriptionsPerConnection: 3, maxSubscriptionsPerUser: 4 });
    const signedIn = await connect();
    await signIn(signedIn, 'u1');
    for (const id of ['a', 'b']) assert.equal((await subscribe(signedIn, id, 'feed', [id]))['msg'], 'ready');
    const late = await connect();
    for (const id of ['p', 'q', 'r']) assert.equal((await subscribe(late, id, 'feed', [id]))['msg'], 'ready');
    await signIn(late, 'u1');
    // The login's result follows the re-run subscriptions, so the nosub is already in.
    const ended = late.frames.find(msg('nosub'));
    assert.ok(ended !== undefined);
    assert.equal(ended['id'], 'r', 'the newest goes; the oldest are kept');
    assert.deepEqual(errorOf(ended)?.details, { scope: 'user', limit: 4 });
    // Its document went with it, before the nosub.
    const removedR = late.frames.findIndex((frame) => frame['msg'] === 'removed' && frame['id'] === 'r');
    assert.ok(removedR !== -1 && removedR < late.frames.indexOf(ended));
    assert.equal(t.server.subscriptionCountOfUser('u1'), 4);
    assert.equal(errorOf(await subscribe(signedIn, 'c', 'feed', ['c']))?.error, 'ddp.too-many-subscriptions');
  });
});
