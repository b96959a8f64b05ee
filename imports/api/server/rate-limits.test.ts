import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { chatClientsPerTest } from '/tests/helpers/chat-test-client';
import { SUBSCRIPTIONS_PER_CONNECTION } from './rate-limits';

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
});
