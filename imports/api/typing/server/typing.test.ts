import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, eventually, settle } from '/tests/helpers/chat-test-client';
import { TYPING_TTL_MS } from '../typing-registry';

describe('typing (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  it('a member removed from a private channel stops seeing who types there, at once', async () => {
    const [ana, bob, cy] = [await signUp('ana'), await signUp('bob'), await signUp('cy')];
    const channelId = await ana.call<string>('channels.create', { name: `typing-${Random.id(6).toLowerCase()}`, kind: 'private' });
    await ana.call('channels.invite', { channelId, userIds: [bob.id, cy.id] });
    await bob.subscribe('typing', { channelId });
    await cy.call('typing.set', { channelId, typing: true });
    await eventually('bob sees cy typing', () => bob.typing.findOne({ userId: cy.id }) !== undefined);
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    await eventually('bob no longer sees cy typing', () => bob.typing.find({}).count() === 0);
    await ana.call('typing.set', { channelId, typing: true });
    await cy.call('typing.set', { channelId, typing: false });
    await cy.call('typing.set', { channelId, typing: true });
    await settle();
    assert.equal(bob.typing.find({}).count(), 0);
    // Invited back, the feed resumes.
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });
    await eventually('bob sees both typing again', () => bob.typing.find({}).count() === 2);
    await ana.call('typing.set', { channelId, typing: false });
    await cy.call('typing.set', { channelId, typing: false });
  });

  it('someone removed while typing stops showing as typing at once', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await ana.call<string>('channels.create', { name: `typing-${Random.id(6).toLowerCase()}`, kind: 'private' });
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });
    await ana.subscribe('typing', { channelId });
    await bob.call('typing.set', { channelId, typing: true });
    await eventually('ana sees bob typing', () => ana.typing.findOne({ userId: bob.id }) !== undefined);
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    // Well before the flag would lapse by itself (TYPING_TTL_MS).
    await eventually('bob no longer shows as typing', () => ana.typing.find({}).count() === 0, { timeoutMs: TYPING_TTL_MS / 2 });
  });
});
