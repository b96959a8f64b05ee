import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { MAX_PINS_PER_CHANNEL, Messages } from '../collection';
import { newMessageId } from '../message-id';

describe('pinned messages (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  async function roomWith(owner: ChatTestClient, ...members: ChatTestClient[]): Promise<string> {
    const channelId = await owner.call<string>('channels.create', { name: `pins-${Random.id(6).toLowerCase()}`, kind: 'private' });
    if (members.length > 0) await owner.call('channels.invite', { channelId, userIds: members.map((m) => m.id) });
    return channelId;
  }

  async function send(from: ChatTestClient, channelId: string, text: string): Promise<string> {
    return from.call<string>('messages.send', { _id: newMessageId(from.id), channelId, text });
  }

  it('a member pins, another sees it in the pinned list live, and unpinning withdraws it live', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await roomWith(ana, bob);
    const old = await send(ana, channelId, 'the release checklist');
    await send(ana, channelId, 'something else');
    await bob.subscribe('messages.pinned', { channelId });
    await settle();
    assert.equal(bob.messages.find({}).count(), 0, 'nothing pinned yet');
    await bob.call('messages.pin', { messageId: old, pinned: true });
    assert.equal((await Messages.findOneAsync({ _id: old }))?.pinnedBy, bob.id);
    await eventually('bob’s pinned list holds it', () => bob.messages.findOne({ _id: old })?.text === 'the release checklist');
    assert.ok(bob.messages.findOne({ _id: old })?.pinnedAt instanceof Date);
    // Pinning again changes nothing (two people clicking at once).
    const first = bob.messages.findOne({ _id: old })?.pinnedAt?.getTime();
    await ana.call('messages.pin', { messageId: old, pinned: true });
    assert.equal((await Messages.findOneAsync({ _id: old }))?.pinnedBy, bob.id);
    assert.equal((await Messages.findOneAsync({ _id: old }))?.pinnedAt?.getTime(), first);
    await ana.call('messages.pin', { messageId: old, pinned: false });
    await eventually('withdrawn from bob’s pinned list', () => bob.messages.findOne({ _id: old }) === undefined);
  });

  it('a non-member can neither pin nor read the pins; a removed member loses them live', async () => {
    const [ana, bob, eve] = [await signUp('ana'), await signUp('bob'), await signUp('eve')];
    const channelId = await roomWith(ana, bob);
    const secret = await send(ana, channelId, 'pinned secret');
    await ana.call('messages.pin', { messageId: secret, pinned: true });
    assert.equal(await errorCodeOf(eve.call('messages.pin', { messageId: secret, pinned: false })), 'chat.not-found');
    assert.equal(await errorCodeOf(eve.call('messages.pin', { messageId: Random.id(), pinned: true })), 'chat.not-found');
    await eve.subscribe('messages.pinned', { channelId });
    await bob.subscribe('messages.pinned', { channelId });
    await eventually('bob sees the pin', () => bob.messages.findOne({ _id: secret }) !== undefined);
    await settle();
    assert.equal(eve.messages.find({}).count(), 0);
    assert.ok((await Messages.findOneAsync({ _id: secret }))?.pinnedAt instanceof Date, 'eve’s unpin changed nothing');
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    await eventually('bob loses the pinned list', () => bob.messages.find({}).count() === 0);
  });

  it('refuses pins in an archived channel, past the per-channel cap, and malformed calls', async () => {
    const ana = await signUp('ana');
    const channelId = await roomWith(ana);
    const message = await send(ana, channelId, 'pin me');
    // Fill the channel to its cap directly: sending that many would meet the send rate limit.
    const at = new Date();
    for (let i = 0; i < MAX_PINS_PER_CHANNEL; i++) {
      await Messages.insertAsync({
        _id: newMessageId(ana.id),
        channelId,
        userId: ana.id,
        text: `filler ${i}`,
        createdAt: at,
        editedAt: null,
        threadId: null,
        replyCount: 0,
        lastReplyAt: null,
        reactions: [],
        mentionIds: [],
        attachment: null,
        pinnedAt: at,
        pinnedBy: ana.id,
      });
    }
    assert.equal(await errorCodeOf(ana.call('messages.pin', { messageId: message, pinned: true })), 'chat.invalid');
    await ana.call('messages.pin', { messageId: (await Messages.findOneAsync({ channelId, text: 'filler 0' }))?._id ?? '', pinned: false });
    await ana.call('messages.pin', { messageId: message, pinned: true });
    await ana.call('channels.archive', { channelId, archived: true });
    assert.equal(await errorCodeOf(ana.call('messages.pin', { messageId: message, pinned: false })), 'chat.archived');
    assert.equal(await errorCodeOf(ana.call('messages.pin', { messageId: message })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('messages.pin', { messageId: message, pinned: 'yes' })), 'validation-error');
    await assert.rejects(ana.subscribe('messages.pinned', { channelId: { $ne: null } }), (e: { error?: unknown }) => e.error === 'validation-error');
  });
});
