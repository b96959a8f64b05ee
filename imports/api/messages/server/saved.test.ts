import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { ClientCollection } from 'meteor/mongo';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { newMessageId } from '../message-id';
import { MAX_SAVED_PER_USER, SAVED_COLLECTION, SavedMessages } from '../saved-collection';
import type { SavedMessage } from '../saved-collection';

describe('saved messages (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  /** What this client's browser holds of its saved list. */
  function savedOf(client: ChatTestClient): ClientCollection<SavedMessage> {
    return new ClientCollection<SavedMessage>(SAVED_COLLECTION, { connection: client.connection, defineMutationMethods: false });
  }

  async function roomWith(owner: ChatTestClient, ...members: ChatTestClient[]): Promise<string> {
    const channelId = await owner.call<string>('channels.create', { name: `saved-${Random.id(6).toLowerCase()}`, kind: 'private' });
    if (members.length > 0) await owner.call('channels.invite', { channelId, userIds: members.map((m) => m.id) });
    return channelId;
  }

  async function send(from: ChatTestClient, channelId: string, text: string): Promise<string> {
    return from.call<string>('messages.send', { _id: newMessageId(from.id), channelId, text });
  }

  it('a member saves a message and sees it in their saved list live; no one else sees who saved it', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const anaSaved = savedOf(ana);
    const bobSaved = savedOf(bob);
    const channelId = await roomWith(ana, bob);
    const first = await send(ana, channelId, 'the deploy steps');
    const second = await send(ana, channelId, 'the rollback steps');
    await bob.subscribe('messages.saved');
    await ana.subscribe('messages.saved');
    await settle();
    assert.equal(bobSaved.find({}).count(), 0, 'nothing saved yet');
    await bob.call('messages.save', { messageId: first, saved: true });
    await bob.call('messages.save', { messageId: second, saved: true });
    await eventually(
      'bob’s saved list holds both',
      () => bobSaved.find({}).count() === 2 && bob.messages.findOne({ _id: second })?.text === 'the rollback steps',
    );
    assert.equal(bobSaved.findOne({ messageId: first })?.channelId, channelId);
    // Saving again is no error and keeps one entry.
    await bob.call('messages.save', { messageId: first, saved: true });
    assert.equal(await SavedMessages.countDocuments({ userId: bob.id }), 2);
    // An edit reaches the saved copy live.
    await ana.call('messages.edit', { messageId: first, text: 'the deploy steps, revised' });
    await eventually('the edit reaches bob’s saved copy', () => bob.messages.findOne({ _id: first })?.text === 'the deploy steps, revised');
    await settle();
    assert.equal(anaSaved.find({}).count(), 0, 'ana never learns what bob saved');
    assert.equal(ana.messages.find({}).count(), 0);
    await bob.call('messages.save', { messageId: first, saved: false });
    await eventually(
      'un-saving withdraws it live',
      () => bobSaved.find({ messageId: first }).count() === 0 && bob.messages.findOne({ _id: first }) === undefined,
    );
    assert.ok(bob.messages.findOne({ _id: second }) !== undefined, 'the other one stays');
    await bob.call('messages.save', { messageId: first, saved: false });
    // A deleted message leaves the saved list with it.
    await ana.call('messages.remove', { messageId: second });
    await eventually('the deleted message leaves bob’s saved list', () => bobSaved.find({}).count() === 0);
    assert.equal(await SavedMessages.countDocuments({ userId: bob.id }), 0);
  });

  it('a non-member cannot save; a removed member loses the saved messages live and gets them back when invited again', async () => {
    const [ana, bob, eve] = [await signUp('ana'), await signUp('bob'), await signUp('eve')];
    const bobSaved = savedOf(bob);
    const channelId = await roomWith(ana, bob);
    const secret = await send(ana, channelId, 'saved secret');
    assert.equal(await errorCodeOf(eve.call('messages.save', { messageId: secret, saved: true })), 'chat.not-found');
    assert.equal(await errorCodeOf(eve.call('messages.save', { messageId: Random.id(), saved: true })), 'chat.not-found');
    assert.equal(await SavedMessages.countDocuments({ userId: eve.id }), 0);
    await bob.call('messages.save', { messageId: secret, saved: true });
    await bob.subscribe('messages.saved');
    await eventually('bob sees his saved message', () => bob.messages.findOne({ _id: secret })?.text === 'saved secret' && bobSaved.find({}).count() === 1);
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    await eventually('bob loses it live', () => bob.messages.findOne({ _id: secret }) === undefined && bobSaved.find({}).count() === 0);
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });
    await eventually('it comes back with the membership', () => bob.messages.findOne({ _id: secret }) !== undefined && bobSaved.find({}).count() === 1);
  });

  it('refuses saves past the per-person cap and malformed calls', async () => {
    const ana = await signUp('ana');
    const channelId = await roomWith(ana);
    const message = await send(ana, channelId, 'save me');
    // Fill the list to its cap directly: saving that many would meet the rate limit.
    const at = new Date();
    for (let i = 0; i < MAX_SAVED_PER_USER; i++)
      await SavedMessages.insertAsync({ _id: Random.id(), userId: ana.id, messageId: `gone${i}`, channelId, savedAt: at });
    assert.equal(await errorCodeOf(ana.call('messages.save', { messageId: message, saved: true })), 'chat.invalid');
    await ana.call('messages.save', { messageId: 'gone0', saved: false });
    await ana.call('messages.save', { messageId: message, saved: true });
    assert.equal(await errorCodeOf(ana.call('messages.save', { messageId: message })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('messages.save', { messageId: message, saved: 'yes' })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('messages.save', { messageId: { $ne: null }, saved: true })), 'validation-error');
  });
});
