import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';

describe('presence and typing (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  it('shows a user online, away when they say so, offline when their connection closes', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    await ana.subscribe('presence');
    await bob.subscribe('presence');
    await eventually('bob online for ana', () => ana.presence.findOne({ _id: bob.id })?.state === 'online');
    await bob.call('presence.set', { state: 'away' });
    await eventually('bob away for ana', () => ana.presence.findOne({ _id: bob.id })?.state === 'away');
    await bob.call('presence.set', { state: 'online' });
    await eventually('bob back online', () => ana.presence.findOne({ _id: bob.id })?.state === 'online');
    bob.close();
    await eventually('bob offline for ana', () => ana.presence.findOne({ _id: bob.id }) === undefined);
    assert.equal(await errorCodeOf(ana.call('presence.set', { state: 'invisible' })), 'validation-error');
  });

  it('shows who is typing to other members only, without storing anything', async () => {
    const [ana, bob, eve] = [await signUp('ana'), await signUp('bob'), await signUp('eve')];
    const channelId = await ana.call<string>('channels.create', { name: `t-${Random.id(6).toLowerCase()}`, kind: 'private' });
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });
    await ana.subscribe('typing', { channelId });
    await eve.subscribe('typing', { channelId });
    await bob.call('typing.set', { channelId, typing: true });
    await eventually('ana sees bob typing', () => ana.typing.findOne({ userId: bob.id, channelId }) !== undefined);
    await bob.call('typing.set', { channelId, typing: false });
    await eventually('stops', () => ana.typing.find({}).count() === 0);
    assert.equal(await errorCodeOf(eve.call('typing.set', { channelId, typing: true })), 'chat.not-member');
    await settle();
    assert.equal(eve.typing.find({}).count(), 0);
  });
});
