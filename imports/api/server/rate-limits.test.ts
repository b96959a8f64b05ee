import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { chatClientsPerTest, errorCodeOf } from '/tests/helpers/chat-test-client';
import { METHOD_RATE_LIMITS, SUBSCRIPTIONS_PER_CONNECTION } from './rate-limits';

describe('app rate limits (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();

  it('refuses a connection that subscribes and unsubscribes in a loop, with too-many-requests; another connection is unaffected', async () => {
    const looping = await testClients.signUp('looper');
    for (let i = 0; i < SUBSCRIPTIONS_PER_CONNECTION.count; i++) (await looping.subscribe('users.directory')).stop();
    const refused = await looping.subscribe('users.directory').then(
      () => undefined,
      (error: unknown) => error as { error?: unknown; details?: { timeToReset?: unknown } },
    );
    assert.equal(refused?.error, 'too-many-requests');
    assert.equal(typeof refused?.details?.timeToReset, 'number');
    const other = await testClients.signUp('calm');
    await other.subscribe('users.directory');
  });

  // The methods behind the panels (pins, saved, notifications, custom emoji, the admin console):
  // each refuses a burst past its count with too-many-requests, whatever the calls carried.
  const PANEL_METHODS = [
    'messages.pin',
    'messages.save',
    'channels.setNotifications',
    'users.setNotifyPrefs',
    'emoji.add',
    'emoji.remove',
    'users.setDeactivated',
    'users.setRole',
    'users.reset',
    'workspace.setName',
    'workspace.setSignupPolicy',
    'workspace.setDefaultChannels',
    'invites.create',
    'invites.revoke',
  ];

  it('limits each panel method per person: a burst past its count is refused with too-many-requests, another person is unaffected', async () => {
    const burst = await testClients.signUp('burst');
    const calm = await testClients.signUp('calm');
    for (const name of PANEL_METHODS) {
      const rule = METHOD_RATE_LIMITS.find((r) => r.name === name);
      assert.ok(rule !== undefined, `${name} has a rate limit`);
      // Malformed calls: refused by the schema, so nothing changes, yet each one counts.
      for (let i = 0; i < rule.count; i++) assert.equal(await errorCodeOf(burst.call(name, { malformed: true })), 'validation-error', `${name} #${i + 1}`);
      assert.equal(await errorCodeOf(burst.call(name, { malformed: true })), 'too-many-requests', `${name} past ${rule.count}`);
      assert.equal(await errorCodeOf(calm.call(name, { malformed: true })), 'validation-error', `${name} for another person`);
    }
  });
});
