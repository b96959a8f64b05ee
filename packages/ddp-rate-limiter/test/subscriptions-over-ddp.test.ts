import assert from 'node:assert/strict';
import type { Subscription } from '@perseid/ddp-server';
import { RawClient, startTestServer, type Frame, type TestServer } from '../../ddp-server/test/helpers';
import { DdpRateLimiter, installDdpRateLimiter } from '../src/index';

/** DDPRateLimiter rules with `type: 'subscription'` refuse `sub` messages as Meteor's do. */
describe('DDPRateLimiter over DDP: subscription rules', function () {
  this.timeout(20_000);
  let t: TestServer;
  let now = 1_000_000;
  let limiter: DdpRateLimiter;
  const clients: RawClient[] = [];

  beforeEach(async () => {
    t = await startTestServer();
    t.server.publish('feed', function (this: Subscription) {
      this.ready();
    });
    t.server.publish('other', function (this: Subscription) {
      this.ready();
    });
    limiter = new DdpRateLimiter({ now: () => now });
    installDdpRateLimiter(t.server, limiter);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await t.close();
  });

  async function connect(): Promise<RawClient> {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    return client;
  }

  let nextId = 0;
  async function subscribe(client: RawClient, name: string): Promise<Frame> {
    const id = `s${nextId++}`;
    client.send({ msg: 'sub', id, name, params: [] });
    return client.next((frame) => (frame['msg'] === 'ready' && (frame['subs'] as string[]).includes(id)) || (frame['msg'] === 'nosub' && frame['id'] === id));
  }

  it('refuses the subscription past the rule with nosub too-many-requests and timeToReset, per connection', async () => {
    limiter.addRule({ type: 'subscription', name: 'feed', connectionId: () => true }, 2, 10_000);
    limiter.addRule({ type: 'method', name: 'other' }, 0, 10_000);
    const client = await connect();
    assert.equal((await subscribe(client, 'feed'))['msg'], 'ready');
    now += 4_000;
    assert.equal((await subscribe(client, 'feed'))['msg'], 'ready');
    const refused = await subscribe(client, 'feed');
    assert.equal(refused['msg'], 'nosub');
    const error = refused['error'] as { error: unknown; details: { timeToReset: number }; reason: string };
    assert.equal(error.error, 'too-many-requests');
    assert.equal(error.details.timeToReset, 6_000);
    assert.match(error.reason, /wait 6 seconds/);
    assert.equal((await subscribe(client, 'other'))['msg'], 'ready', 'a method rule does not touch subscriptions');
    assert.equal((await subscribe(await connect(), 'feed'))['msg'], 'ready', 'another connection has its own count');
    now += 6_000;
    assert.equal((await subscribe(client, 'feed'))['msg'], 'ready', 'the window has passed');
    assert.equal(client.closeCode, undefined);
  });
});
